/**
 * What each Dockerfile says about running its image, kept in the data dir by content hash. Parsing
 * (dockerfile-ast, loaded for it) took ~90 ms of every `gatelink up` before the first task could be
 * launched; an unchanged Dockerfile is now one read and one hash. A changed one is parsed again.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parseDockerfile } from './dockerfile.js';
import type { DockerBuildOptions, DockerfileRunInfo } from './dockerfile.js';

/** Enough for every Dockerfile of an app and its recent versions; the oldest entries go first. */
const MAX_ENTRIES = 64;

export class DockerfileCache {
  private entries: Map<string, DockerfileRunInfo> | undefined;

  constructor(
    private readonly cacheFile: string,
    private readonly parse: (content: string, build?: DockerBuildOptions) => DockerfileRunInfo = parseDockerfile,
  ) {}

  async read(dockerfile: string, build: DockerBuildOptions = {}): Promise<DockerfileRunInfo> {
    const content = await readFile(dockerfile, 'utf8');
    // The target stage and the build args are part of the key: one Dockerfile runs differently per stage and args.
    const key = createHash('sha256').update(content).update(buildKey(build)).digest('hex');
    const entries = this.load();
    const known = entries.get(key);
    if (known) return known;
    // As JSON keeps it (no undefined members), so a hit and a miss give the same value.
    const info = JSON.parse(JSON.stringify(this.parse(content, build))) as DockerfileRunInfo;
    entries.set(key, info);
    this.save(entries);
    return info;
  }

  private load(): Map<string, DockerfileRunInfo> {
    if (this.entries) return this.entries;
    try {
      this.entries = new Map(Object.entries(JSON.parse(readFileSync(this.cacheFile, 'utf8')) as Record<string, DockerfileRunInfo>));
    } catch {
      // Absent or unreadable: a cache only, rebuilt as Dockerfiles are parsed.
      this.entries = new Map();
    }
    return this.entries;
  }

  private save(entries: Map<string, DockerfileRunInfo>): void {
    for (const key of [...entries.keys()].slice(0, Math.max(0, entries.size - MAX_ENTRIES))) entries.delete(key);
    try {
      writeFileSync(this.cacheFile, JSON.stringify(Object.fromEntries(entries)));
    } catch {
      // A read-only data dir only costs the parse next time.
    }
  }
}

/** A stable text for the build options (args sorted by name); empty when there are none, as before args were keyed. */
function buildKey(build: DockerBuildOptions): string {
  const args = Object.entries(build.buildArgs ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (build.target === undefined && args.length === 0) return '';
  return `\0${build.target ?? ''}${args.length > 0 ? `\0${JSON.stringify(args)}` : ''}`;
}
