/**
 * The data dir (`.gatelink/` by default): one gatelink at a time (a pid lock), and a ledger of the
 * task processes it started, so a gatelink that was killed with SIGKILL leaves nothing running after
 * the next `gatelink up`.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GatelinkError } from '../errors.js';
import { isRunning, processStartTime } from '../process-identity.js';
import { ProcessLedger } from './process-ledger.js';

export interface DataDirLayout {
  readonly root: string;
  readonly assembly: string;
  readonly dynamodb: string;
  /** The SQS engine's SQLite database (queues and messages). */
  readonly sqs: string;
  readonly logs: string;
  /** The gateway's access log: one line per request, in the stage's format. */
  readonly accessLog: string;
  /** Parsed Dockerfiles by content hash (ecs/dockerfile-cache.ts). */
  readonly dockerfileCache: string;
  /** Node's compile cache for the CDK app's synth (Node ≥ 22.1). */
  readonly compileCache: string;
}

export function dataDirLayout(root: string): DataDirLayout {
  return { root, assembly: path.join(root, 'cdk.out'), dynamodb: path.join(root, 'dynamodb'), sqs: path.join(root, 'sqs'), logs: path.join(root, 'logs'), accessLog: path.join(root, 'logs', 'access.log'), dockerfileCache: path.join(root, 'dockerfiles.json'), compileCache: path.join(root, 'compile-cache') };
}

const LOCK_FILE = 'gatelink.pid';
const LEDGER_FILE = 'processes.json';

/** Takes the data dir for this process; kills what a crashed predecessor left behind. */
export function acquireDataDir(root: string): { release(): void; ledger: ProcessLedger } {
  mkdirSync(root, { recursive: true });
  const lockFile = path.join(root, LOCK_FILE);
  const holder = readLock(lockFile);
  if (holder !== undefined && holder.pid !== process.pid && holds(holder)) {
    throw new GatelinkError('GL_ERR_DATA_DIR_LOCKED', { dir: root, pid: holder.pid });
  }
  const ledger = new ProcessLedger(path.join(root, LEDGER_FILE));
  ledger.killLeftovers();
  writeFileSync(lockFile, `${process.pid} ${processStartTime(process.pid) ?? ''}`.trim());
  return {
    ledger,
    release: () => {
      if (readLock(lockFile)?.pid === process.pid) rmSync(lockFile, { force: true });
    },
  };
}

function readLock(file: string): DataDirLock | undefined {
  return existsSync(file) ? parseLock(readFileSync(file, 'utf8')) : undefined;
}

export interface DataDirLock {
  readonly pid: number;
  readonly startTime?: string;
}

/**
 * `<pid> <start time>`: the start time is the rest of the line (`ps -o lstart=` on macOS has spaces
 * in it), and missing in locks of older versions.
 */
export function parseLock(text: string): DataDirLock | undefined {
  const [pidText = '', ...started] = text.trim().split(/\s+/);
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  return started.length > 0 ? { pid, startTime: started.join(' ') } : { pid };
}

/** A lock is held while its gatelink runs: not once it is a zombie, nor when its pid names a later process. */
function holds(lock: DataDirLock): boolean {
  if (!isRunning(lock.pid)) return false;
  return lock.startTime === undefined || processStartTime(lock.pid) === lock.startTime;
}
