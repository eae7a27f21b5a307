/**
 * The data dir (`.gatelink/` by default): one gatelink at a time (a pid lock), and a ledger of the
 * task processes it started, so a gatelink that was killed with SIGKILL leaves nothing running after
 * the next `gatelink up`.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GatelinkError } from '../errors.js';

export interface DataDirLayout {
  readonly root: string;
  readonly assembly: string;
  readonly dynamodb: string;
  readonly logs: string;
  /** The gateway's access log: one line per request, in the stage's format. */
  readonly accessLog: string;
  /** Parsed Dockerfiles by content hash (ecs/dockerfile-cache.ts). */
  readonly dockerfileCache: string;
}

export function dataDirLayout(root: string): DataDirLayout {
  return { root, assembly: path.join(root, 'cdk.out'), dynamodb: path.join(root, 'dynamodb'), logs: path.join(root, 'logs'), accessLog: path.join(root, 'logs', 'access.log'), dockerfileCache: path.join(root, 'dockerfiles.json') };
}

const LOCK_FILE = 'gatelink.pid';
const LEDGER_FILE = 'processes.json';

/** Takes the data dir for this process; kills what a crashed predecessor left behind. */
export function acquireDataDir(root: string): { release(): void; ledger: ProcessLedger } {
  mkdirSync(root, { recursive: true });
  const lockFile = path.join(root, LOCK_FILE);
  const holder = readPid(lockFile);
  if (holder !== undefined && holder !== process.pid && isAlive(holder)) {
    throw new GatelinkError('GL_ERR_DATA_DIR_LOCKED', { dir: root, pid: holder });
  }
  const ledger = new ProcessLedger(path.join(root, LEDGER_FILE));
  ledger.killLeftovers();
  writeFileSync(lockFile, String(process.pid));
  return {
    ledger,
    release: () => {
      if (readPid(lockFile) === process.pid) rmSync(lockFile, { force: true });
    },
  };
}

/** Pids of running task processes, with their command line to avoid killing a recycled pid. */
export class ProcessLedger {
  private readonly entries = new Map<number, string>();

  constructor(private readonly file: string) {}

  add(pid: number): void {
    this.entries.set(pid, commandLine(pid) ?? '');
    this.save();
  }

  remove(pid: number): void {
    this.entries.delete(pid);
    this.save();
  }

  killLeftovers(): number {
    if (!existsSync(this.file)) return 0;
    let killed = 0;
    try {
      const previous = JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, string>;
      for (const [pidText, recorded] of Object.entries(previous)) {
        const pid = Number(pidText);
        if (isAlive(pid) && recorded !== '' && commandLine(pid) === recorded) {
          process.kill(pid, 'SIGKILL');
          killed += 1;
        }
      }
    } catch {
      // A torn ledger from a crash is not worth failing a start over.
    }
    rmSync(this.file, { force: true });
    return killed;
  }

  private save(): void {
    writeFileSync(this.file, JSON.stringify(Object.fromEntries(this.entries)));
  }
}

function readPid(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return undefined;
  }
}
