/**
 * Lines gathered in memory and written in batches: one write per BATCH_MS (or per BATCH_BYTES) instead
 * of one per line. The access log gets a line per request; written one by one, each was a trip
 * through libuv's thread pool (a futex wake, a context switch) paid on the gateway's hot path.
 *
 * Each line is encoded into the batch's buffer as it comes. Gathering them as one string instead
 * (`pending += line`) left a string of ~600 pieces for the write to flatten and encode, which
 * profiled at ~2 µs per request, the largest cost of gatelink's own code on the hot path.
 */
/** Where the lines go: a stream, or anything else that takes bytes. */
export interface LineSink {
  write(chunk: Buffer): unknown;
}

/** A line reaches its destination within this long. */
const BATCH_MS = 100;
const BATCH_BYTES = 64 * 1024;
/** UTF-8 needs at most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units). */
const MAX_UTF8_BYTES_PER_UNIT = 3;
const NEWLINE = 0x0a;

export class BatchedLines {
  private batch = Buffer.allocUnsafe(BATCH_BYTES);
  private used = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly destination: LineSink) {}

  push(line: string): void {
    const mostBytes = (line.length + 1) * MAX_UTF8_BYTES_PER_UNIT;
    if (mostBytes > BATCH_BYTES - this.used) {
      this.flush();
      if (mostBytes > BATCH_BYTES) {
        // Longer than a whole batch could hold: it goes out by itself, after what came before it.
        this.destination.write(Buffer.from(`${line}\n`));
        return;
      }
    }
    this.used += this.batch.write(line, this.used);
    this.batch[this.used++] = NEWLINE;
    if (this.timer === undefined) {
      this.timer = setTimeout(() => this.flush(), BATCH_MS);
      this.timer.unref();
    }
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.used === 0) return;
    // The written batch belongs to the destination until its write completes: start a new one.
    const full = this.batch.subarray(0, this.used);
    this.batch = Buffer.allocUnsafe(BATCH_BYTES);
    this.used = 0;
    this.destination.write(full);
  }
}
