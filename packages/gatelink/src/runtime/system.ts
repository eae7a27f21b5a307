/**
 * `gatelink up` as a library call: source → assembly → plan → engines → network → load balancers →
 * gateway and admin API → ECS services → healthy. `stop()` undoes it in reverse so that in-flight
 * requests finish, tasks drain, and every port and child process is released.
 */
import path from 'node:path';
import type { Logger } from 'pino';
import { startAdminServer } from '../admin/server.js';
import type { AdminServer } from '../admin/server.js';
import type { Progress } from '../cli/progress.js';
import type { UpOptions } from '../cli/options.js';
import { CloudMapRegistry } from '../cloudmap/registry.js';
import type { EcsServiceRuntime } from '../ecs/service.js';
import { startDynamoDb } from '../engines/dynamodb.js';
import type { DynamoDbEngine } from '../engines/dynamodb.js';
import { timingProfile } from '../timing/profile.js';
import { loadConfigFile } from './config-file.js';
import { acquireDataDir, dataDirLayout } from './data-dir.js';
import { DataPlane } from './data-plane.js';
import { Deployer } from './deployer.js';
import { loadPlanFromSource } from './load-plan.js';
import { createServices, waitUntilHealthy } from './services.js';
import { composeStatus } from './status.js';

export interface RunningSystem {
  readonly gatewayUrl: string;
  readonly adminUrl: string;
  /** Graceful: stop accepting, drain, stop tasks, close engines, release the data dir. */
  stop(): Promise<void>;
  /** Last resort after a missed deadline: SIGKILL every task. */
  kill(): void;
}

export async function startSystem(options: UpOptions, io: { logger: Logger; progress: Progress; signal?: AbortSignal }): Promise<RunningSystem> {
  const { logger, progress } = io;
  const layout = dataDirLayout(options.dataDir);
  const lock = acquireDataDir(layout.root);
  const cleanups: (() => Promise<void> | void)[] = [() => lock.release()];
  const services: EcsServiceRuntime[] = [];
  try {
    const config = loadConfigFile(options.configFile, options.projectDir);
    const plan = await loadPlanFromSource(options, layout, progress, logger);
    const timing = timingProfile(options.timings);

    let dynamodb: DynamoDbEngine | undefined;
    if (plan.tables.length > 0) {
      dynamodb = await startDynamoDb({ dataDir: layout.dynamodb, tables: plan.tables, region: plan.region, logger });
      cleanups.unshift(() => dynamodb?.close());
      progress.step('engines', `DynamoDB: ${plan.tables.length} table(s) at ${dynamodb.endpoint}`);
    }

    const registry = new CloudMapRegistry(plan);
    const dataPlane = await DataPlane.start({
      plan,
      timing,
      logger,
      registry,
      host: options.host,
      port: options.port,
      dataDir: layout.root,
      accessLog: { file: layout.accessLog, stdout: options.accessLog.stdout, ...(options.accessLog.format ? { format: options.accessLog.format } : {}) },
    });
    cleanups.unshift(() => dataPlane.close());

    const deployable = await createServices({ plan, config, options, timing, logger, registry, dataPlane, logDir: layout.logs, engines: { dynamodb: dynamodb?.endpoint }, ledger: lock.ledger });
    services.push(...deployable.map((service) => service.runtime));
    const deployer = new Deployer(new Map(deployable.map((service) => [service.runtime.name, service])), { logger, projectDir: options.projectDir });
    // Watching starts before the tasks do: a change saved while they boot is not missed.
    if (options.watch) cleanups.unshift(deployer.watch());
    cleanups.unshift(() => Promise.all(services.map((service) => service.stop())).then(() => undefined));

    const adminUrl = { value: '' };
    const status = () =>
      composeStatus({
        endpoints: { gateway: dataPlane.url, admin: adminUrl.value, dynamodb: dynamodb?.endpoint },
        timings: options.timings,
        services,
        targetGroups: () => dataPlane.targetGroupStatus(),
        routes: () => dataPlane.routes(),
        registry,
      });
    // Tasks first: their start is the long pole, and the admin API can come up while they boot.
    await Promise.all(services.map((service) => service.start()));
    progress.step('tasks', services.map((service) => `${service.name} ${service.plan.desiredCount}`).join(', ') || 'no ECS services');
    const admin: AdminServer = await startAdminServer({ host: options.host, port: options.adminPort, status, deploy: (name, cause) => deployer.deploy(name, cause) });
    adminUrl.value = admin.url;
    cleanups.unshift(() => admin.close());
    progress.step('gateway', `HTTP API on ${dataPlane.url}, admin API on ${admin.url}`);
    const healthy = await waitUntilHealthy(status, 30_000, io.signal);
    progress.step('healthy', healthy ? `${countHealthy(status())} targets healthy` : 'not every target is healthy yet (see gatelink status)');
    if (options.watch) progress.step('watch', 'a change to a service’s files redeploys it (rolling, zero downtime)');
    progress.endpoints([
      ['HTTP API', dataPlane.url],
      ['Admin API', `${admin.url}/v1/status`],
      ['Logs', path.relative(options.projectDir, layout.logs) || layout.logs],
    ]);
    return {
      gatewayUrl: dataPlane.url,
      adminUrl: admin.url,
      stop: () => runCleanups(cleanups, logger),
      kill: () => {
        for (const service of services) service.kill();
      },
    };
  } catch (error) {
    await runCleanups(cleanups, logger);
    throw error;
  }
}

function countHealthy(status: ReturnType<typeof composeStatus>): string {
  const tasks = status.services.flatMap((service) => service.tasks);
  return `${tasks.filter((task) => task.health === 'healthy').length}/${tasks.length}`;
}

async function runCleanups(cleanups: (() => Promise<void> | void)[], logger: Logger): Promise<void> {
  for (const cleanup of cleanups.splice(0)) {
    try {
      await cleanup();
    } catch (error) {
      logger.warn({ err: error }, 'error while stopping');
    }
  }
}
