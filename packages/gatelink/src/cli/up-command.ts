/**
 * `gatelink up`: start the whole system, print where it listens, and stop everything on Ctrl-C or
 * SIGTERM — children included, within a deadline, ports released. A second Ctrl-C forces it.
 */
import { startSystem } from '../runtime/system.js';
import { createCliLogger } from './logger.js';
import { resolveUpOptions } from './options.js';
import { Progress } from './progress.js';

/** How long a graceful stop may take before the remaining children are killed. */
const STOP_DEADLINE_MS = 12_000;

export async function runUp(flags: Record<string, unknown>): Promise<number> {
  const options = resolveUpOptions(flags, process.env, process.cwd());
  const logger = createCliLogger(options.logLevel);
  const progress = new Progress();
  // Signals are handled from the very start: a Ctrl-C while tasks are starting must still stop them.
  const stopRequested = waitForStopSignal();
  const abort = new AbortController();
  void stopRequested.then(() => abort.abort());
  const system = await startSystem(options, { logger, progress, signal: abort.signal });
  const signal = await stopRequested;
  process.stderr.write(`\ngatelink stopping (${signal}) …\n`);
  const stopping = performance.now();
  const forced = new Promise<'forced'>((resolve) => {
    const timer = setTimeout(() => resolve('forced'), STOP_DEADLINE_MS);
    timer.unref();
    process.once('SIGINT', () => resolve('forced'));
  });
  const outcome = await Promise.race([system.stop().then(() => 'stopped' as const), forced]);
  if (outcome === 'forced') {
    system.kill();
    process.stderr.write('gatelink stopped (forced)\n');
    return 1;
  }
  process.stderr.write(`gatelink stopped in ${((performance.now() - stopping) / 1000).toFixed(2)}s: every task exited, every port released\n`);
  return 0;
}

function waitForStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}
