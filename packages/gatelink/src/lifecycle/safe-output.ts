/**
 * gatelink's own output (progress, logs, the stop messages) when its stdout or stderr may be gone:
 * a pipe whose reader exited (EPIPE: the npm above it killed, `| tee` ended) or a closed terminal
 * (EIO). A failed write must never throw into the stop sequence; from then on the text goes to a
 * file in the data dir instead, and the stream's later 'error' events are swallowed.
 */
import { appendFileSync, mkdirSync, writeSync } from 'node:fs';
import path from 'node:path';

export interface TextSink {
  write(text: string): boolean;
}

/**
 * Writes to file descriptor `fd` synchronously (nothing is lost at exit); after the first failure,
 * to `fallbackFile` (its folder made on demand), and if that fails too, nowhere.
 */
export function fdWithFallback(fd: number, fallbackFile: string, writeFd: (fd: number, text: string) => unknown = writeSync): TextSink {
  let broken = false;
  return {
    write(text: string): boolean {
      if (!broken) {
        try {
          writeFd(fd, text);
          return true;
        } catch {
          broken = true;
        }
      }
      try {
        mkdirSync(path.dirname(fallbackFile), { recursive: true });
        appendFileSync(fallbackFile, text);
      } catch {
        // Nowhere left to write: the stop goes on regardless.
      }
      return true;
    },
  };
}

/**
 * process.stdout and process.stderr emit 'error' (EPIPE, EIO) asynchronously on a write after their
 * reader is gone; unhandled, that is an uncaught exception which ends gatelink before it stops its
 * tasks. What those writes carried (the access log on stdout) is also in the data dir's files.
 */
export function swallowStandardStreamErrors(streams: readonly NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) if (stream.listenerCount('error') === 0) stream.on('error', () => undefined);
}
