/**
 * CPU and memory of a process group from /proc (Linux): CPU% is the group's user+system time over
 * the sampled wall time (100% = one core), RSS the highest sum of VmRSS seen while sampling.
 */
import { readFileSync, readdirSync } from 'node:fs';

/** Kernel clock ticks per second (USER_HZ); 100 on every mainstream Linux build. */
const CLOCK_TICKS = 100;
const SAMPLE_EVERY_MS = 200;

interface ProcStat {
  readonly pgid: number;
  /** utime + stime, in clock ticks. */
  readonly ticks: number;
}

/** Parses /proc/<pid>/stat; the command name may hold spaces and parentheses, so split after the last ')'. */
export function parseStat(text: string): ProcStat {
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // After the name: state(3) ppid(4) pgrp(5) … utime(14) stime(15), numbered as in proc(5).
  return { pgid: Number(fields[2]), ticks: Number(fields[11]) + Number(fields[12]) };
}

/** VmRSS of /proc/<pid>/status, in kB (0 when absent, as for a zombie). */
export function parseRssKb(text: string): number {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(text);
  return match ? Number(match[1]) : 0;
}

function read(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Ticks and RSS of every live process in group `pgid`. */
function sampleGroup(pgid: number): Map<number, { ticks: number; rssKb: number }> {
  const found = new Map<number, { ticks: number; rssKb: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = read(`/proc/${entry}/stat`);
    if (!stat) continue;
    const parsed = parseStat(stat);
    if (parsed.pgid !== pgid) continue;
    found.set(Number(entry), { ticks: parsed.ticks, rssKb: parseRssKb(read(`/proc/${entry}/status`) ?? '') });
  }
  return found;
}

/** User + system CPU seconds a process has used since it started, every thread included (0 once gone). */
export function cpuSeconds(pid: number): number {
  const stat = read(`/proc/${pid}/stat`);
  return stat ? parseStat(stat).ticks / CLOCK_TICKS : 0;
}

export interface Usage {
  readonly cpuPercent: number;
  readonly rssMb: number;
}

/**
 * Process-context CPU ticks of the whole machine since boot (user + nice + system of /proc/stat).
 * irq and softirq are left out: loopback TCP of the load itself runs there and belongs to no process.
 */
export function parseMachineBusyTicks(text: string): number {
  const [user = 0, nice = 0, system = 0] = (text.split('\n')[0] ?? '').trim().split(/\s+/).slice(1, 4).map(Number);
  return user + nice + system;
}

/**
 * CPU (100% = one core) used by processes outside `ours` and outside this process while `stop()` is
 * pending: other work on the machine that competes with the benchmark.
 */
export function sampleBackground(ours: () => readonly number[]): { stop(): number } {
  const machineStart = parseMachineBusyTicks(read('/proc/stat') ?? '');
  const selfStart = process.cpuUsage();
  const groups = ours().map((pgid) => sampleUsage(pgid));
  const started = performance.now();
  return {
    stop: () => {
      const seconds = (performance.now() - started) / 1000;
      const machine = (parseMachineBusyTicks(read('/proc/stat') ?? '') - machineStart) / CLOCK_TICKS / seconds;
      const self = process.cpuUsage(selfStart);
      const mine = (self.user + self.system) / 1e6 / seconds + groups.reduce((sum, group) => sum + group.stop().cpuPercent / 100, 0);
      return Math.max(0, (machine - mine) * 100);
    },
  };
}

/** Samples a process group until `stop()`; processes that come and go are counted while seen. */
export function sampleUsage(pgid: number): { stop(): Usage } {
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  let maxRssKb = 0;
  const tick = (): void => {
    let rssKb = 0;
    for (const [pid, sample] of sampleGroup(pgid)) {
      if (!first.has(pid)) first.set(pid, sample.ticks);
      last.set(pid, sample.ticks);
      rssKb += sample.rssKb;
    }
    maxRssKb = Math.max(maxRssKb, rssKb);
  };
  const started = performance.now();
  tick();
  const timer = setInterval(tick, SAMPLE_EVERY_MS);
  return {
    stop: () => {
      clearInterval(timer);
      tick();
      const seconds = (performance.now() - started) / 1000;
      let ticks = 0;
      for (const [pid, end] of last) ticks += end - (first.get(pid) ?? end);
      return { cpuPercent: seconds > 0 ? (ticks / CLOCK_TICKS / seconds) * 100 : 0, rssMb: maxRssKb / 1024 };
    },
  };
}
