/** What the admin API and `gatelink status` show of a service's tasks, running and stopped. */
import type { TargetHealth } from './ports-of-call.js';
import type { TaskExit } from './task.js';

export interface TaskSnapshot {
  readonly id: string;
  readonly pid: number | undefined;
  readonly port: number;
  readonly status: string;
  readonly health: TargetHealth;
  readonly startedAt: string;
  /** Which deployment revision the task runs (1 = what `gatelink up` started). */
  readonly revision: number;
  /** ECS's task health from its essential containers' health checks (UNKNOWN without any). */
  readonly healthStatus?: 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN';
  /** Each container: running or stopped, its health, its exit code once stopped. */
  readonly containers?: readonly { readonly name: string; readonly essential: boolean; readonly status: string; readonly health: string; readonly exitCode?: number | null }[];
}

export interface StoppedTaskSnapshot {
  readonly id: string;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stoppedReason: string;
  readonly stoppedAt: string;
  readonly lastLines: readonly string[];
  readonly revision?: number;
}

export function stoppedSnapshot(id: string, exit: TaskExit): StoppedTaskSnapshot {
  return { id, exitCode: exit.exitCode, signal: exit.signal, stoppedReason: exit.stoppedReason, stoppedAt: exit.stoppedAt.toISOString(), lastLines: exit.lastLines };
}
