/**
 * One undici `Pool` per upstream origin (keep-alive, pipelining 1), shared by every hop that talks
 * to that origin and reference-counted: the last user to let go closes it gracefully, or destroys it
 * when in-flight requests must be cut (a deregistration delay that ran out).
 */
import type { Pool } from 'undici';
// The Pool module alone: the package root also loads its fetch, WebSocket, cache and mock stacks
// (~120 ms at start, against ~50 ms for this), none of which the data plane uses.
import PoolClass from 'undici/lib/dispatcher/pool.js';

export interface PoolSettings {
  /** How long to wait for the TCP connection; the ALB gives up after 10 s (then 504). */
  readonly connectTimeoutMs: number;
  /** Largest response head accepted; the ALB allows 32 K of response headers (then 502). */
  readonly maxResponseHeaderBytes: number;
}

/** The ALB's connection limits toward targets. */
export const ALB_POOL_SETTINGS: PoolSettings = { connectTimeoutMs: 10_000, maxResponseHeaderBytes: 32 * 1024 };

interface Entry {
  readonly pool: Pool;
  refs: number;
}

export class PoolRegistry {
  private readonly pools = new Map<string, Entry>();

  constructor(private readonly settings: PoolSettings = ALB_POOL_SETTINGS) {}

  /** The pool for `origin` (`http://host:port`), created on first use; call `release` once per acquire. */
  acquire(origin: string): Pool {
    let entry = this.pools.get(origin);
    if (entry === undefined) {
      entry = { pool: this.createPool(origin), refs: 0 };
      this.pools.set(origin, entry);
    }
    entry.refs += 1;
    return entry.pool;
  }

  /** Lets go of one reference; at zero the pool closes (`graceful`) or aborts what is in flight (`force`). */
  release(origin: string, mode: 'graceful' | 'force' = 'graceful'): Promise<void> {
    const entry = this.pools.get(origin);
    if (entry === undefined) return Promise.resolve();
    entry.refs -= 1;
    if (entry.refs > 0) return Promise.resolve();
    this.pools.delete(origin);
    return (mode === 'force' ? entry.pool.destroy() : entry.pool.close()).catch(() => undefined);
  }

  /** Number of pools open (for tests and status). */
  get size(): number {
    return this.pools.size;
  }

  /** Destroys every pool: used at shutdown, after the data plane stopped taking requests. */
  async close(): Promise<void> {
    const entries = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(entries.map((entry) => entry.pool.destroy().catch(() => undefined)));
  }

  private createPool(origin: string): Pool {
    return new PoolClass(origin, {
      pipelining: 1,
      connectTimeout: this.settings.connectTimeoutMs,
      maxHeaderSize: this.settings.maxResponseHeaderBytes,
      allowH2: false,
    });
  }
}
