/**
 * The per-task log file format: one line per output line, `<ISO time> <stream> <text>`, so lines of
 * several tasks can be merged in time order (`gatelink logs`) while staying readable with `tail`.
 */
import { StringDecoder } from 'node:string_decoder';

export interface TaskLogLine {
  readonly time: Date;
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
}

export function formatLogLine(time: Date, stream: 'stdout' | 'stderr', text: string): string {
  return `${time.toISOString()} ${stream} ${text}\n`;
}

export function parseLogLine(line: string): TaskLogLine | undefined {
  const match = /^(\d{4}-\d\d-\d\dT[\d:.]+Z) (stdout|stderr) (.*)$/.exec(line);
  if (!match) return undefined;
  return { time: new Date(match[1] as string), stream: match[2] as 'stdout' | 'stderr', text: match[3] as string };
}

/**
 * Turns a byte stream into whole lines (a line may arrive split across chunks, or mid-UTF-8
 * character). Lines come out in batches, one per chunk, so a busy task costs one log write per read.
 */
export class LineSplitter {
  private partial = '';
  private readonly decoder = new StringDecoder('utf8');

  constructor(private readonly onLines: (lines: readonly string[]) => void) {}

  push(chunk: Buffer): void {
    const text = this.partial + this.decoder.write(chunk);
    const lines = text.split('\n');
    this.partial = lines.pop() ?? '';
    if (lines.length > 0) this.onLines(lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line)));
  }

  flush(): void {
    const rest = this.partial + this.decoder.end();
    this.partial = '';
    if (rest.length > 0) this.onLines([rest]);
  }
}

/** Several lines read at one moment, in the file format, as one string (one write). */
export function formatLogLines(time: Date, stream: 'stdout' | 'stderr', lines: readonly string[]): string {
  const prefix = `${time.toISOString()} ${stream} `;
  let out = '';
  for (const line of lines) out += `${prefix}${line}\n`;
  return out;
}
