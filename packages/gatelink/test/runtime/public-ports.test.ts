/** Host ports of internet-facing listeners: configured, remembered across runs, or free; conflicts reported. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import pino from 'pino';
import { GatelinkError, isGatelinkError } from '../../src/errors.js';
import { PUBLIC_PORTS_FILE, PublicPorts } from '../../src/runtime/public-ports.js';

const logger = pino({ level: 'silent' });

function listenOn(servers: net.Server[]): (port: number) => Promise<number> {
  return (port) =>
    new Promise((resolve, reject) => {
      const server = net.createServer();
      server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new GatelinkError('GL_ERR_PORT_IN_USE', { port, host: '127.0.0.1', what: 'test' }) : error));
      server.listen(port, '127.0.0.1', () => {
        servers.push(server);
        resolve((server.address() as net.AddressInfo).port);
      });
    });
}

function closeAll(servers: net.Server[]): Promise<void> {
  return Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve)))).then(() => undefined);
}

test('a listener keeps the host port it got on the first run', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatelink-ports-'));
  const servers: net.Server[] = [];
  t.after(async () => {
    await closeAll(servers);
    rmSync(dir, { recursive: true, force: true });
  });
  const first = new PublicPorts(dir, {}, logger);
  const port = await first.bind('App/PublicAlb:80', listenOn(servers));
  first.save();
  assert.equal(JSON.parse(readFileSync(path.join(dir, PUBLIC_PORTS_FILE), 'utf8'))['App/PublicAlb:80'], port);
  await closeAll(servers);
  const second = new PublicPorts(dir, {}, logger);
  assert.equal(await second.bind('App/PublicAlb:80', listenOn(servers)), port);
});

test('a configured port that is taken fails with GL_ERR_PUBLIC_PORT_IN_USE naming the listener', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatelink-ports-'));
  const servers: net.Server[] = [];
  t.after(async () => {
    await closeAll(servers);
    rmSync(dir, { recursive: true, force: true });
  });
  const taken = await listenOn(servers)(0);
  const ports = new PublicPorts(dir, { 'App/PublicNlb:443': taken }, logger);
  await assert.rejects(ports.bind('App/PublicNlb:443', listenOn(servers)), (error: unknown) => isGatelinkError(error, 'GL_ERR_PUBLIC_PORT_IN_USE') && error.message.includes('App/PublicNlb:443') && error.hint.includes('publicPorts'));
});

test('a remembered port that is taken now is replaced by a free one', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatelink-ports-'));
  const servers: net.Server[] = [];
  t.after(async () => {
    await closeAll(servers);
    rmSync(dir, { recursive: true, force: true });
  });
  const first = new PublicPorts(dir, {}, logger);
  const port = await first.bind('App/PublicAlb:80', listenOn(servers));
  first.save();
  // The listener still holds it: a second gatelink's remembered port is taken.
  const second = new PublicPorts(dir, {}, logger);
  const replacement = await second.bind('App/PublicAlb:80', listenOn(servers));
  assert.notEqual(replacement, port);
});

test('two listeners configured on one port is a configuration error', () => {
  assert.throws(() => new PublicPorts(tmpdir(), { 'A/Alb:80': 8081, 'A/Nlb:80': 8081 }, logger), (error: unknown) => isGatelinkError(error, 'GL_ERR_CONFIG_INVALID') && error.message.includes('both ask for port 8081'));
});
