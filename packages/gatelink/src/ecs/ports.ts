/** Port helpers for native tasks: pick a free loopback port, wait until a port accepts connections. */
import net from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';

/** A port the OS says is free right now (listen on 0, read it, close). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once `host:port` accepts a TCP connection; rejects when `signal` aborts. */
export async function waitForPort(port: number, signal: AbortSignal, host = '127.0.0.1', pollMs = 20): Promise<void> {
  while (!signal.aborted) {
    if (await accepts(port, host)) return;
    await delay(pollMs, undefined, { signal }).catch(() => undefined);
  }
  throw signal.reason ?? new Error('aborted');
}

function accepts(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
