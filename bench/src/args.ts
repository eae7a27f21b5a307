/** Command-line flags of `npm run bench [-- startup] [--flag value …]`, with their defaults. */
import { parseArgs } from 'node:util';

export interface BenchArgs {
  readonly mode: 'dataplane' | 'startup' | 'nlb' | 'rest' | 'sqs' | 'help';
  /** Fixed-concurrency run: keep-alive connections and seconds per target and endpoint. */
  readonly connections: number;
  readonly duration: number;
  /** Fixed-rate run: overall requests per second, connections and seconds. */
  readonly rate: number;
  readonly rateConnections: number;
  readonly rateDuration: number;
  /** Seconds of unmeasured load per target and endpoint first (JIT, pools). */
  readonly warmup: number;
  readonly nginxWorkers: string;
  /** Data plane: repeat the whole matrix; each cell reports its least disturbed round (lowest background CPU). */
  readonly rounds: number;
  /** Data plane: alternating gatelink/nginx health runs after the matrix (0 = none), and their length. */
  readonly pairs: number;
  readonly pairSeconds: number;
  /** Data plane: fixed-rate runs with direct, gatelink and nginx taking turns (0 = none), and their length. */
  readonly rotations: number;
  readonly rotationSeconds: number;
  /** Startup: runs of each kind. */
  readonly runs: number;
  /** Data plane: keep the console's live stream open for the whole run (request capture on). */
  readonly console: boolean;
  /** Data plane: then gatelink alone with the console stream closed and open, alternating (0 = none). */
  readonly consolePairs: number;
}

const MODES: readonly string[] = ['dataplane', 'startup', 'nlb', 'rest', 'sqs', 'help'] satisfies BenchArgs['mode'][];
const isMode = (mode: string): mode is BenchArgs['mode'] => MODES.includes(mode);

export const USAGE = `usage: npm run bench [-- startup|nlb|rest|sqs] [--connections 32] [--duration 10] [--rate 1000] [--rate-connections 10]
                   [--rate-duration 10] [--warmup 2] [--nginx-workers auto] [--rounds 1] [--pairs 6]
                   [--pair-duration 3] [--rotations 5] [--rotation-duration 4] [--runs 3] [--console]
                   [--console-pairs 0]`;

export const HELP = `${USAGE}

  (no mode)            the data plane: one task directly, gatelink and nginx (when installed) side by side
  startup              cold and warm start-to-healthy and stop-to-released of \`gatelink up\`
  nlb                  seed 002's NLB → ALB chain: the task, gatelink's NLB → ALB and HTTP API → NLB → ALB, nginx stream → http
  rest                 a REST API private integration: the task, gatelink's REST API → VPC link → NLB → ALB, nginx
                       http → stream → http (bench/fixtures/rest-nlb-alb)
  sqs                  SendMessage through the REST API's SQS integration and directly (SDK v3, query
                       protocol) at concurrency 1 and --connections; the queue must hold every acknowledged message

  --connections N      keep-alive connections of the fixed-concurrency run (default 32)
  --duration S         seconds of each fixed-concurrency run (default 10)
  --rate R             requests per second of the fixed-rate (latency) run (default 1000)
  --rate-connections N connections of the fixed-rate run (default 10)
  --rate-duration S    seconds of each fixed-rate run (default 10)
  --warmup S           unmeasured seconds before each target and endpoint (default 2)
  --nginx-workers W    nginx worker_processes: auto or a count (default auto)
  --rounds N           repeat the data-plane matrix; each row keeps its least disturbed round (default 1)
  --pairs N            then N alternating gatelink/nginx runs on the health endpoint; the last
                       line is the median of their ratios (default 6; 0: the matrix's ratio)
  --pair-duration S    seconds of each of those runs (default 3)
  --rotations N        then N rounds of fixed-rate runs, direct, gatelink and nginx taking turns;
                       the p99 each proxy adds over direct is their median (default 5; 0: none)
  --rotation-duration S seconds of each of those runs (default 4)
  --runs N             startup: runs of each kind (default 3)
  --console            keep the console's live stream open during the data-plane runs, as an open
                       console page does: every request is captured (its cost on the data plane)
  --console-pairs N    then N pairs of gatelink runs on the health endpoint, console stream closed
                       and open in turn: the median ratios are the console's cost (default 0)

See docs/benchmarks.md for the method and the numbers.`;

export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const { values, positionals } = parseOrExplain(argv, {
    help: { type: 'boolean', short: 'h', default: false },
    connections: { type: 'string', default: '32' },
    duration: { type: 'string', default: '10' },
    rate: { type: 'string', default: '1000' },
    'rate-connections': { type: 'string', default: '10' },
    'rate-duration': { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    'nginx-workers': { type: 'string', default: 'auto' },
    rounds: { type: 'string', default: '1' },
    pairs: { type: 'string', default: '6' },
    'pair-duration': { type: 'string', default: '3' },
    rotations: { type: 'string', default: '5' },
    'rotation-duration': { type: 'string', default: '4' },
    runs: { type: 'string', default: '3' },
    console: { type: 'boolean', default: false },
    'console-pairs': { type: 'string', default: '0' },
  });
  const mode = values.help ? 'help' : (positionals[0] ?? 'dataplane');
  if (!isMode(mode)) throw new Error(`unknown mode ${mode}\n${USAGE}`);
  if (positionals.length > 1) throw new Error(`unexpected arguments: ${positionals.slice(1).join(' ')}\n${USAGE}`);
  if (!/^(auto|[1-9]\d*)$/.test(values['nginx-workers'])) throw new Error(`--nginx-workers: auto or a count\n${USAGE}`);
  return {
    mode,
    connections: positive('connections', values.connections),
    duration: positive('duration', values.duration),
    rate: positive('rate', values.rate),
    rateConnections: positive('rate-connections', values['rate-connections']),
    rateDuration: positive('rate-duration', values['rate-duration']),
    warmup: nonNegative('warmup', values.warmup),
    nginxWorkers: values['nginx-workers'],
    rounds: positive('rounds', values.rounds),
    pairs: nonNegative('pairs', values.pairs),
    pairSeconds: positive('pair-duration', values['pair-duration']),
    rotations: nonNegative('rotations', values.rotations),
    rotationSeconds: positive('rotation-duration', values['rotation-duration']),
    runs: positive('runs', values.runs),
    console: values.console,
    consolePairs: nonNegative('console-pairs', values['console-pairs']),
  };
}

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

/** node's parseArgs, with the usage line added to what it says about an unknown or malformed flag. */
function parseOrExplain<T extends Options>(argv: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...argv], allowPositionals: true, options });
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`, { cause: error });
  }
}

function positive(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name}: a positive number, got ${raw}\n${USAGE}`);
  return value;
}

function nonNegative(name: string, raw: string): number {
  return raw === '0' ? 0 : positive(name, raw);
}
