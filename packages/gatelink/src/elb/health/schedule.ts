/**
 * When a target is checked: at a fixed grid of `intervalMs` from an anchor, so a slow answer never
 * shifts the schedule ("each result holds for the interval"), and never two checks of one target at
 * once (a tick that finds the previous check still running is skipped). `now()` re-anchors the grid
 * and checks at once: used on registration and when the scheduler sees a task's port open.
 * `changeInterval` changes the spacing from the last check on, without checking early.
 */
import { performance } from 'node:perf_hooks';

export class CheckSchedule {
  private timer: NodeJS.Timeout | undefined;
  private anchor = 0;
  private lastFired = 0;
  private running = false;
  private pendingNow = false;
  private stopped = false;

  constructor(
    private intervalMs: number,
    private readonly check: () => Promise<void>,
  ) {}

  /** The next check comes `intervalMs` after the last one started (or now, if that has passed). */
  changeInterval(intervalMs: number): void {
    if (intervalMs === this.intervalMs || this.stopped) return;
    this.intervalMs = intervalMs;
    this.anchor = this.lastFired;
    clearTimeout(this.timer);
    this.scheduleNext();
  }

  /** Checks now, then every interval from now. */
  now(): void {
    if (this.stopped) return;
    if (this.running) {
      this.pendingNow = true;
      return;
    }
    clearTimeout(this.timer);
    this.anchor = performance.now();
    this.fire();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private fire(): void {
    if (this.stopped) return;
    this.lastFired = performance.now();
    if (!this.running) {
      this.running = true;
      void this.check()
        .catch(() => undefined)
        .finally(() => this.afterCheck());
    }
    this.scheduleNext();
  }

  private afterCheck(): void {
    this.running = false;
    if (this.pendingNow) {
      this.pendingNow = false;
      this.now();
    }
  }

  private scheduleNext(): void {
    const elapsed = performance.now() - this.anchor;
    const due = (Math.floor(elapsed / this.intervalMs) + 1) * this.intervalMs;
    this.timer = setTimeout(() => this.fire(), due - elapsed);
    this.timer.unref();
  }
}
