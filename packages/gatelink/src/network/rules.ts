/**
 * Security-group rule matching as AWS evaluates it: a connection needs an egress rule of a source
 * group AND an ingress rule of a destination group; a rule matches by protocol (-1 or tcp), port
 * range, and peer (a referenced group the other side belongs to, or a CIDR containing its address).
 * Groups are stateful, so replies are always allowed.
 * https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
 */
import { cidrContains } from '../plan/cidr.js';
import type { SecurityGroupPlan, SecurityGroupRule } from '../plan/types.js';

export interface Peer {
  readonly securityGroupIds: readonly string[];
  readonly ip?: string;
}

export function ruleMatches(rule: SecurityGroupRule, peer: Peer, port: number): boolean {
  const protocolOk = rule.ipProtocol === '-1' || rule.ipProtocol === 'tcp';
  const portOk = rule.ipProtocol === '-1' || (port >= rule.fromPort && port <= rule.toPort);
  if (!protocolOk || !portOk) return false;
  if (rule.sourceSecurityGroupId !== undefined) return peer.securityGroupIds.includes(rule.sourceSecurityGroupId);
  // 0.0.0.0/0 is every address, known or not; narrower blocks need the peer's address.
  if (rule.cidrIp !== undefined) return rule.cidrIp === '0.0.0.0/0' || (peer.ip !== undefined && safeContains(rule.cidrIp, peer.ip));
  // An IPv6-only rule never matches: local addresses are IPv4.
  return false;
}

function safeContains(cidr: string, ip: string): boolean {
  try {
    return cidrContains(cidr, ip);
  } catch {
    return false;
  }
}

/** The first rule of `groups` in `direction` admitting `peer` on `port`, or undefined. */
export function admittingRule(groups: readonly SecurityGroupPlan[], direction: 'ingress' | 'egress', peer: Peer, port: number): SecurityGroupRule | undefined {
  for (const group of groups) {
    const rule = group[direction].find((candidate) => ruleMatches(candidate, peer, port));
    if (rule) return rule;
  }
  return undefined;
}
