/**
 * Runs nginx with a generated config from a private temp dir — `nginx -e <err> -c <conf> -p <prefix>`
 * in the foreground, in its own process group — and stops it (and removes the dir) afterwards.
 */
import { spawn } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TwoHops } from './model.js';
import { nginxConf } from './nginx-conf.js';
import { freePort, onCleanup, stopGroup, waitFor } from './processes.js';

export interface Nginx {
  /** Master pid = process group of master and workers. */
  readonly pid: number;
  readonly gatewayUrl: string;
  /** The private dir nginx writes in (its logs), until `stop()` removes it. */
  readonly prefix: string;
  stop(): Promise<void>;
}

/** The nginx binary on PATH (or in /usr/sbin, which a non-root PATH often lacks); undefined when absent. */
export function findNginx(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), '/usr/sbin', '/usr/local/sbin'];
  for (const dir of dirs) {
    const candidate = path.join(dir, 'nginx');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export async function startNginx(binary: string, hops: TwoHops, options: { workers: string; probePath: string }): Promise<Nginx> {
  const prefix = mkdtempSync(path.join(tmpdir(), 'gatelink-bench-nginx-'));
  // Workers of a root master run as an unprivileged user: they must be able to enter the prefix.
  chmodSync(prefix, 0o755);
  const [gatewayPort, albPort] = [await freePort(), await freePort()];
  const confFile = path.join(prefix, 'nginx.conf');
  writeFileSync(confFile, nginxConf({ prefix, gatewayPort, albPort, workers: options.workers, hops }));
  const errorLog = path.join(prefix, 'error.log');
  const child = spawn(binary, ['-e', errorLog, '-c', confFile, '-p', prefix], { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let exited = false;
  child.once('exit', () => (exited = true));
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${binary}`);
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= stopGroup(pid, 5_000).then(() => rmSync(prefix, { recursive: true, force: true })));
  const unregister = onCleanup(stop);
  const gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  const up = await waitFor(async () => !exited && (await fetch(`${gatewayUrl}${options.probePath}`)).ok, 10_000, 20);
  if (!up) {
    const log = readSafe(errorLog);
    await stop();
    unregister();
    throw new Error(`nginx did not serve ${options.probePath}: ${stderr.trim()}\n${log}`);
  }
  return {
    pid,
    gatewayUrl,
    prefix,
    stop: async () => {
      unregister();
      await stop();
    },
  };
}

function readSafe(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
