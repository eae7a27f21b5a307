/**
 * Clocks of a container health check (the task definition's `HealthCheck`), local or AWS, in the
 * spirit of ./profile.ts: locally the interval and start period are compressed so a task is
 * HEALTHY about a second after it accepts connections; the retries are never changed, so the state
 * machine is ECS's. With `--aws-timings` every clock is the template's.
 */
import type { ContainerHealthCheckPlan } from '../plan/types.js';
import type { TimingMode } from './profile.js';

export interface ContainerHealthClock {
  /** Between two checks while the container is not (yet) HEALTHY, and before the first. */
  readonly intervalMs: number;
  /** Between two checks of a HEALTHY container that passed its last one. */
  readonly steadyIntervalMs: number;
  readonly timeoutMs: number;
  readonly startPeriodMs: number;
  /**
   * Locally only: failures do not count until the container accepts connections on its port. The
   * compressed interval would otherwise count a slow boot (a JVM's seconds) as failed checks, where
   * AWS's 30-second interval covers it.
   */
  readonly countFailuresOnlyOnceRunning: boolean;
}

export const LOCAL_CONTAINER_HEALTH_LIMITS = { intervalMs: 250, steadyIntervalMs: 1_000, startPeriodMs: 2_000 } as const;

export function containerHealthClock(mode: TimingMode, check: ContainerHealthCheckPlan): ContainerHealthClock {
  const exact = {
    intervalMs: check.intervalSeconds * 1000,
    steadyIntervalMs: check.intervalSeconds * 1000,
    timeoutMs: check.timeoutSeconds * 1000,
    startPeriodMs: check.startPeriodSeconds * 1000,
  };
  if (mode === 'aws') return { ...exact, countFailuresOnlyOnceRunning: false };
  const limits = LOCAL_CONTAINER_HEALTH_LIMITS;
  return {
    intervalMs: Math.min(exact.intervalMs, limits.intervalMs),
    steadyIntervalMs: Math.min(exact.steadyIntervalMs, limits.steadyIntervalMs),
    // Not compressed: a check is a process (a shell, curl, an interpreter), and on a busy machine
    // starting one can take seconds; a shorter timeout turned healthy tasks UNHEALTHY under load.
    timeoutMs: exact.timeoutMs,
    startPeriodMs: Math.min(exact.startPeriodMs, limits.startPeriodMs),
    countFailuresOnlyOnceRunning: true,
  };
}
