/**
 * MoviesApiStack: seed 004's whole system in one stack.
 * - The API: HTTP API → VPC link → Cloud Map service (SRV records in a private DNS namespace) →
 *   Fargate tasks of the movies service in the API cluster, no load balancer. API Gateway calls
 *   DiscoverInstances, picks a healthy task and connects over the VPC link to its IP and port, so the
 *   only rule on that path: the VPC link's security group may reach the tasks on the container port.
 *   https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-private.html
 * - The movies service's database credentials: a Secrets Manager secret CloudFormation generates,
 *   injected into the tasks as container secrets.
 * - The front end: a second cluster, its service behind an internet-facing ALB; the browser calls
 *   the HTTP API, whose CORS configuration admits the front end's origin only.
 */
import { CfnOutput, Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpServiceDiscoveryIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import type { Construct } from 'constructs';
import { FrontEnd } from './front-end.js';
import { MoviesService } from './movies-service.js';
import { MoviesNetwork } from './network.js';

export interface MoviesApiStackProps extends StackProps {
  /** Tasks of the movies service. @default 2 */
  readonly desiredCount?: number;
  /** Tasks of the front end. @default 1 */
  readonly frontEndDesiredCount?: number;
}

export class MoviesApiStack extends Stack {
  readonly network: MoviesNetwork;
  readonly api: apigwv2.HttpApi;
  readonly movies: MoviesService;
  readonly frontEnd: FrontEnd;
  readonly databaseSecret: secretsmanager.Secret;
  readonly vpcLinkSecurityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: MoviesApiStackProps = {}) {
    super(scope, id, props);
    this.network = new MoviesNetwork(this, 'Network');
    const { vpc } = this.network;
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc });
    const namespace = new servicediscovery.PrivateDnsNamespace(this, 'Namespace', { name: 'movies.local', vpc, description: 'Private namespace of the movies service' });
    this.databaseSecret = new secretsmanager.Secret(this, 'DatabaseSecret', {
      description: 'movies service database credentials',
      // CloudFormation generates the password at deploy time: it is in no template and no repository.
      generateSecretString: { secretStringTemplate: JSON.stringify({ username: 'movies' }), generateStringKey: 'password', passwordLength: 32, excludePunctuation: true },
    });
    this.movies = new MoviesService(this, 'Movies', { cluster, namespace, desiredCount: props.desiredCount ?? 2, databaseSecret: this.databaseSecret });

    this.vpcLinkSecurityGroup = new ec2.SecurityGroup(this, 'VpcLinkSecurityGroup', {
      vpc,
      description: 'HTTP API VPC link ENIs: may only reach the movies tasks',
      allowAllOutbound: false,
    });
    // Both sides at once: task ingress from the link, link egress to the tasks, on the container port only.
    this.movies.service.connections.allowFrom(this.vpcLinkSecurityGroup, ec2.Port.tcp(this.movies.containerPort), 'HTTP API VPC link to the movies tasks');
    const vpcLink = new apigwv2.VpcLink(this, 'VpcLink', {
      vpc,
      subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [this.vpcLinkSecurityGroup],
    });

    // The API's URL reaches the front end's tasks as API_URL (resolved at deploy time, no rebuild of
    // the page); the front end's ALB DNS name is the one origin the API's CORS admits.
    this.frontEnd = new FrontEnd(this, 'FrontEnd', { vpc, apiUrl: Lazy.string({ produce: () => `${this.api.apiEndpoint}/` }), desiredCount: props.frontEndDesiredCount ?? 1 });
    this.api = new apigwv2.HttpApi(this, 'HttpApi', {
      description: 'Movies HTTP API: a Cloud Map private integration, no load balancer',
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [this.frontEnd.origin],
        allowMethods: [apigwv2.CorsHttpMethod.GET, apigwv2.CorsHttpMethod.POST],
        allowHeaders: ['content-type'],
        maxAge: Duration.hours(1),
      },
    });
    const accessLogs = new logs.LogGroup(this, 'HttpApiAccessLogs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      // The default format: request id, source IP, route, status, integration error.
      accessLogSettings: { destination: new apigwv2.LogGroupLogDestination(accessLogs) },
    });

    const integration = new HttpServiceDiscoveryIntegration('MoviesIntegration', this.movies.cloudMapService, { vpcLink });
    this.api.addRoutes({ path: '/movies', methods: [apigwv2.HttpMethod.GET, apigwv2.HttpMethod.POST], integration });
    this.api.addRoutes({ path: '/movies/{id}', methods: [apigwv2.HttpMethod.GET], integration });
    this.api.addRoutes({ path: '/diagnostics', methods: [apigwv2.HttpMethod.GET], integration });
    new CfnOutput(this, 'HttpApiUrl', { value: this.api.apiEndpoint, description: 'curl -s $URL/movies' });
    new CfnOutput(this, 'FrontEndUrl', { value: this.frontEnd.origin, description: 'open it in a browser' });
  }
}
