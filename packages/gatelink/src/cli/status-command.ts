/** `gatelink status`: read the admin API of a running gatelink and print it. */
import type { Status } from '../admin/status.js';
import { GatelinkError } from '../errors.js';
import { DEFAULTS } from './options.js';
import { renderStatus } from './status-table.js';

export async function runStatus(flags: { adminPort?: string; json?: boolean }): Promise<number> {
  const port = Number(flags.adminPort ?? process.env.GATELINK_ADMIN_PORT ?? DEFAULTS.adminPort);
  const url = `http://${DEFAULTS.host}:${port}/v1/status`;
  let status: Status;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    status = (await response.json()) as Status;
  } catch (error) {
    throw new GatelinkError('GL_ERR_ADMIN_UNREACHABLE', { url, detail: error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error) });
  }
  process.stdout.write(flags.json ? `${JSON.stringify(status, null, 2)}\n` : renderStatus(status));
  return 0;
}
