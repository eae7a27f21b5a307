/**
 * The producer VPC: 2 public and 2 private subnets over 2 AZs. Egress for image pulls and logs goes
 * through ONE NAT instance by default (t4g.nano, ~$7/month with its IPv4 address, vs ~$66 for two NAT
 * gateways); DynamoDB and S3 use free gateway endpoints, so the serving path never depends on NAT.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface NetworkProps {
  readonly natGatewayPerAz: boolean;
}

export class Network extends Construct {
  readonly vpc: ec2.Vpc;
  readonly natInstanceProvider?: ec2.NatInstanceProviderV2;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const natInstance = props.natGatewayPerAz
      ? undefined
      : ec2.NatProvider.instanceV2({
          instanceType: new ec2.InstanceType('t4g.nano'),
          machineImage: ec2.MachineImage.latestAmazonLinux2023({ cpuType: ec2.AmazonLinuxCpuType.ARM_64 }),
          // No inbound from the internet: only the VPC may send traffic through it (added below).
          defaultAllowedTraffic: ec2.NatTrafficDirection.OUTBOUND_ONLY,
          associatePublicIpAddress: true,
        });
    this.natInstanceProvider = natInstance;
    this.vpc = new ec2.Vpc(scope, 'ProducerVPC', {
      maxAzs: 2,
      natGateways: props.natGatewayPerAz ? 2 : 1,
      natGatewayProvider: natInstance ?? ec2.NatProvider.gateway(),
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
      ],
      gatewayEndpoints: {
        DynamoDB: { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB },
        S3: { service: ec2.GatewayVpcEndpointAwsService.S3 },
      },
    });
    natInstance?.connections.allowFrom(ec2.Peer.ipv4(this.vpc.vpcCidrBlock), ec2.Port.allTraffic(), 'NAT for the private subnets');
    const flowLogs = new logs.LogGroup(this, 'FlowLogs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs),
      // Rejected connections are what explains a broken hop; accepted traffic would only cost money.
      trafficType: ec2.FlowLogTrafficType.REJECT,
      maxAggregationInterval: ec2.FlowLogMaxAggregationInterval.TEN_MINUTES,
    });
  }
}
