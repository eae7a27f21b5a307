/**
 * MoviesApiStack: seed 004's shape, with no load balancer anywhere. HTTP API → VPC link → Cloud Map
 * service (SRV records in a private DNS namespace) → Fargate tasks. API Gateway calls
 * DiscoverInstances, picks a healthy task and connects over the VPC link to the task's IP and port,
 * so the only network rule that matters is: the VPC link's security group may reach the tasks' on the
 * container port, and nothing else may.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-private.html
 */
import { CfnOutput, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpServiceDiscoveryIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as servicediscovery from 'aws-cdk-lib/aws-servicediscovery';
import type { Construct } from 'constructs';
import { MoviesService } from './movies-service.js';

export interface MoviesApiStackProps extends StackProps {
  /** @default 2 */
  readonly desiredCount?: number;
}

export class MoviesApiStack extends Stack {
  readonly api: apigwv2.HttpApi;
  readonly movies: MoviesService;
  readonly vpcLinkSecurityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: MoviesApiStackProps = {}) {
    super(scope, id, props);
    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      // One NAT gateway for image pulls and logs: enough for an example.
      natGateways: 1,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
      ],
    });
    const cluster = new ecs.Cluster(this, 'Cluster', { vpc });
    const namespace = new servicediscovery.PrivateDnsNamespace(this, 'Namespace', { name: 'movies.local', vpc, description: 'Private namespace of the movies service' });
    this.movies = new MoviesService(this, 'Movies', { cluster, namespace, desiredCount: props.desiredCount ?? 2 });

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

    const integration = new HttpServiceDiscoveryIntegration('MoviesIntegration', this.movies.cloudMapService, { vpcLink });
    this.api = new apigwv2.HttpApi(this, 'HttpApi', { description: 'Movies HTTP API: a Cloud Map private integration, no load balancer' });
    this.api.addRoutes({ path: '/movies', methods: [apigwv2.HttpMethod.GET, apigwv2.HttpMethod.POST], integration });
    this.api.addRoutes({ path: '/movies/{id}', methods: [apigwv2.HttpMethod.GET], integration });
    new CfnOutput(this, 'HttpApiUrl', { value: this.api.apiEndpoint, description: 'curl -s $URL/movies' });
  }
}
