/**
 * One microservice of the bookstore on Fargate: its table, a least-privilege task role that can touch
 * only that table, an ARM64 task definition (256 CPU / 512 MiB) whose image is built from the
 * service's folder at deploy time, and a service of `desiredCount` tasks registered in Cloud Map,
 * with a deployment circuit breaker that rolls back and CPU target tracking.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, IgnoreMode, RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import { Construct } from 'constructs';

/** The repository root: the Docker build context of both services (see the root .dockerignore). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface MicroserviceProps {
  /** `book` → service `bookService`, folder `services/book-service`, path `/api/books`. */
  readonly name: 'book' | 'author';
  readonly cluster: ecs.ICluster;
  readonly namespace: servicediscovery.INamespace;
  readonly desiredCount: number;
  readonly maxCount: number;
  readonly containerPort: number;
}

export class Microservice extends Construct {
  readonly service: ecs.FargateService;
  readonly table: dynamodb.Table;
  readonly securityGroup: ec2.SecurityGroup;
  readonly containerName: string;

  constructor(scope: Construct, id: string, props: MicroserviceProps) {
    super(scope, id);
    const { name } = props;
    const resource = `${name}s`;
    this.table = new dynamodb.Table(scope, `${name}sTable`, {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.NUMBER },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const logGroup = new logs.LogGroup(scope, `${name}ServiceLogGroup`, {
      logGroupName: `/ecs/${capitalize(name)}Service`,
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const taskDefinition = new ecs.FargateTaskDefinition(scope, `${name}ServiceTaskDef`, {
      cpu: 256,
      memoryLimitMiB: 512,
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.ARM64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    });
    this.table.grantReadWriteData(taskDefinition.taskRole);
    this.containerName = `${name}ServiceContainer`;
    taskDefinition.addContainer(this.containerName, {
      image: ecs.ContainerImage.fromAsset(REPO_ROOT, {
        file: 'docker/node-service.Dockerfile',
        buildArgs: { SERVICE_PACKAGE: `@gatelink/${name}-service`, PACKAGE_DIR: `services/${name}-service`, SERVICE_DIR: `services/${name}-service` },
        platform: Platform.LINUX_ARM64,
        ignoreMode: IgnoreMode.DOCKER,
      }),
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: `${capitalize(name)}Service` }),
      environment: { PORT: String(props.containerPort), [`${resource.toUpperCase()}_TABLE`]: this.table.tableName },
      portMappings: [{ containerPort: props.containerPort, name: 'http' }],
      readonlyRootFilesystem: true,
      user: 'node',
      // Longer than the target group's deregistration delay, so draining always finishes first.
      stopTimeout: Duration.seconds(45),
    });
    this.securityGroup = new ec2.SecurityGroup(scope, `${name}ServiceSecurityGroup`, {
      vpc: props.cluster.vpc,
      description: `${name}-service tasks: admits only the internal ALB on the container port`,
      allowAllOutbound: true,
    });
    this.service = new ecs.FargateService(scope, `${name}Service`, {
      cluster: props.cluster,
      taskDefinition,
      desiredCount: props.desiredCount,
      assignPublicIp: false,
      securityGroups: [this.securityGroup],
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      cloudMapOptions: {
        name: `${name}Service`,
        cloudMapNamespace: props.namespace,
        // SRV records carry the port: what an HTTP API Cloud Map integration needs.
        dnsRecordType: servicediscovery.DnsRecordType.SRV,
        container: taskDefinition.defaultContainer,
        containerPort: props.containerPort,
      },
      circuitBreaker: { enable: true, rollback: true },
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      healthCheckGracePeriod: Duration.seconds(30),
    });
    const scaling = this.service.autoScaleTaskCount({ minCapacity: props.desiredCount, maxCapacity: props.maxCount });
    scaling.scaleOnCpuUtilization('CpuTracking', { targetUtilizationPercent: 60, scaleInCooldown: Duration.seconds(120), scaleOutCooldown: Duration.seconds(60) });
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
