/** The "Machine:" line of the reports: what a reader needs to compare a run with another. */
import { availableParallelism } from 'node:os';

/**
 * Cores and Node, and what in the environment changes every Node start: `NODE_EXTRA_CA_CERTS` makes
 * Node read and parse a CA bundle before any JavaScript runs (~45 ms per process on the reference
 * VM, docs/benchmarks.md). gatelink's own process inherits it; its tasks do not (a container's
 * environment), and neither do they inherit `NODE_OPTIONS`.
 */
export function describeMachine(env: NodeJS.ProcessEnv = process.env, cores = availableParallelism(), node = process.version): string {
  const parts = [`${cores} CPUs`, `node ${node}`];
  if (env.NODE_EXTRA_CA_CERTS) parts.push('NODE_EXTRA_CA_CERTS set (read at every start of gatelink’s process, not of its tasks)');
  if (env.NODE_OPTIONS) parts.push(`NODE_OPTIONS="${env.NODE_OPTIONS}" (gatelink’s process, not its tasks)`);
  return parts.join(', ');
}
