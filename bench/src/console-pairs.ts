/**
 * `--console-pairs N`: what an open console costs the data plane, measured the way the gatelink/nginx
 * pairs are: short gatelink runs on the health endpoint that alternate between no console and the
 * console's live stream open (request capture on), the order swapped every pair, so both see the
 * same minutes of a busy machine. Each pair gives a throughput ratio and a CPU-per-request ratio.
 */
import { openConsoleStream } from './console-stream.js';
import { cpuMicrosPerRequest } from './interleaved.js';
import { rotation } from './latency-rotations.js';
import { runLoad } from './load.js';
import { sampleUsage } from './proc.js';
import { spread } from './report.js';

interface Run { readonly rps: number; readonly cpuMicros: number }

export async function runConsolePairs(gatelink: { url: string; adminUrl: string; pgid: number }, options: { pairs: number; seconds: number; connections: number }): Promise<string[]> {
  const pairs: { closed: Run; open: Run }[] = [];
  for (let pair = 0; pair < options.pairs; pair++) {
    const seen = new Map<'closed' | 'open', Run>();
    for (const mode of rotation(['closed', 'open'] as const, pair)) {
      const stream = mode === 'open' ? await openConsoleStream(gatelink.adminUrl) : undefined;
      const usage = sampleUsage(gatelink.pgid);
      const load = await runLoad({ url: gatelink.url, connections: options.connections, durationSeconds: options.seconds });
      seen.set(mode, { rps: load.rps, cpuMicros: cpuMicrosPerRequest(usage.stop().cpuPercent, load.rps) });
      stream?.close();
    }
    pairs.push({ closed: seen.get('closed') as Run, open: seen.get('open') as Run });
  }
  const throughput = pairs.map((pair) => pair.open.rps / pair.closed.rps);
  const cpu = pairs.map((pair) => pair.open.cpuMicros / pair.closed.cpuMicros);
  const fixed = (values: number[]) => values.map((value) => value.toFixed(2)).join(', ');
  return [
    `console open/closed on gatelink alone (${options.pairs} pairs × ${options.seconds} s, ${options.connections} connections; the median last):`,
    `  throughput ratio: ${fixed(throughput)} → median ${spread(throughput).median.toFixed(3)}`,
    `  gateway CPU per request ratio: ${fixed(cpu)} → median ${spread(cpu).median.toFixed(3)} (closed ${spread(pairs.map((pair) => pair.closed.cpuMicros)).median.toFixed(0)} µs, open ${spread(pairs.map((pair) => pair.open.cpuMicros)).median.toFixed(0)} µs)`,
  ];
}
