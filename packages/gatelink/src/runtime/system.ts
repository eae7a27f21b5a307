/**
 * `gatelink up` as a library call: source → assembly → plan → engines → ECS services, whose tasks
 * launch first → network, load balancers and gateway, loaded and started while the tasks boot →
 * admin API → healthy. `stop()` undoes it in reverse so that in-flight requests finish, tasks drain,
 * and every port and child process is released.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { startAdminServer } from '../admin/server.js';
import { writeAdminFile } from '../admin/token-file.js';
import { createConsole } from '../console/index.js';
import { stopTask } from './stop-task.js';
import type { AdminServer, Readiness } from '../admin/server.js';
import type { Status } from '../admin/status.js';
import type { Progress } from '../cli/progress.js';
import type { UpOptions } from '../cli/options.js';
import { CloudMapRegistry } from '../cloudmap/registry.js';
import type { EcsServiceRuntime } from '../ecs/service.js';
import { bootDynamoDb, startDynamoDb } from '../engines/dynamodb.js';
import { DockerfileCache } from '../ecs/dockerfile-cache.js';
import type { DynaliteThread } from '../engines/dynalite-thread.js';
import type { DynamoDbEngine } from '../engines/dynamodb.js';
import type { Plan } from '../plan/types.js';
import { timingProfile } from '../timing/profile.js';
import type { TimingProfile } from '../timing/profile.js';
import { loadConfigFile } from './config-file.js';
import { acquireDataDir, dataDirLayout } from './data-dir.js';
import type { DataDirLayout } from './data-dir.js';
import type { DataPlane } from './data-plane.js';
import { Deployer } from './deployer.js';
import { LateTargetGroups } from './late-target-group.js';
import { loadPlanFromSource } from './load-plan.js';
import { apiUrlRewrites, unmappedApiUrls } from './local-origins.js';
import type { UrlRewrites } from '../ecs/task-env.js';
import { openSecrets, startSecretsEngine } from './secrets.js';
import { createServices, waitUntilHealthy } from './services.js';
import { composeStatus } from './status.js';
import { TaskReaper, bothWatches } from '../lifecycle/task-reaper.js';
import { QueueCountsCache, bootQueuesEarly, queuesReady, startQueues } from './queues.js';
import type { SqsEngine } from '../engines/sqs/engine.js';

export interface RunningSystem {
  readonly gatewayUrl: string;
  readonly adminUrl: string;
  /** Graceful: stop accepting, drain, stop tasks, close engines, release the data dir. */
  stop(): Promise<void>;
  /** Last resort after a missed deadline: SIGKILL every task. */
  kill(): void;
}

type Cleanup = () => Promise<void> | void;

