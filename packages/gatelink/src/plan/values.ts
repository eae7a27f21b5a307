/** Small readers for resolved template values: defaults applied, wrong shapes reported clearly. */
import type { ResolvedAssembly } from './resources.js';

export function str(value: unknown, fallback = ''): string {
  return value === undefined || value === null ? fallback : String(value);
}

export function num(value: unknown, fallback: number): number {
  if (value === undefined || value === null || value === '') return fallback;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : fallback;
}

export function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function stringRecord(value: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(record(value)).map(([key, item]) => [key, str(item)]));
}

/** The plan id of the resource a physical id / ARN / name refers to, or the value itself when external. */
export function refId(resolved: ResolvedAssembly, value: unknown): string {
  return resolved.byPhysicalId(value)?.id ?? str(value);
}

/** `[{ Key, Value }]` attribute lists (ELB) as a record. */
export function keyValues(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of list(value)) {
    const item = record(entry);
    if (item.Key !== undefined) out[str(item.Key)] = str(item.Value);
  }
  return out;
}
