import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { GatelinkError } from '../../src/errors.js';
import { listenTracked } from '../../src/http/listen.js';

test('a taken port is GL_ERR_PORT_IN_USE naming the port and the server, not a raw EADDRINUSE', async (t) => {
  const holder = http.createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => holder.close(() => resolve())));
  const port = (holder.address() as AddressInfo).port;
  const error = await listenTracked(http.createServer(), port, '127.0.0.1', 'the admin API').then(
    () => undefined,
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof GatelinkError, `a GatelinkError, got ${String(error)}`);
  assert.equal(error.code, 'GL_ERR_PORT_IN_USE');
  assert.equal(error.message, `port ${port} on 127.0.0.1 is already in use (the admin API)`);
  assert.match(error.hint, /--port/);
});

test('open connections are counted until they close', async (t) => {
  const server = http.createServer((_req, res) => res.end('ok'));
  const { port, sockets } = await listenTracked(server, 0, '127.0.0.1', 'a test server');
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const agent = new http.Agent({ keepAlive: true });
  await new Promise<void>((resolve) => http.get({ port, host: '127.0.0.1', agent }, (res) => res.resume().on('end', resolve)));
  assert.equal(sockets.size, 1);
  agent.destroy();
  await new Promise<void>((resolve) => {
    const wait = (): void => (sockets.size === 0 ? resolve() : void setTimeout(wait, 5));
    wait();
  });
});
