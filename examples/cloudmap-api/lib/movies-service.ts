/**
 * The movies service on Fargate, found through Cloud Map instead of a load balancer: ECS registers
 * each task in the `movies` service of the private DNS namespace with an SRV record (IP and port),
 * which is what an HTTP API private integration needs to reach it. Its security group admits nobody
 * until the stack opens it to the VPC link. Its database credentials come from Secrets Manager.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, IgnoreMode, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import { Construct } from 'constructs';

/** The repository root: the Docker build context (see the root .dockerignore), as for the bookstore's services. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface MoviesServiceProps {
  readonly cluster: ecs.ICluster;
  readonly namespace: servicediscovery.INamespace;
  /** @default 2 */
  readonly desiredCount?: number;
  /** @default 8080 */
  readonly containerPort?: number;
  /** The database credentials, a JSON secret with `username` and `password`: injected as DB_USERNAME and DB_PASSWORD. */
  readonly databaseSecret: secretsmanager.ISecret;
}

export class MoviesService extends Construct {
  readonly service: ecs.FargateService;
  readonly securityGroup: ec2.SecurityGroup;
  /** The Cloud Map service the tasks register in: what the HTTP API integrates with. */
  readonly cloudMapService: servicediscovery.IService;
  readonly containerPort: number;

  constructor(scope: Construct, id: string, props: MoviesServiceProps) {
    super(scope, id);
    this.containerPort = props.containerPort ?? 8080;
    const taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      cpu: 256,
      memoryLimitMiB: 512,
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.ARM64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    });
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_WEEK, removalPolicy: RemovalPolicy.DESTROY });
    taskDefinition.addContainer('movies', {
      image: ecs.ContainerImage.fromAsset(REPO_ROOT, {
        // The repository's one Dockerfile for its TypeScript services, told which one by build args.
        file: 'docker/node-service.Dockerfile',
        buildArgs: { SERVICE_PACKAGE: '@gatelink/cloudmap-api-example', PACKAGE_DIR: 'examples/cloudmap-api', SERVICE_DIR: 'examples/cloudmap-api/service' },
        platform: Platform.LINUX_ARM64,
        ignoreMode: IgnoreMode.DOCKER,
      }),
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: 'movies' }),
      environment: { PORT: String(this.containerPort) },
      // ECS fetches the secret when a task starts (the execution role may read this one secret) and
      // sets each JSON field as an environment variable; the value never appears in the template.
      secrets: {
        DB_USERNAME: ecs.Secret.fromSecretsManager(props.databaseSecret, 'username'),
        DB_PASSWORD: ecs.Secret.fromSecretsManager(props.databaseSecret, 'password'),
      },
      portMappings: [{ containerPort: this.containerPort, name: 'http' }],
      readonlyRootFilesystem: true,
      stopTimeout: Duration.seconds(30),
    });
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.cluster.vpc,
      description: 'movies tasks: admits only the HTTP API VPC link on the container port',
      allowAllOutbound: true,
    });
    this.service = new ecs.FargateService(this, 'MoviesService', {
      cluster: props.cluster,
      taskDefinition,
      desiredCount: props.desiredCount ?? 2,
      assignPublicIp: false,
      securityGroups: [this.securityGroup],
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      cloudMapOptions: {
        name: 'movies',
        cloudMapNamespace: props.namespace,
        // API Gateway reads only SRV records from Cloud Map: they carry each task's port.
        dnsRecordType: servicediscovery.DnsRecordType.SRV,
        dnsTtl: Duration.seconds(10),
        container: taskDefinition.defaultContainer,
        containerPort: this.containerPort,
      },
      circuitBreaker: { enable: true, rollback: true },
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
    });
    const cloudMapService = this.service.cloudMapService;
    // Always set when cloudMapOptions is given; the check keeps the type honest.
    if (!cloudMapService) throw new Error(`${this.node.path}: the Fargate service has no Cloud Map service`);
    this.cloudMapService = cloudMapService;
  }
}
