/** `gatelink logs <service>`: the service's tasks interleaved in time order, each line tagged with its task. */
import path from 'node:path';
import { GatelinkError } from '../errors.js';
import { followServiceLogs, listLoggedServices, parseSince } from '../ecs/log-reader.js';
import { dataDirLayout } from '../runtime/data-dir.js';
import { dataDirFrom } from './defaults.js';

export interface LogsFlags {
  readonly follow?: boolean;
  readonly since?: string;
  readonly dataDir?: string;
}

export async function runLogs(service: string, flags: LogsFlags, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const root = dataDirFrom(flags.dataDir);
  const layout = dataDirLayout(root);
  const known = listLoggedServices(layout.logs);
  if (!known.includes(service)) {
    throw new GatelinkError('GL_ERR_LOGS_UNKNOWN_SERVICE', { service, dir: layout.logs, known: known.join(', ') || '(none yet)' });
  }
  const since = flags.since === undefined ? undefined : parseSince(flags.since);
  if (flags.since !== undefined && since === undefined) {
    throw new GatelinkError('GL_ERR_CONFIG_INVALID', { problems: `--since ${flags.since}: use 30s, 5m, 2h, 1d or an ISO timestamp` });
  }
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  for await (const batch of followServiceLogs(path.join(layout.logs, service), { since, follow: flags.follow ?? false, signal: controller.signal })) {
    for (const line of batch) out.write(`${line.time.toISOString()} [${line.taskId.slice(0, 8)}] ${line.text}\n`);
  }
  return 0;
}
