import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { probe } from '../../src/elb/health/probe.js';

/** A raw TCP target that answers each connection with `reply` (written in pieces) and records what it was sent. */
async function rawTarget(t: { after(fn: () => Promise<void>): void }, reply: (socket: net.Socket) => void): Promise<{ port: number; received: string[] }> {
  const received: string[] = [];
  const server = net.createServer((socket) => {
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString();
      if (text.includes('\r\n\r\n')) {
        received.push(text);
        reply(socket);
      }
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port: (server.address() as net.AddressInfo).port, received };
}

const check = (port: number) => probe({ protocol: 'HTTP', host: '127.0.0.1', port, path: '/health?x=1', timeoutMs: 2_000 });

test('the status comes from the status line, even when it arrives in pieces', async (t) => {
  const target = await rawTarget(t, (socket) => {
    socket.write('HTTP/1.1 2');
    setImmediate(() => socket.end('04 No Content\r\nContent-Length: 0\r\n\r\n'));
  });
  assert.deepEqual(await check(target.port), { kind: 'status', statusCode: 204 });
  assert.equal(target.received[0], 'GET /health?x=1 HTTP/1.1\r\nHost: 127.0.0.1:' + target.port + '\r\nUser-Agent: ELB-HealthChecker/2.0\r\nConnection: close\r\n\r\n');
});

test('a reply that is not HTTP, or a close before any status line, is an error, not a status', async (t) => {
  const garbage = await rawTarget(t, (socket) => socket.end('SSH-2.0-OpenSSH\r\n'));
  const garbageOutcome = await check(garbage.port);
  assert.equal(garbageOutcome.kind, 'error');
  const silent = await rawTarget(t, (socket) => socket.end());
  const silentOutcome = await check(silent.port);
  assert.equal(silentOutcome.kind, 'error');
  assert.match(silentOutcome.kind === 'error' ? silentOutcome.message : '', /before a status line/);
});

test('no status line within the timeout is a timeout, and the socket is closed', async (t) => {
  let closed = false;
  const target = await rawTarget(t, (socket) => socket.once('close', () => (closed = true)));
  assert.deepEqual(await probe({ protocol: 'HTTP', host: '127.0.0.1', port: target.port, path: '/', timeoutMs: 50 }), { kind: 'timeout' });
  await new Promise<void>((resolve) => {
    const wait = (): void => (closed ? resolve() : void setTimeout(wait, 5));
    wait();
  });
});
