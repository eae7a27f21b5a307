/** IPv4 CIDR arithmetic for `Fn::Cidr` and for matching addresses against security-group rules. */

export function ipv4ToNumber(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((part) => !Number.isInteger(part) || part < 0 || part > 255)) throw new Error(`not an IPv4 address: ${ip}`);
  return (((parts[0] as number) << 24) >>> 0) + ((parts[1] as number) << 16) + ((parts[2] as number) << 8) + (parts[3] as number);
}

export function numberToIpv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join('.');
}

export function parseCidr(cidr: string): { base: number; prefix: number } {
  const [ip, prefixText] = cidr.split('/');
  const prefix = Number(prefixText ?? 32);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return { base: (ipv4ToNumber(ip ?? '') & mask) >>> 0, prefix };
}

export function cidrContains(cidr: string, ip: string): boolean {
  const { base, prefix } = parseCidr(cidr);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return ((ipv4ToNumber(ip) & mask) >>> 0) === base;
}

/** `Fn::Cidr`: `count` subnets of `32 - bits` prefix length, carved from `block` in order. */
export function cidrSubnets(block: string, count: number, bits: number): string[] {
  const { base } = parseCidr(block);
  const size = 2 ** bits;
  return Array.from({ length: count }, (_, i) => `${numberToIpv4(base + i * size)}/${32 - bits}`);
}
