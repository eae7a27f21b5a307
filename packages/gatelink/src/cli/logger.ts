/**
 * The CLI's logger: pino, rendered for humans on stderr by pino-pretty (synchronously, so a line
 * written just before exit is never lost). `GATELINK_LOG_FORMAT=json` keeps raw JSON for machines.
 * Once stderr is gone (EPIPE, EIO) the lines go to `fallbackFile` instead (../lifecycle/safe-output.ts).
 */
import { createRequire } from 'node:module';
import pino from 'pino';
import type { DestinationStream, Logger } from 'pino';
import type { PrettyOptions, prettyFactory as PrettyFactory } from 'pino-pretty';
import type { TextSink } from '../lifecycle/safe-output.js';

export function createCliLogger(level: string, stderr: TextSink, format = process.env.GATELINK_LOG_FORMAT): Logger {
  if (format === 'json') return pino({ level }, stderr);
  return pino({ level }, prettyLines(stderr, { colorize: process.stderr.isTTY, ignore: 'pid,hostname', translateTime: 'HH:MM:ss.l' }));
}

/**
 * pino-pretty as a line formatter in front of a synchronous destination, loaded on the first line
 * that passes the level: ~40 ms that `gatelink up` would otherwise spend before launching a task,
 * and never at all at `--log-level warn` on a start without warnings.
 */
export function prettyLines(destination: DestinationStream, options: PrettyOptions, load = loadPrettyFactory): DestinationStream {
  let format: ((line: string) => string) | undefined;
  return {
    write(line: string): void {
      format ??= load(options);
      destination.write(format(line));
    },
  };
}

function loadPrettyFactory(options: PrettyOptions): (line: string) => string {
  // Synchronous on purpose: pino writes lines synchronously. pino-pretty is CommonJS, so require works.
  const { prettyFactory } = createRequire(import.meta.url)('pino-pretty') as { prettyFactory: typeof PrettyFactory };
  return prettyFactory(options);
}
