/** Words for a blocked hop: which group lacks which rule, and how to add it in CDK and CloudFormation. */
import type { NetworkEndpoint } from '../elb/network-check.js';
import type { SecurityGroupPlan } from '../plan/types.js';

const label = (group: SecurityGroupPlan | undefined, fallback: string): string => (group ? `${group.id} (${group.physicalId})` : fallback);
const logicalId = (group: SecurityGroupPlan | undefined): string => group?.id.split('/').pop() ?? '<group>';

export function explainMissing(
  direction: 'ingress' | 'egress',
  ownGroups: readonly SecurityGroupPlan[],
  peerGroups: readonly SecurityGroupPlan[],
  own: NetworkEndpoint,
  peer: NetworkEndpoint,
  port = (peer as { port?: number }).port ?? 0,
): { explanation: string; fix: string } {
  const group = ownGroups[0];
  const peerGroup = peerGroups[0];
  const peerLabel = label(peerGroup, peer.description);
  if (direction === 'ingress') {
    return {
      explanation: `security group ${label(group, own.description)} of ${own.description} has no ingress rule admitting ${peerLabel} on tcp/${port}, so ${peer.description} cannot connect`,
      fix: `in CDK: \`<destination>.connections.allowFrom(<source>, ec2.Port.tcp(${port}))\` (for an ECS service behind a load balancer, listener.addTargets/service.registerLoadBalancerTargets add it); in CloudFormation: an AWS::EC2::SecurityGroupIngress with GroupId {"Fn::GetAtt": ["${logicalId(group)}", "GroupId"]}, SourceSecurityGroupId {"Fn::GetAtt": ["${logicalId(peerGroup)}", "GroupId"]}, IpProtocol tcp, FromPort ${port}, ToPort ${port}`,
    };
  }
  return {
    explanation: `security group ${label(group, own.description)} of ${own.description} has no egress rule allowing tcp/${port} to ${peerLabel}`,
    fix: `in CDK: \`<${own.description}>.connections.allowTo(<${peer.description}>, ec2.Port.tcp(${port}))\` (or allowAllOutbound: true); in CloudFormation: an AWS::EC2::SecurityGroupEgress with GroupId {"Fn::GetAtt": ["${logicalId(group)}", "GroupId"]}, DestinationSecurityGroupId {"Fn::GetAtt": ["${logicalId(peerGroup)}", "GroupId"]}, IpProtocol tcp, FromPort ${port}, ToPort ${port}`,
  };
}
