/**
 * The network of a plan: every network interface (VPC link, load balancer, task) gets a private
 * address inside its subnet, and `canConnect` answers whether the security groups let a connection
 * through — with, when they don't, the exact rule that is missing and how to add it.
 */
import { createHash } from 'node:crypto';
import { numberToIpv4, parseCidr } from '../plan/cidr.js';
import type { Plan, SecurityGroupPlan } from '../plan/types.js';
import type { NetworkCheck, NetworkDestination, NetworkEndpoint, NetworkVerdict } from '../elb/network-check.js';
import { admittingRule } from './rules.js';
import { explainMissing } from './explain.js';

export class NetworkModel implements NetworkCheck {
  private readonly groups: Map<string, SecurityGroupPlan>;
  private readonly subnetsBySecurityGroups = new Map<string, readonly string[]>();
  private readonly verdicts = new Map<string, NetworkVerdict>();
  private readonly addresses = new Map<string, string | undefined>();

  constructor(private readonly plan: Plan) {
    this.groups = new Map(plan.securityGroups.map((group) => [group.id, group]));
    const owners = [...plan.vpcLinks, ...plan.loadBalancers, ...plan.ecsServices];
    for (const owner of owners) this.subnetsBySecurityGroups.set(key(owner.securityGroupIds), owner.subnetIds);
  }

  canConnect(from: NetworkEndpoint, to: NetworkDestination): NetworkVerdict {
    // Descriptions are part of the key: the explanation names the endpoints.
    const cacheKey = `${key(from.securityGroupIds)}|${from.address ?? ''}|${key(to.securityGroupIds)}|${to.port}|${from.description}|${to.description}`;
    let verdict = this.verdicts.get(cacheKey);
    if (!verdict) {
      verdict = this.evaluate(from, to);
      this.verdicts.set(cacheKey, verdict);
    }
    return verdict;
  }

  /** A deterministic private address for the interface with these security groups (memoized: it is on the hot path). */
  addressOf(securityGroupIds: readonly string[]): string | undefined {
    const cacheKey = key(securityGroupIds);
    if (this.addresses.has(cacheKey)) return this.addresses.get(cacheKey);
    const address = this.computeAddress(securityGroupIds);
    this.addresses.set(cacheKey, address);
    return address;
  }

  private computeAddress(securityGroupIds: readonly string[]): string | undefined {
    const subnetId = this.subnetsBySecurityGroups.get(key(securityGroupIds))?.[0];
    const subnet = this.plan.subnets.find((candidate) => candidate.id === subnetId);
    if (!subnet) return undefined;
    const { base, prefix } = parseCidr(subnet.cidrBlock);
    const hosts = 2 ** (32 - prefix);
    // AWS reserves the first four and the last address of every subnet.
    const offset = 4 + (createHash('sha256').update(key(securityGroupIds)).digest().readUInt32BE(0) % Math.max(1, hosts - 5));
    return numberToIpv4(base + offset);
  }

  private evaluate(from: NetworkEndpoint, to: NetworkDestination): NetworkVerdict {
    const sourceGroups = this.lookup(from.securityGroupIds);
    const destinationGroups = this.lookup(to.securityGroupIds);
    const source = { securityGroupIds: from.securityGroupIds, ip: from.address ?? this.addressOf(from.securityGroupIds) };
    const destination = { securityGroupIds: to.securityGroupIds, ip: this.addressOf(to.securityGroupIds) };
    if (sourceGroups.length > 0 && !admittingRule(sourceGroups, 'egress', destination, to.port)) {
      return { allowed: false, ...explainMissing('egress', sourceGroups, destinationGroups, from, to) };
    }
    if (destinationGroups.length > 0 && !admittingRule(destinationGroups, 'ingress', source, to.port)) {
      return { allowed: false, ...explainMissing('ingress', destinationGroups, sourceGroups, to, from, to.port) };
    }
    return { allowed: true };
  }

  private lookup(ids: readonly string[]): SecurityGroupPlan[] {
    return ids.map((id) => this.groups.get(id)).filter((group): group is SecurityGroupPlan => group !== undefined);
  }
}

function key(ids: readonly string[]): string {
  return [...ids].sort().join(',');
}
