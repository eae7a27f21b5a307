// Which Node.js gatelink runs on: the oldest it supports is package.json's engines.node (">=X.Y.Z").
// Plain JavaScript that any Node with ES modules runs, imported by bin/gatelink.js before anything
// else is, so that an old Node gets this message rather than a syntax or API error from deep inside.
import { readFileSync } from 'node:fs';

/** The error registry's code for this (packages/gatelink/src/errors.ts, docs/errors.md). */
export const NODE_UNSUPPORTED = 'GL_ERR_NODE_UNSUPPORTED';

export function oldestSupported(packageJson = new URL('../package.json', import.meta.url)) {
  const range = JSON.parse(readFileSync(packageJson, 'utf8')).engines.node;
  const match = /^>=\s*(\d+)\.(\d+)\.(\d+)$/.exec(range.trim());
  if (!match) throw new Error(`gatelink's engines.node must read ">=X.Y.Z", not ${range}`);
  return match.slice(1).map(Number);
}

/** undefined when `version` ("20.11.1") is supported, else the message to print. */
export function unsupportedNodeMessage(version, oldest = oldestSupported()) {
  const parts = version.replace(/^v/, '').split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    if ((parts[i] ?? 0) > oldest[i]) return undefined;
    if ((parts[i] ?? 0) < oldest[i]) {
      return `gatelink: Node.js ${oldest.join('.')} or newer is needed, this is ${version}\n` +
        '  Run gatelink through npm (npm start, npx gatelink, an npm script): the project pins a supported Node as a dev dependency; or install a current Node LTS.\n' +
        `  (${NODE_UNSUPPORTED})\n`;
    }
  }
  return undefined;
}
