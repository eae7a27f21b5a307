/**
 * The CLI's logger: pino, rendered for humans on stderr by pino-pretty (synchronously, so a line
 * written just before exit is never lost). `GATELINK_LOG_FORMAT=json` keeps raw JSON for machines.
 */
import pino from 'pino';
import type { Logger } from 'pino';
import pretty from 'pino-pretty';

export function createCliLogger(level: string, format = process.env.GATELINK_LOG_FORMAT): Logger {
  if (format === 'json') return pino({ level }, pino.destination({ fd: 2, sync: true }));
  const stream = pretty({ destination: 2, sync: true, colorize: process.stderr.isTTY, ignore: 'pid,hostname', translateTime: 'HH:MM:ss.l' });
  return pino({ level }, stream);
}
