/**
 * `source-ip` CIDR lists, compiled once into a `net.BlockList` (Node's own IPv4/IPv6 subnet
 * matcher, which also matches IPv4-mapped IPv6 peers such as `::ffff:10.0.0.1` against IPv4 blocks).
 */
import { BlockList, isIP } from 'node:net';
import { GatelinkError } from '../../errors.js';

/** Returns a test for "is this TCP peer inside any of these CIDR blocks?". */
export function compileCidrs(cidrs: readonly string[], resource: string): (address: string) => boolean {
  const blocks = new BlockList();
  for (const cidr of cidrs) {
    const { address, prefix, family } = parseCidr(cidr, resource);
    blocks.addSubnet(address, prefix, family);
  }
  return (address) => {
    const family = isIP(address);
    if (family === 0) return false;
    return blocks.check(address, family === 4 ? 'ipv4' : 'ipv6');
  };
}

function parseCidr(cidr: string, resource: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } {
  const slash = cidr.indexOf('/');
  const address = slash === -1 ? '' : cidr.slice(0, slash);
  const prefix = slash === -1 ? Number.NaN : Number(cidr.slice(slash + 1));
  const family = isIP(address);
  const max = family === 4 ? 32 : 128;
  if (family === 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > max) {
    throw new GatelinkError('GL_ERR_ELB_INVALID_CONFIG', { resource, detail: `source-ip value "${cidr}" is not a CIDR block (e.g. 192.0.2.0/24 or 2001:db8::/32)` });
  }
  // AWS refuses this one block for the source-ip condition.
  if (cidr === '255.255.255.255/32') {
    throw new GatelinkError('GL_ERR_ELB_INVALID_CONFIG', { resource, detail: 'source-ip cannot be 255.255.255.255/32' });
  }
  return { address, prefix, family: family === 4 ? 'ipv4' : 'ipv6' };
}
