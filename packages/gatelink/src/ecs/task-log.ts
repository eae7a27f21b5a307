/**
 * The per-task log file is what the task printed, byte for byte: its stdout and stderr are the
 * file itself (opened for append and handed to the process), as ECS sends both streams of a
 * container to one CloudWatch log stream. gatelink never copies task output through its own event
 * loop, so a task that logs every request costs the gateway nothing.
 *
 * Lines carry their own time when the task wrote one (pino's `"time"`, or a leading ISO timestamp,
 * as gatelink's own notes have); a line without one takes the time of the line before it, so stack
 * traces stay under the log line that introduced them when `gatelink logs` merges tasks.
 */

export interface TaskLogLine {
  readonly time: Date;
  readonly text: string;
}

const LEADING_ISO = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d))\s/;
const JSON_TIME = /"time":\s*(\d{10,16}|"[^"]+")/;

/** The time a line states for itself, or undefined when it has none. */
export function statedTime(text: string): Date | undefined {
  const iso = LEADING_ISO.exec(text);
  const raw = iso?.[1] ?? (text.startsWith('{') ? JSON_TIME.exec(text)?.[1] : undefined);
  if (raw === undefined) return undefined;
  const time = raw.startsWith('"') ? new Date(raw.slice(1, -1)) : /^\d+$/.test(raw) ? new Date(Number(raw)) : new Date(raw);
  return Number.isNaN(time.getTime()) ? undefined : time;
}

/** Lines of one file read from its last position; `previous` is the time of the line before them. */
export function timedLines(text: string, previous: Date): TaskLogLine[] {
  const lines: TaskLogLine[] = [];
  let time = previous;
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '') continue;
    time = statedTime(line) ?? time;
    lines.push({ time, text: line });
  }
  return lines;
}

/** A note gatelink itself adds to a task's log (it could not start it, say), stamped so it sorts. */
export function gatelinkNote(time: Date, text: string): string {
  return `${time.toISOString()} gatelink: ${text}\n`;
}

/**
 * The last `count` non-empty lines of the end of a log file; `cut` says the text starts mid-file,
 * so its first line may be partial and is dropped.
 */
export function lastLinesOf(tail: string, count: number, cut: boolean): string[] {
  const lines = tail.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  if (cut) lines.shift();
  return lines.filter((line) => line !== '').slice(-count);
}