export async function startSystem(options: UpOptions, io: { logger: Logger; progress: Progress; signal?: AbortSignal }): Promise<RunningSystem> {
  const { logger, progress } = io;
  const layout = dataDirLayout(options.dataDir);
  const lock = acquireDataDir(layout.root);
  // Run first to last on stop: each step adds its own at the front, so the last started stops first.
  const cleanups: Cleanup[] = [() => lock.release()];
  // Ends the tasks should gatelink die without stopping them (../lifecycle/task-reaper.ts).
  const reaper = new TaskReaper();
  cleanups.push(() => reaper.close());
  const services: EcsServiceRuntime[] = [];
  let dataPlane: DataPlane | undefined;
  // A restart of an app with tables: DynamoDB's thread boots while the plan is loaded.
  const booted = existsSync(layout.dynamodb) ? bootDynamoDb(layout.dynamodb) : undefined;
  booted?.catch(() => undefined); // startEngines reports a failed boot
  cleanups.unshift(() => booted?.then((engine) => engine.close(), () => undefined));
  // Likewise SQS's thread, only when the data dir has queues from an earlier run.
  const sqsBooted = bootQueuesEarly(layout.sqs);
  cleanups.unshift(() => sqsBooted?.then((thread) => thread.close(), () => undefined));
  try {
    const config = loadConfigFile(options.configFile, options.projectDir);
    const secrets = openSecrets(layout.root);
    const plan = await loadPlanFromSource(options, layout, progress, logger, secrets);
    const timing = timingProfile(options.timings);
    const registry = new CloudMapRegistry(plan);
    // Registered before any task runs, so it runs after every task has stopped and drained.
    cleanups.unshift(() => dataPlane?.close());
    const targetGroups = new LateTargetGroups();
    // How to run each container (Dockerfiles read) is worked out while the engines start; tasks read
    // `engines` when they launch, after both. Both settle before a failure of either is thrown, so
    // an engine that did start is in `cleanups`.
    // An API URL a task is given (a front end's config) names the local gateway (./local-origins.ts).
    const engines: { dynamodb?: string; sqs?: string; secretsManager?: string; ssm?: string; apiUrls?: UrlRewrites } = { apiUrls: apiUrlRewrites(plan, options) };
    const unmapped = unmappedApiUrls(plan, options.port);
    if (unmapped.length > 0) logger.warn({ containers: unmapped }, `--port 0: the API URL in the environment of ${unmapped.join(', ')} keeps naming AWS (the gateway's port is chosen after tasks launch); give --port to point it at the local gateway`);
    const secretsApi = await startSecretsEngine(plan, secrets, progress);
    if (secretsApi) cleanups.unshift(() => secretsApi.close());
    engines.secretsManager = engines.ssm = secretsApi?.endpoint;
    let sqs: SqsEngine | undefined;
    const [dynamodb, deployable] = await settleBoth(
      settleBoth(startEngines(plan, layout, cleanups, { ...io, booted }), startQueues(plan, layout.sqs, { logger, booted: sqsBooted })).then(([table, queues]) => {
        sqs = queues;
        if (queues) cleanups.unshift(() => queues.close());
        return table;
      }),
      createServices({ plan, config, options, timing, logger, registry, targetGroup: (id) => targetGroups.get(id), logDir: layout.logs, engines, containerSecrets: secrets.containerSecrets, ledger: bothWatches(lock.ledger, reaper), dockerfiles: new DockerfileCache(layout.dockerfileCache) }),
    );
    engines.dynamodb = dynamodb?.endpoint;
    engines.sqs = sqs?.endpoint;
    services.push(...deployable.map((service) => service.runtime));
    const deployer = new Deployer(new Map(deployable.map((service) => [service.runtime.name, service])), { logger, projectDir: options.projectDir });
    // Watching starts before the tasks do: a change saved while they boot is not missed.
    if (options.watch) cleanups.unshift(deployer.watch());
    cleanups.unshift(() => Promise.all(services.map((service) => service.stop())).then(() => undefined));
    // Tasks first: their boot is the long pole; the data plane and the admin API come up meanwhile.
    await Promise.all(services.map((service) => service.start()));
    progress.step('tasks', services.map((service) => `${service.name} ${service.plan.desiredCount}`).join(', ') || 'no ECS services');

    // The engine's tables are made while the tasks boot (their requests wait for them meanwhile).
    const [running] = await settleBoth(
      startDataPlane({ plan, timing, registry, layout, options, logger, awsEndpoints: { dynamodb: engines.dynamodb, sqs: engines.sqs, secretsManager: engines.secretsManager, ssm: engines.ssm }, publicPorts: { ...config.publicPorts, ...options.publicPorts } }).then((started) => (dataPlane = started)),
      Promise.all([engineReady(dynamodb, plan, progress), queuesReady(sqs, progress)]),
    );
    targetGroups.bindAll((id) => running.targetGroupPort(id));
    const { admin, status } = await startAdmin({ options, dataPlane: running, services, registry, deployer, dynamodb, sqs, plan, logger, layout });
    cleanups.unshift(() => admin.close());
    progress.step('gateway', `HTTP API on ${running.url}, admin API on ${admin.url}`);
    const healthy = await waitUntilHealthy(status, 30_000, io.signal);
    progress.step('healthy', healthy ? `${countHealthy(status())} targets healthy` : 'not every target is healthy yet (see gatelink status)');
    if (options.watch) progress.step('watch', 'a change to a service’s files redeploys it (rolling, zero downtime)');
    progress.endpoints([
      ['HTTP API', running.url],
      ...running.publicEndpoints().map((endpoint): [string, string] => [endpoint.name, endpoint.url]),
      ['Console', `${admin.url}/`],
      ['Admin API', `${admin.url}/v1/status`],
      ['Logs', path.relative(options.projectDir, layout.logs) || layout.logs],
    ]);
    return {
      gatewayUrl: running.url,
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

/** The admin API over the live runtimes; `status` is what `GET /v1/status` answers. */
async function startAdmin(input: {
  options: UpOptions;
  dataPlane: DataPlane;
  services: readonly EcsServiceRuntime[];
  registry: CloudMapRegistry;
  deployer: Deployer;
  dynamodb: DynamoDbEngine | undefined;
  sqs: SqsEngine | undefined;
  plan: Plan;
  logger: Logger;
  layout: DataDirLayout;
}): Promise<{ admin: AdminServer; status: () => Status }> {
  const { options, dataPlane, sqs } = input;
  const queueCounts = new QueueCountsCache(sqs);
  let adminUrl = '';
  const status = (): Status =>
    composeStatus({
      endpoints: { gateway: dataPlane.url, admin: adminUrl, dynamodb: input.dynamodb?.endpoint, ...(sqs ? { sqs: sqs.endpoint } : {}) },
      queues: () => queueCounts.current(),
      timings: options.timings,
      services: input.services,
      targetGroups: () => dataPlane.targetGroupStatus(),
      routes: () => dataPlane.routes(),
      loadBalancers: () => dataPlane.loadBalancerStatus(),
      registry: input.registry,
    });
  const readiness = (): Readiness => {
    const services = input.services.map((service) => ({ name: service.name, desiredCount: service.desiredCount, healthyCount: service.healthyCount() }));
    return { ready: services.every((service) => service.healthyCount >= service.desiredCount), services };
  };
  const localConsole = createConsole({ plan: input.plan, status, logsDir: input.layout.logs, dynamodbEndpoint: input.dynamodb?.endpoint, logger: input.logger });
  const admin = await startAdminServer({
    host: options.host,
    port: options.adminPort,
    status,
    readiness,
    deploy: (name, cause) => input.deployer.deploy(name, cause),
    ...(sqs ? { beforeStatus: () => queueCounts.refresh(), peek: (queue: string, limit: number) => sqs.peek(queue, limit) } : {}),
    stopTask: async (name, taskId) => stopTask(input.services, name, taskId),
    extension: localConsole.extension,
  }).catch(async (error: unknown) => {
    await localConsole.close();
    throw error;
  });
  adminUrl = admin.url;
  const removeAdminFile = writeAdminFile(input.layout.root, { url: admin.url, token: admin.token, pid: process.pid });
  return {
    admin: {
      ...admin,
      close: async () => {
        removeAdminFile();
        await localConsole.close();
        await admin.close();
      },
    },
    status,
  };
}

/** The embedded engines the plan's resources need (DynamoDB for its tables): their endpoints, before any task starts. */
async function startEngines(
  plan: Plan,
  layout: DataDirLayout,
  cleanups: Cleanup[],
  io: { logger: Logger; progress: Progress; booted: Promise<DynaliteThread> | undefined },
): Promise<DynamoDbEngine | undefined> {
  if (plan.tables.length === 0) {
    await io.booted?.then((engine) => engine.close(), () => undefined);
    return undefined;
  }
  const dynamodb = await startDynamoDb({ dataDir: layout.dynamodb, tables: plan.tables, region: plan.region, logger: io.logger, booted: io.booted });
  cleanups.unshift(() => dynamodb.close());
  return dynamodb;
}

async function engineReady(dynamodb: DynamoDbEngine | undefined, plan: Plan, progress: Progress): Promise<void> {
  if (!dynamodb) return;
  await dynamodb.ready;
  progress.step('engines', `DynamoDB: ${plan.tables.length} table(s) at ${dynamodb.endpoint}`);
}

/**
 * The network model, load balancers and gateway. Imported here rather than with this module: it is
 * most of what gatelink loads (undici among it), and loading it after the tasks are launched lets it
 * overlap their boot instead of delaying it.
 */
async function startDataPlane(input: { plan: Plan; timing: TimingProfile; registry: CloudMapRegistry; layout: DataDirLayout; options: UpOptions; logger: Logger; awsEndpoints: Readonly<Record<string, string | undefined>>; publicPorts: Readonly<Record<string, number>> }): Promise<DataPlane> {
  const { DataPlane } = await import('./data-plane.js');
  const { options, layout } = input;
  return DataPlane.start({
    plan: input.plan,
    timing: input.timing,
    logger: input.logger,
    registry: input.registry,
    host: options.host,
    port: options.port,
    dataDir: layout.root,
    publicPorts: input.publicPorts,
    accessLog: { file: layout.accessLog, stdout: options.accessLog.stdout, ...(options.accessLog.format ? { format: options.accessLog.format } : {}) },
    awsEndpoints: input.awsEndpoints,
  });
}

/** Promise.all that waits for both promises before rejecting with the first failure. */
async function settleBoth<A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> {
  const [first, second] = await Promise.allSettled([a, b]);
  if (first.status === 'rejected') throw first.reason;
  if (second.status === 'rejected') throw second.reason;
  return [first.value, second.value];
}

function countHealthy(status: Status): string {
  const tasks = status.services.flatMap((service) => service.tasks);
  return `${tasks.filter((task) => task.health === 'healthy').length}/${tasks.length}`;
}

async function runCleanups(cleanups: Cleanup[], logger: Logger): Promise<void> {
  for (const cleanup of cleanups.splice(0)) {
    try {
      await cleanup();
    } catch (error) {
      logger.warn({ err: error }, 'error while stopping');
    }
  }
}
