/**
 * The per-start admin token: made when gatelink starts, written to `<data dir>/admin.json` (mode
 * 0600, with the admin URL) for the CLI, removed when it stops. The console page gets it embedded in
 * the HTML gatelink serves; a page of another origin can read neither.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const ADMIN_FILE = 'admin.json';

export interface AdminFile {
  readonly url: string;
  readonly token: string;
  readonly pid: number;
}

export function newAdminToken(): string {
  return randomBytes(32).toString('base64url');
}

export function writeAdminFile(dataDir: string, contents: AdminFile): () => void {
  const file = path.join(dataDir, ADMIN_FILE);
  writeFileSync(file, `${JSON.stringify(contents)}\n`, { mode: 0o600 });
  return () => {
    if (readAdminFile(dataDir)?.pid === process.pid) rmSync(file, { force: true });
  };
}

export function readAdminFile(dataDir: string): AdminFile | undefined {
  const file = path.join(dataDir, ADMIN_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<AdminFile>;
    return typeof parsed.token === 'string' && typeof parsed.url === 'string' ? { url: parsed.url, token: parsed.token, pid: Number(parsed.pid) } : undefined;
  } catch {
    return undefined;
  }
}
