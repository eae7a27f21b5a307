/**
 * The two Fargate services of seed 003 on different container ports: the blog (Python 3, standard
 * library only, its own Dockerfile) and the webpage (TypeScript on fastify, the repository's shared
 * Node Dockerfile told which service by build args). Each task admits nothing until the stack opens
 * its port to its load balancer, may only reach HTTPS (image pulls, logs), runs non-root on a
 * read-only root filesystem, and has a container health check on /health. Neither task role is
 * given any permission: the services call no AWS API.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, IgnoreMode, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ServiceConfig } from './config.js';

const EXAMPLE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The repository root: the Docker build context of the shared Node Dockerfile (see the root .dockerignore). */
export const REPO_ROOT = path.resolve(EXAMPLE_DIR, '..', '..');

export type ServiceName = 'blog' | 'webpage';

export interface ProxiedServiceProps {
  readonly cluster: ecs.ICluster;
  readonly name: ServiceName;
  readonly config: ServiceConfig;
}

function imageOf(name: ServiceName): ecs.ContainerImage {
  if (name === 'blog') return ecs.ContainerImage.fromAsset(path.join(EXAMPLE_DIR, 'blog-service'), { platform: Platform.LINUX_ARM64 });
  return ecs.ContainerImage.fromAsset(REPO_ROOT, {
    file: 'docker/node-service.Dockerfile',
    buildArgs: { SERVICE_PACKAGE: '@gatelink/rest-proxy-example', PACKAGE_DIR: 'examples/rest-proxy', SERVICE_DIR: 'examples/rest-proxy/webpage-service' },
    platform: Platform.LINUX_ARM64,
    ignoreMode: IgnoreMode.DOCKER,
  });
}

/** The container health check: GET /health on the container port, with the image's own runtime. */
function healthCommand(name: ServiceName, port: number): string {
  if (name === 'blog') return `python3 -c "import urllib.request; urllib.request.urlopen('http://localhost:${port}/health', timeout=2)" || exit 1`;
  return `node -e "fetch('http://localhost:${port}/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"`;
}

export class ProxiedService extends Construct {
  readonly service: ecs.FargateService;
  readonly securityGroup: ec2.SecurityGroup;
  readonly containerPort: number;

  constructor(scope: Construct, id: string, props: ProxiedServiceProps) {
    super(scope, id);
    const { name, config } = props;
    this.containerPort = config.containerPort;
    const taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      cpu: 256,
      memoryLimitMiB: 512,
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.ARM64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    });
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_WEEK, removalPolicy: RemovalPolicy.DESTROY });
    taskDefinition.addContainer(name, {
      image: imageOf(name),
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: name }),
      environment: { PORT: String(config.containerPort) },
      portMappings: [{ containerPort: config.containerPort, name: 'http' }],
      readonlyRootFilesystem: true,
      healthCheck: { command: ['CMD-SHELL', healthCommand(name, config.containerPort)], interval: Duration.seconds(10), timeout: Duration.seconds(5), retries: 3, startPeriod: Duration.seconds(10) },
      // SIGTERM, then this long to finish in-flight requests, then SIGKILL.
      stopTimeout: Duration.seconds(30),
    });
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.cluster.vpc,
      description: `${name} tasks: ingress only from their load balancer; egress HTTPS only (image pulls, logs)`,
      allowAllOutbound: false,
    });
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to ECR, S3 (image layers) and CloudWatch Logs');
    this.service = new ecs.FargateService(this, 'Service', {
      cluster: props.cluster,
      taskDefinition,
      desiredCount: config.desiredCount,
      assignPublicIp: false,
      securityGroups: [this.securityGroup],
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      circuitBreaker: { enable: true, rollback: true },
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      healthCheckGracePeriod: Duration.seconds(30),
    });
  }
}
