/**
 * An append-only log file with a size bound: past `maxBytes` the file becomes `<file>.1` (replacing
 * the previous one) and a new file starts, so the log never takes more than about twice the bound.
 * Renaming is safe while writes are pending: they land in the renamed file, where they belong.
 */
import { createWriteStream, openSync, renameSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { statIfPresent } from '../files.js';

/** Where the access log rotates: 64 MB is ~300,000 requests in the default format. */
export const ACCESS_LOG_MAX_BYTES = 64 * 1024 * 1024;

export class RotatingLog {
  /** Undefined when the file cannot be opened: lines are dropped (the error was reported). */
  private stream: WriteStream | undefined;
  private size: number;

  constructor(
    private readonly file: string,
    private readonly maxBytes: number,
    private readonly onError: (error: Error) => void,
  ) {
    this.size = statIfPresent(file)?.size ?? 0;
    this.stream = this.open();
  }

  write(chunk: Buffer | string): void {
    const bytes = typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
    this.stream?.write(chunk);
    this.size += bytes;
  }

  end(): Promise<void> {
    const stream = this.stream;
    return stream ? new Promise((resolve) => stream.end(resolve)) : Promise.resolve();
  }

  private rotate(): void {
    this.stream?.end();
    try {
      renameSync(this.file, `${this.file}.1`);
    } catch (error) {
      this.onError(error as Error);
    }
    this.size = statIfPresent(this.file)?.size ?? 0;
    this.stream = this.open();
  }

  // Opened at once (not when the stream gets to it): a rotation must rename the file these writes go to.
  private open(): WriteStream | undefined {
    let fd: number;
    try {
      fd = openSync(this.file, 'a');
    } catch (error) {
      this.onError(error as Error);
      return undefined;
    }
    const stream = createWriteStream(this.file, { fd });
    stream.on('error', this.onError);
    return stream;
  }
}
