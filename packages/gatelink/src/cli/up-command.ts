/**
 * `gatelink up`: start the whole system, print where it listens, and stop everything on Ctrl-C,
 * SIGTERM, SIGHUP or its parent going away — children included, within a deadline, ports released.
 * A second request forces it. A broken stdout/stderr never stops the stop (../lifecycle/safe-output.ts).
 */
import path from 'node:path';
import { fdWithFallback, swallowStandardStreamErrors } from '../lifecycle/safe-output.js';
import { listenForStopRequests } from '../lifecycle/stop-requests.js';
import { startSystem } from '../runtime/system.js';
import { createCliLogger } from './logger.js';
import { resolveUpOptions } from './options.js';
import { Progress } from './progress.js';

/** How long a graceful stop may take before the remaining children are killed. */
const STOP_DEADLINE_MS = 12_000;
/** Where gatelink's own output goes once stderr is gone, relative to the data dir. */
export const FALLBACK_LOG = path.join('logs', 'gatelink.log');

export async function runUp(flags: Record<string, unknown>): Promise<number> {
  const options = resolveUpOptions(flags, process.env, process.cwd());
  swallowStandardStreamErrors();
  const stderr = fdWithFallback(2, path.join(options.dataDir, FALLBACK_LOG));
  const logger = createCliLogger(options.logLevel, stderr);
  const progress = new Progress(stderr);
  // Stop requests are handled from the very start: a Ctrl-C while tasks are starting must still stop them.
  const stop = listenForStopRequests({ watchParent: process.env.GATELINK_IGNORE_PARENT !== '1' });
  const abort = new AbortController();
  void stop.requested.then(() => abort.abort());
  const system = await startSystem(options, { logger, progress, signal: abort.signal });
  const cause = await stop.requested;
  stderr.write(`\ngatelink stopping (${cause}) …\n`);
  const stopping = performance.now();
  const forced = new Promise<'forced'>((resolve) => {
    const timer = setTimeout(() => resolve('forced'), STOP_DEADLINE_MS);
    timer.unref();
    void stop.forced.then(() => resolve('forced'));
  });
  const outcome = await Promise.race([system.stop().then(() => 'stopped' as const), forced]);
  stop.dispose();
  if (outcome === 'forced') {
    system.kill();
    stderr.write('gatelink stopped (forced)\n');
    return 1;
  }
  stderr.write(`gatelink stopped in ${((performance.now() - stopping) / 1000).toFixed(2)}s: every task exited, every port released\n`);
  return 0;
}
