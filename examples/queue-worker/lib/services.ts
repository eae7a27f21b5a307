/**
 * The two Fargate services of seed 002: api-service behind the ALB, and processing-service, a worker
 * with no load balancer and no Cloud Map that long-polls the queue. Each has its own task role with
 * only what it uses (read the table / consume the queue and write the table).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, IgnoreMode, RemovalPolicy } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** The repository root: the Docker build context (see the root .dockerignore), as for the bookstore's services. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface QueueWorkerServiceProps {
  readonly cluster: ecs.ICluster;
  /** `api-service` or `processing-service`: its folder under examples/queue-worker. */
  readonly name: 'api-service' | 'processing-service';
  readonly desiredCount: number;
  readonly environment: Record<string, string>;
  readonly containerPort?: number;
}

export class QueueWorkerService extends Construct {
  readonly service: ecs.FargateService;
  readonly securityGroup: ec2.SecurityGroup;
  readonly taskDefinition: ecs.FargateTaskDefinition;

  constructor(scope: Construct, id: string, props: QueueWorkerServiceProps) {
    super(scope, id);
    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      cpu: 256,
      memoryLimitMiB: 512,
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.ARM64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    });
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_WEEK, removalPolicy: RemovalPolicy.DESTROY });
    this.taskDefinition.addContainer(props.name, {
      image: ecs.ContainerImage.fromAsset(REPO_ROOT, {
        file: 'docker/node-service.Dockerfile',
        buildArgs: { SERVICE_PACKAGE: '@gatelink/queue-worker-example', PACKAGE_DIR: 'examples/queue-worker', SERVICE_DIR: `examples/queue-worker/${props.name}` },
        platform: Platform.LINUX_ARM64,
        ignoreMode: IgnoreMode.DOCKER,
      }),
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: props.name }),
      environment: props.environment,
      ...(props.containerPort ? { portMappings: [{ containerPort: props.containerPort, name: 'http' }] } : {}),
      readonlyRootFilesystem: true,
      // SIGTERM, then this long to finish in-flight requests / the messages in hand, then SIGKILL.
      stopTimeout: Duration.seconds(30),
    });
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.cluster.vpc,
      description: `${props.name} tasks: no ingress unless the stack opens it; egress HTTPS to AWS APIs only`,
      allowAllOutbound: false,
    });
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to SQS, DynamoDB, ECR and CloudWatch Logs');
    this.service = new ecs.FargateService(this, 'Service', {
      cluster: props.cluster,
      taskDefinition: this.taskDefinition,
      desiredCount: props.desiredCount,
      assignPublicIp: false,
      securityGroups: [this.securityGroup],
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      circuitBreaker: { enable: true, rollback: true },
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
    });
  }

  grantTable(table: dynamodb.ITable, access: 'read' | 'write'): void {
    if (access === 'read') table.grantReadData(this.taskDefinition.taskRole);
    else table.grantWriteData(this.taskDefinition.taskRole);
  }

  grantConsume(queue: sqs.IQueue): void {
    queue.grantConsumeMessages(this.taskDefinition.taskRole);
  }
}
