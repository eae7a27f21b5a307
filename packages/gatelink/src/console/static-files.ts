/**
 * The console's built page (packages/console, built by Vite at `npm install`/`npm run build`): read
 * from the `gatelink-console` package's dist/. index.html gets the per-start admin token in its
 * `gatelink-token` meta tag; assets are fingerprinted by Vite, so they are cached for good.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface StaticFile {
  readonly body: Buffer;
  readonly type: string;
}

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

export const TOKEN_PLACEHOLDER = '__GATELINK_TOKEN__';

/** The dist/ folder of the console, or undefined when it is not built (or not installed). */
export function consoleDistDir(): string | undefined {
  try {
    const manifest = createRequire(import.meta.url).resolve('gatelink-console/package.json');
    const dist = path.join(path.dirname(manifest), 'dist');
    return existsSync(path.join(dist, 'index.html')) ? dist : undefined;
  } catch {
    return undefined;
  }
}

export class ConsoleFiles {
  private readonly cache = new Map<string, StaticFile>();

  constructor(private readonly dist: string | undefined) {}

  /** index.html with `token` filled in; a page explaining how to build the console when there is none. */
  index(token: string): string {
    if (!this.dist) return NOT_BUILT;
    return readFileSync(path.join(this.dist, 'index.html'), 'utf8').replaceAll(TOKEN_PLACEHOLDER, token);
  }

  /** A file under assets/, by its plain name only (no traversal). */
  asset(name: string): StaticFile | undefined {
    if (!this.dist || !/^[\w.-]+$/.test(name) || name.startsWith('.')) return undefined;
    const cached = this.cache.get(name);
    if (cached) return cached;
    const file = path.join(this.dist, 'assets', name);
    if (!existsSync(file)) return undefined;
    const entry = { body: readFileSync(file), type: TYPES[path.extname(name)] ?? 'application/octet-stream' };
    this.cache.set(name, entry);
    return entry;
  }
}

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>gatelink console</title>
<p>The gatelink console is not built. Run <code>npm run build</code> (or <code>npm install</code>) in the gatelink repository, then reload.</p>
<p>The admin API is available meanwhile: <a href="/v1/status">/v1/status</a>.</p>`;
