/**
 * The built single-page app, read into memory once at start: a handful of files, so every request is
 * a map lookup and no request path ever reaches the file system (no traversal to guard against).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

export interface StaticFile {
  readonly body: Buffer;
  readonly contentType: string;
  /** Vite's hashed assets never change; index.html must be revalidated to pick up a new build. */
  readonly cacheControl: string;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** Every file under `dir`, by URL path (`/index.html`, `/assets/index-3f2a.js`). */
export function loadStaticFiles(dir: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        walk(full);
        continue;
      }
      const urlPath = `/${path.relative(dir, full).split(path.sep).join('/')}`;
      files.set(urlPath, {
        body: readFileSync(full),
        contentType: CONTENT_TYPES[path.extname(entry.name).toLowerCase()] ?? 'application/octet-stream',
        cacheControl: urlPath.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      });
    }
  };
  walk(dir);
  if (!files.has('/index.html')) throw new Error(`${dir} has no index.html: build the front end first (npm run build)`);
  return files;
}
