/** Security groups (with standalone ingress/egress rules attached), subnets and VPC links. */
import type { SecurityGroupPlan, SecurityGroupRule, SubnetPlan, VpcLinkPlan } from './types.js';
import type { ResolvedAssembly, ResolvedResource } from './resources.js';
import { list, num, record, refId, str } from './values.js';

const PROTOCOLS: Record<string, string> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '-1': '-1' };

function rule(resolved: ResolvedAssembly, raw: Record<string, unknown>, declaredBy: string, peerKey: 'SourceSecurityGroupId' | 'DestinationSecurityGroupId'): SecurityGroupRule {
  const protocol = str(raw.IpProtocol, '-1').toLowerCase();
  const all = protocol === '-1' || protocol === 'all';
  const peer = raw[peerKey];
  return {
    ipProtocol: PROTOCOLS[protocol] ?? protocol,
    fromPort: all ? 0 : num(raw.FromPort, 0),
    toPort: all ? 65_535 : num(raw.ToPort, 65_535),
    ...(raw.CidrIp !== undefined ? { cidrIp: str(raw.CidrIp) } : {}),
    ...(raw.CidrIpv6 !== undefined ? { cidrIpv6: str(raw.CidrIpv6) } : {}),
    ...(peer !== undefined ? { sourceSecurityGroupId: refId(resolved, peer) } : {}),
    ...(raw.Description !== undefined ? { description: str(raw.Description) } : {}),
    declaredBy,
  };
}

export function extractSecurityGroups(resolved: ResolvedAssembly): SecurityGroupPlan[] {
  const groups = new Map<string, { plan: SecurityGroupPlan; ingress: SecurityGroupRule[]; egress: SecurityGroupRule[] }>();
  for (const group of resolved.ofType('AWS::EC2::SecurityGroup')) {
    const ingress = list(group.props.SecurityGroupIngress).map((raw) => rule(resolved, record(raw), group.id, 'SourceSecurityGroupId'));
    const declaredEgress = list(group.props.SecurityGroupEgress).map((raw) => rule(resolved, record(raw), group.id, 'DestinationSecurityGroupId'));
    // A group declared without egress rules gets AWS's default: all traffic out.
    const egress = group.props.SecurityGroupEgress === undefined ? [{ ipProtocol: '-1', fromPort: 0, toPort: 65_535, cidrIp: '0.0.0.0/0', declaredBy: group.id }] : declaredEgress;
    groups.set(group.id, { plan: { id: group.id, physicalId: group.physicalId, description: str(group.props.GroupDescription), ingress, egress }, ingress, egress });
  }
  attachStandalone(resolved, groups, 'AWS::EC2::SecurityGroupIngress', 'ingress', 'SourceSecurityGroupId');
  attachStandalone(resolved, groups, 'AWS::EC2::SecurityGroupEgress', 'egress', 'DestinationSecurityGroupId');
  return [...groups.values()].map((entry) => ({ ...entry.plan, ingress: entry.ingress, egress: dropDefaultEgressIfRestricted(entry.egress) }));
}

function attachStandalone(
  resolved: ResolvedAssembly,
  groups: Map<string, { ingress: SecurityGroupRule[]; egress: SecurityGroupRule[] }>,
  type: string,
  direction: 'ingress' | 'egress',
  peerKey: 'SourceSecurityGroupId' | 'DestinationSecurityGroupId',
): void {
  for (const resource of resolved.ofType(type)) {
    const group = groups.get(refId(resolved, resource.props.GroupId));
    group?.[direction].push(rule(resolved, resource.props, resource.id, peerKey));
  }
}

/** CDK declares a "disallow all" placeholder (255.255.255.255/32, icmp 252-86) for closed egress. */
function dropDefaultEgressIfRestricted(egress: SecurityGroupRule[]): SecurityGroupRule[] {
  return egress.filter((r) => r.cidrIp !== '255.255.255.255/32');
}

export function extractSubnets(resolved: ResolvedAssembly): SubnetPlan[] {
  return resolved.ofType('AWS::EC2::Subnet').map((subnet: ResolvedResource) => ({
    id: subnet.id,
    physicalId: subnet.physicalId,
    cidrBlock: str(subnet.props.CidrBlock, '10.0.0.0/24'),
    availabilityZone: str(subnet.props.AvailabilityZone),
  }));
}

export function extractVpcLinks(resolved: ResolvedAssembly): VpcLinkPlan[] {
  return resolved.ofType('AWS::ApiGatewayV2::VpcLink').map((link) => ({
    id: link.id,
    physicalId: link.physicalId,
    name: str(link.props.Name, link.logicalId),
    subnetIds: list(link.props.SubnetIds).map((subnet) => refId(resolved, subnet)),
    securityGroupIds: list(link.props.SecurityGroupIds).map((group) => refId(resolved, group)),
  }));
}
