/**
 * The movies VPC: 2 public subnets (the front end's ALB, the NAT) and 2 private ones (every task)
 * over 2 AZs. Egress for image pulls, logs and Secrets Manager goes through ONE NAT instance
 * (t4g.nano, ~$4/month plus its public IPv4 address) instead of a NAT gateway (~$33/month plus data).
 * S3 (image layers) uses a free gateway endpoint. Rejected flows are logged: they explain a blocked hop.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export class MoviesNetwork extends Construct {
  readonly vpc: ec2.Vpc;
  readonly natInstanceProvider: ec2.NatInstanceProviderV2;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.natInstanceProvider = ec2.NatProvider.instanceV2({
      instanceType: new ec2.InstanceType('t4g.nano'),
      machineImage: ec2.MachineImage.latestAmazonLinux2023({ cpuType: ec2.AmazonLinuxCpuType.ARM_64 }),
      // No inbound from the internet: only the VPC may send traffic through it (added below).
      defaultAllowedTraffic: ec2.NatTrafficDirection.OUTBOUND_ONLY,
      associatePublicIpAddress: true,
    });
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 1,
      natGatewayProvider: this.natInstanceProvider,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
      ],
      gatewayEndpoints: { S3: { service: ec2.GatewayVpcEndpointAwsService.S3 } },
    });
    this.natInstanceProvider.connections.allowFrom(ec2.Peer.ipv4(this.vpc.vpcCidrBlock), ec2.Port.allTraffic(), 'NAT for the private subnets');
    const flowLogs = new logs.LogGroup(this, 'FlowLogs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs),
      trafficType: ec2.FlowLogTrafficType.REJECT,
      maxAggregationInterval: ec2.FlowLogMaxAggregationInterval.TEN_MINUTES,
    });
  }
}
