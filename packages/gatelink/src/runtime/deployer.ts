/**
 * Redeploying services of a running system: `gatelink deploy <service>` (through the admin API) and
 * `gatelink up --watch`. A redeploy runs the container's configured build, re-reads how to run the
 * container (Dockerfile, gatelink.config.json), and starts an ECS rolling deployment of the result.
 */
import { exec } from 'node:child_process';
import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from 'pino';
import type { DeploymentRecord } from '../ecs/deployment.js';
import type { TaskRunSpecs } from '../ecs/containers/launch.js';
import type { RunSpec } from '../ecs/run-spec.js';
import type { EcsServiceRuntime } from '../ecs/service.js';
import { GatelinkError } from '../errors.js';
import type { RedeploySettings } from './config-file.js';

const execAsync = promisify(exec);
/** Editors and builds write several files at once: one redeploy per burst of changes. */
const WATCH_DEBOUNCE_MS = 400;
const IGNORED = /(^|[\\/])(node_modules|\.git|\.gatelink|\.compile-cache|cdk\.out)([\\/]|$)|\.log$|~$|\.swp$/;

export interface DeployableService {
  readonly runtime: EcsServiceRuntime;
  /** Resolves how to run the task's containers from what is on disk now. */
  respec(): Promise<RunSpec | TaskRunSpecs>;
  readonly settings: RedeploySettings;
}

export class Deployer {
  private readonly watchers: FSWatcher[] = [];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(
    private readonly services: ReadonlyMap<string, DeployableService>,
    private readonly options: { logger: Logger; projectDir: string },
  ) {}

  async deploy(name: string, cause: string): Promise<DeploymentRecord> {
    const service = this.services.get(name);
    if (!service) throw new GatelinkError('GL_ERR_DEPLOY_UNKNOWN_SERVICE', { service: name, known: [...this.services.keys()].join(', ') || '(none)' });
    if (service.settings.build) await this.build(name, service.settings.build);
    return service.runtime.deploy(await service.respec(), cause);
  }

  /** Watches each service's paths; a change (debounced) redeploys that service. Returns a stop function. */
  watch(): () => void {
    for (const [name, service] of this.services) {
      const paths = service.settings.watch?.map((entry) => path.resolve(this.options.projectDir, entry)) ?? [service.runtime.workingDirectory];
      for (const target of paths) {
        try {
          this.watchers.push(watch(target, { recursive: true }, (_event, file) => this.changed(name, path.join(target, String(file ?? '')))));
        } catch (error) {
          this.options.logger.warn({ service: name, path: target, err: error }, 'cannot watch this path; the service is not redeployed on its changes');
        }
      }
      this.options.logger.info({ service: name, paths }, 'watching for changes');
    }
    return () => {
      for (const watcher of this.watchers.splice(0)) watcher.close();
      for (const timer of this.timers.values()) clearTimeout(timer);
      this.timers.clear();
    };
  }

  private changed(name: string, file: string): void {
    if (IGNORED.test(file)) return;
    clearTimeout(this.timers.get(name));
    this.timers.set(
      name,
      setTimeout(() => {
        this.timers.delete(name);
        // One redeploy at a time per service: a change during a build waits for it.
        const previous = this.running.get(name) ?? Promise.resolve();
        const next = previous
          .then(() => this.deploy(name, `change in ${path.relative(this.options.projectDir, file)}`))
          .catch((error: unknown) => this.options.logger.error({ service: name, err: error }, `redeploy after a change failed: ${error instanceof Error ? error.message : String(error)}`));
        this.running.set(name, next);
      }, WATCH_DEBOUNCE_MS),
    );
  }

  private async build(name: string, command: string): Promise<void> {
    this.options.logger.info({ service: name, command }, 'building before the redeploy');
    try {
      await execAsync(command, { cwd: this.options.projectDir, maxBuffer: 16 * 1024 * 1024 });
    } catch (error) {
      const output = error as { stderr?: string; stdout?: string; code?: number };
      throw new GatelinkError('GL_ERR_DEPLOY_BUILD_FAILED', { service: name, command, exitCode: output.code ?? '?', output: `${output.stdout ?? ''}${output.stderr ?? ''}`.trim().split('\n').slice(-20).join('\n') });
    }
  }
}
