/**
 * Lines gathered in memory and written in batches: one write per BATCH_MS (or per BATCH_BYTES) instead
 * of one per line. The access log gets a line per request; written one by one, each was a trip
 * through libuv's thread pool (a futex wake, a context switch) paid on the gateway's hot path.
 */
/** Where the lines go: a stream, or anything else that takes text. */
export interface LineSink {
  write(text: string): unknown;
}

/** A line reaches its destination within this long. */
const BATCH_MS = 100;
const BATCH_BYTES = 64 * 1024;

export class BatchedLines {
  private pending = '';
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly destination: LineSink) {}

  push(line: string): void {
    this.pending += `${line}\n`;
    if (this.pending.length >= BATCH_BYTES) this.flush();
    else if (this.timer === undefined) {
      this.timer = setTimeout(() => this.flush(), BATCH_MS);
      this.timer.unref();
    }
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending === '') return;
    this.destination.write(this.pending);
    this.pending = '';
  }
}
