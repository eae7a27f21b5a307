/**
 * gatelink's defaults, and how every subcommand finds the data dir: the flag, then
 * GATELINK_DATA_DIR, then `.gatelink`, against the working directory. Free of the option schema, so
 * `up` can find the data dir before it loads the rest of itself.
 */
import path from 'node:path';

export const DEFAULTS = { host: '127.0.0.1', port: 8080, adminPort: 8090, dataDir: '.gatelink' } as const;

export function dataDirFrom(flag: unknown, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  return path.resolve(cwd, String(flag ?? env.GATELINK_DATA_DIR ?? DEFAULTS.dataDir));
}
