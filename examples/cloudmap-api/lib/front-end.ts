/**
 * The movies front end: a Fargate service in its own ECS cluster, serving the built single-page app
 * behind an internet-facing ALB. The page calls the HTTP API from the browser, so the front end's
 * tasks need no network path to the API at all: they admit only the ALB and may only send HTTPS out
 * (image pulls, logs). The ALB admits anyone on port 80, and may only reach the tasks.
 */
import { Duration, IgnoreMode, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { REPO_ROOT } from './movies-service.js';

export interface FrontEndProps {
  readonly vpc: ec2.IVpc;
  /** The HTTP API's base URL: the page reads it from the task's API_URL (served as /config.json). */
  readonly apiUrl: string;
  /** @default 1 */
  readonly desiredCount?: number;
  /** @default 8080 */
  readonly containerPort?: number;
}

export class FrontEnd extends Construct {
  readonly cluster: ecs.Cluster;
  readonly service: ecs.FargateService;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly loadBalancerSecurityGroup: ec2.SecurityGroup;
  readonly securityGroup: ec2.SecurityGroup;
  /** `http://<the ALB's DNS name>`: the origin the browser sends, which the HTTP API's CORS admits. */
  readonly origin: string;

  constructor(scope: Construct, id: string, props: FrontEndProps) {
    super(scope, id);
    const containerPort = props.containerPort ?? 8080;
    // A cluster of its own, as in seed 004: the front end deploys and scales apart from the API.
    this.cluster = new ecs.Cluster(this, 'Cluster', { vpc: props.vpc });
    const taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      cpu: 256,
      memoryLimitMiB: 512,
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.ARM64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    });
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_WEEK, removalPolicy: RemovalPolicy.DESTROY });
    taskDefinition.addContainer('frontend', {
      image: ecs.ContainerImage.fromAsset(REPO_ROOT, {
        // Its own Dockerfile: the image also builds the page with Vite.
        file: 'examples/cloudmap-api/frontend/Dockerfile',
        platform: Platform.LINUX_ARM64,
        ignoreMode: IgnoreMode.DOCKER,
      }),
      logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: 'frontend' }),
      environment: { PORT: String(containerPort), API_URL: props.apiUrl },
      portMappings: [{ containerPort, name: 'http' }],
      readonlyRootFilesystem: true,
      stopTimeout: Duration.seconds(30),
    });

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'movies front end tasks: admit only the ALB; HTTPS out only (image pulls, logs)',
      allowAllOutbound: false,
    });
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to ECR, S3 and CloudWatch Logs through the NAT');
    this.service = new ecs.FargateService(this, 'Service', {
      cluster: this.cluster,
      taskDefinition,
      desiredCount: props.desiredCount ?? 1,
      assignPublicIp: false,
      securityGroups: [this.securityGroup],
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      circuitBreaker: { enable: true, rollback: true },
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
    });

    this.loadBalancerSecurityGroup = new ec2.SecurityGroup(this, 'LoadBalancerSecurityGroup', {
      vpc: props.vpc,
      description: 'movies front end ALB: HTTP from anywhere; may only reach the front end tasks',
      allowAllOutbound: false,
    });
    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: props.vpc,
      internetFacing: true,
      securityGroup: this.loadBalancerSecurityGroup,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      dropInvalidHeaderFields: true,
    });
    // `open: true`: 0.0.0.0/0 on port 80, the only ingress rule of the ALB's security group.
    const listener = this.loadBalancer.addListener('Http', { port: 80, protocol: elbv2.ApplicationProtocol.HTTP, open: true });
    // Also opens the ALB group's egress and the tasks' ingress, on the container port only.
    listener.addTargets('FrontEnd', {
      port: containerPort,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [this.service],
      healthCheck: { path: '/health', interval: Duration.seconds(10), healthyThresholdCount: 2 },
      deregistrationDelay: Duration.seconds(10),
    });
    this.origin = `http://${this.loadBalancer.loadBalancerDnsName}`;
  }
}
