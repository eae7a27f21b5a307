/**
 * `gatelink deploy <service>`: asks the running gatelink for a rolling deployment of the service as
 * its files are now, then follows it until it completes, fails or rolls back (exit code 0 only when
 * it completes), printing each change of the fleet.
 */
import type { Status, StatusDeployment, StatusService } from '../admin/status.js';
import { TOKEN_HEADER } from '../admin/guard.js';
import { readAdminFile } from '../admin/token-file.js';
import { GatelinkError } from '../errors.js';
import { dataDirFrom } from './defaults.js';
import { DEFAULTS } from './options.js';

export interface DeployFlags {
  readonly adminPort?: string;
  /** Where the running gatelink keeps its data dir: its admin.json holds the admin token. */
  readonly dataDir?: string;
  /** commander's `--no-wait` sets this to false. */
  readonly wait?: boolean;
}

const POLL_MS = 200;

export async function runDeploy(service: string, flags: DeployFlags, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const admin = `http://${DEFAULTS.host}:${Number(flags.adminPort ?? process.env.GATELINK_ADMIN_PORT ?? DEFAULTS.adminPort)}`;
  const started = performance.now();
  const token = adminToken(flags.dataDir);
  const deployment = await request<StatusDeployment>(admin, `/v1/services/${encodeURIComponent(service)}/deployments`, 'POST', token);
  out.write(`deployment ${deployment.id} of ${service}: revision ${deployment.revision} started\n`);
  if (flags.wait === false) return 0;
  let last = '';
  for (;;) {
    const status = await request<Status>(admin, '/v1/status', 'GET');
    const current = status.services.find((candidate) => candidate.name === service);
    const record = current?.deployments.find((candidate) => candidate.id === deployment.id);
    if (!current || !record) throw new GatelinkError('GL_ERR_DEPLOY_FAILED', { deployment: deployment.id, service, status: 'LOST', reason: 'gatelink no longer reports it (was it restarted?)' });
    const line = `  ${fleet(current)}`;
    if (line !== last) out.write(`${line}\n`);
    last = line;
    if (record.status === 'COMPLETED') {
      out.write(`deployment ${record.id} completed in ${((performance.now() - started) / 1000).toFixed(1)}s: ${record.reason}\n`);
      return 0;
    }
    if (record.status !== 'IN_PROGRESS') throw new GatelinkError('GL_ERR_DEPLOY_FAILED', { deployment: record.id, service, status: record.status, reason: record.reason });
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** `revision 1: 2 healthy · revision 2: 1 healthy, 1 initial` */
export function fleet(service: StatusService): string {
  const byRevision = new Map<number, Map<string, number>>();
  for (const task of service.tasks) {
    const states = byRevision.get(task.revision) ?? new Map<string, number>();
    const state = task.status === 'RUNNING' ? task.health : task.status.toLowerCase();
    states.set(state, (states.get(state) ?? 0) + 1);
    byRevision.set(task.revision, states);
  }
  return [...byRevision.entries()]
    .sort(([a], [b]) => a - b)
    .map(([revision, states]) => `revision ${revision}: ${[...states.entries()].map(([state, count]) => `${count} ${state}`).join(', ')}`)
    .join(' · ') || 'no tasks';
}

/** The running gatelink's per-start admin token: GATELINK_ADMIN_TOKEN, else its data dir's admin.json. */
export function adminToken(dataDir: string | undefined, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string | undefined {
  if (env.GATELINK_ADMIN_TOKEN) return env.GATELINK_ADMIN_TOKEN;
  return readAdminFile(dataDirFrom(dataDir, env, cwd))?.token;
}

async function request<T>(admin: string, pathname: string, method: 'GET' | 'POST', token?: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${admin}${pathname}`, { method, headers: token ? { [TOKEN_HEADER]: token } : {}, signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    throw new GatelinkError('GL_ERR_ADMIN_UNREACHABLE', { url: `${admin}${pathname}`, detail: error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error) });
  }
  const body = (await response.json()) as T & { message?: string; code?: string; params?: Record<string, string | number> };
  if (!response.ok) {
    if (response.status === 403 || response.status === 421) throw new GatelinkError('GL_ERR_ADMIN_REFUSED', { url: admin, status: response.status, detail: body.message ?? '' });
    if (body.code === 'GL_ERR_DEPLOY_UNKNOWN_SERVICE' || body.code === 'GL_ERR_DEPLOY_BUILD_FAILED') throw new GatelinkError(body.code, body.params ?? {});
    throw new GatelinkError('GL_ERR_DEPLOY_FAILED', { deployment: '-', service: pathname, status: String(response.status), reason: body.message ?? '' });
  }
  return body;
}
