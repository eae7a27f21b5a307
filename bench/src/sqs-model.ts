/**
 * The pure half of `npm run bench -- sqs`: the API key's local value from the synthesized template,
 * the table of paths × concurrency (msgs/s, ratio to the direct SDK loop, CPU µs per message) and the
 * check that the queue holds exactly the messages that were acknowledged.
 */
import { createHash } from 'node:crypto';
import { formatRate, formatTable } from './report.js';

/** How a message reaches the queue. */
export type SqsPath = 'rest-api' | 'sdk' | 'query';

export const PATH_NAMES: Readonly<Record<SqsPath, string>> = {
  'rest-api': 'REST API → SQS integration (POST /messages, API key)',
  sdk: 'direct SendMessage, SDK v3 (JSON protocol)',
  query: 'direct SendMessage, query protocol (the integration’s form)',
};

export interface SqsRun {
  readonly path: SqsPath;
  readonly concurrency: number;
  readonly seconds: number;
  /** Sends answered with a message id. */
  readonly acknowledged: number;
  /** Sends refused or failed (not acknowledged). */
  readonly errors: number;
  /** CPU seconds of gatelink's process (REST API and the SQS engine's thread) over the run. */
  readonly gatelinkCpu: number;
  /** CPU seconds of the bench's own process (the client) over the run. */
  readonly clientCpu: number;
  /** CPU (100% = one core) of everything else on the machine meanwhile. */
  readonly backgroundPercent: number;
}

/**
 * The API key's value locally: the template sets none (AWS generates one), so gatelink derives it
 * from the key's id as its REST API emulation does — sha-256 of `<Stack>/<LogicalId>/api-key`, 40 hex.
 */
export function localApiKey(stackName: string, template: { readonly Resources?: Readonly<Record<string, { readonly Type?: string }>> }): string {
  const [logicalId] = Object.entries(template.Resources ?? {}).find(([, resource]) => resource.Type === 'AWS::ApiGateway::ApiKey') ?? [];
  if (logicalId === undefined) throw new Error(`no AWS::ApiGateway::ApiKey in ${stackName}`);
  return createHash('sha256').update(`${stackName}/${logicalId}/api-key`).digest('hex').slice(0, 40);
}

/** Runs of the same path and concurrency (several rounds) as one: totals over their summed time. */
export function combine(runs: readonly SqsRun[]): SqsRun[] {
  const byKey = new Map<string, SqsRun>();
  for (const run of runs) {
    const key = `${run.path} ${run.concurrency}`;
    const seen = byKey.get(key);
    byKey.set(
      key,
      seen
        ? {
            ...seen,
            seconds: seen.seconds + run.seconds,
            acknowledged: seen.acknowledged + run.acknowledged,
            errors: seen.errors + run.errors,
            gatelinkCpu: seen.gatelinkCpu + run.gatelinkCpu,
            clientCpu: seen.clientCpu + run.clientCpu,
            backgroundPercent: Math.max(seen.backgroundPercent, run.backgroundPercent),
          }
        : run,
    );
  }
  return [...byKey.values()];
}

export const rate = (run: SqsRun): number => (run.seconds > 0 ? run.acknowledged / run.seconds : Number.NaN);

/** Microseconds of CPU per acknowledged message. */
export const cpuPerMessageUs = (cpuSeconds: number, messages: number): number => (messages > 0 ? (cpuSeconds * 1e6) / messages : Number.NaN);

/** Throughput through the REST API over the direct SDK loop's at the same concurrency. */
export function ratioToSdk(runs: readonly SqsRun[], run: SqsRun): number {
  const sdk = runs.find((other) => other.path === 'sdk' && other.concurrency === run.concurrency);
  return sdk && rate(sdk) > 0 ? rate(run) / rate(sdk) : Number.NaN;
}

export interface Conservation {
  readonly acknowledged: number;
  readonly stored: number;
  /** Acknowledged but not in the queue: must be 0. */
  readonly lost: number;
  /** In the queue beyond the acknowledged ones: only a send that failed after the engine stored it can explain one. */
  readonly extra: number;
  readonly ok: boolean;
}

/** The queue gained exactly the acknowledged messages (`failed` sends may have been stored anyway, or not). */
export function conservation(before: number, after: number, acknowledged: number, failed: number): Conservation {
  const stored = after - before;
  const lost = Math.max(0, acknowledged - stored);
  const extra = Math.max(0, stored - acknowledged);
  return { acknowledged, stored, lost, extra, ok: lost === 0 && extra <= failed };
}

const us = (value: number): string => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '-');

export function formatSqsReport(runs: readonly SqsRun[], check: Conservation, notes: readonly string[]): string {
  const rows = runs.map((run) => [
    PATH_NAMES[run.path],
    String(run.concurrency),
    formatRate(rate(run)),
    run.path === 'sdk' ? '1.00' : Number.isFinite(ratioToSdk(runs, run)) ? ratioToSdk(runs, run).toFixed(2) : '-',
    us(cpuPerMessageUs(run.gatelinkCpu, run.acknowledged)),
    us(cpuPerMessageUs(run.clientCpu, run.acknowledged)),
    String(run.errors),
    `${run.backgroundPercent.toFixed(0)} %`,
  ]);
  const table = formatTable(['path', 'concurrency', 'msgs/s', '÷ SDK', 'gatelink CPU µs/msg', 'client CPU µs/msg', 'errors', 'background CPU'], rows);
  const verdict = check.ok
    ? `queue check: ${check.stored.toLocaleString('en-US')} messages stored = ${check.acknowledged.toLocaleString('en-US')} acknowledged (warm-ups included); none lost`
    : `queue check FAILED: ${check.acknowledged} acknowledged, ${check.stored} stored (${check.lost} lost, ${check.extra} unexplained)`;
  return ['## SQS: SendMessage through the REST API integration and directly', '', table, '', verdict, '', ...notes.map((note) => `- ${note}`), ''].join('\n');
}
