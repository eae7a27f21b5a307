/**
 * The local console, assembled: request capture (trace/), its live stream, the topology, data
 * browsing and the page itself, as one AdminExtension on the admin port. An OpenTelemetry exporter
 * joins the capture when OTEL_EXPORTER_OTLP_ENDPOINT is set (capture then runs all the time).
 */
import type { Logger } from 'pino';
import type { AdminExtension } from '../admin/server.js';
import type { Status } from '../admin/status.js';
import { NetworkModel } from '../network/index.js';
import type { Plan } from '../plan/types.js';
import { RequestCollector } from '../trace/collector.js';
import { OtlpExporter, otlpSettingsFromEnv } from '../trace/otlp.js';
import { LogTail } from './log-tail.js';
import { consoleRoutes } from './routes.js';
import { ConsoleFiles, consoleDistDir } from './static-files.js';
import { ConsoleStream } from './stream.js';
import { TableBrowser } from './tables.js';
import { buildTopology } from './topology.js';
import type { Topology } from './topology-types.js';

export interface ConsoleDeps {
  readonly plan: Plan;
  readonly status: () => Status;
  readonly logsDir: string;
  readonly dynamodbEndpoint?: string;
  readonly logger: Logger;
  readonly env?: NodeJS.ProcessEnv;
}

export interface LocalConsole {
  readonly extension: AdminExtension;
  readonly collector: RequestCollector;
  readonly built: boolean;
  close(): Promise<void>;
}

export function createConsole(deps: ConsoleDeps): LocalConsole {
  const { plan } = deps;
  const collector = new RequestCollector(plan, taskServiceLookup(deps.status));
  const logs = new LogTail(deps.logsDir, plan.ecsServices.map((service) => service.name));
  const stream = new ConsoleStream({ status: deps.status, collector, logs });
  const tables = deps.dynamodbEndpoint ? new TableBrowser(deps.dynamodbEndpoint, plan.region, plan.tables) : undefined;
  let topology: Topology | undefined;
  const dist = consoleDistDir();
  const extension = consoleRoutes({ files: new ConsoleFiles(dist), stream, collector, topology: () => (topology ??= buildTopology(plan, new NetworkModel(plan))), ...(tables ? { tables } : {}) });
  const otlp = otlpSettingsFromEnv(deps.env ?? process.env);
  const exporter = otlp ? new OtlpExporter(otlp, deps.logger) : undefined;
  const stopExport = exporter ? collector.listen((captured) => exporter.add(captured.record())) : undefined;
  if (otlp) deps.logger.info({ url: otlp.url }, 'sending request spans to the OpenTelemetry collector');
  return {
    extension,
    collector,
    built: dist !== undefined,
    close: async () => {
      stream.close();
      stopExport?.();
      collector.close();
      tables?.close();
      await exporter?.flush();
    },
  };
}

/**
 * Which service a task id belongs to, for request records: from a map rebuilt from the status when
 * an id is missing from it (a new task), at most every 200 ms, never composing the status per request.
 */
function taskServiceLookup(status: () => Status): (taskId: string) => string | undefined {
  let services = new Map<string, string>();
  let rebuiltAt = -Infinity;
  return (taskId) => {
    const known = services.get(taskId);
    if (known !== undefined || performance.now() - rebuiltAt < 200) return known;
    rebuiltAt = performance.now();
    services = new Map(status().services.flatMap((service) => service.tasks.map((task) => [task.id, service.name] as const)));
    return services.get(taskId);
  };
}
