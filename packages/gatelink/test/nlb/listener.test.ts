/** NLB TCP listeners: bytes both ways, one target per connection, resets where AWS drops, health and termination. */
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { capturingLogger, healthCheck, waitFor } from '../elb/helpers.js';
import { exchange, nlbGroup, nlbListener, nlbPlan, startNlb, startTcpTarget } from './helpers.js';

test('a connection is forwarded byte for byte, every byte value, both ways', async (t) => {
  const target = await startTcpTarget('a');
  const nlb = await startNlb(nlbPlan({ listener: nlbListener(['Tcp']), groups: [nlbGroup('Tcp')] }));
  t.after(async () => Promise.all([nlb.close(), target.close()]));
  nlb.balancers.targetGroup('Stack/Tcp').register({ id: 'a', host: '127.0.0.1', port: target.port });
  const payload = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  const { reply, ended } = await exchange(nlb.port, payload, payload.length + 2);
  assert.equal(ended, 'complete');
  assert.deepEqual(reply, Buffer.concat([Buffer.from('a:'), payload]));
});

test('a client that half-closes (sends FIN after its request) still gets the target’s answer', async (t) => {
  const target = await startTcpTarget('a');
  const nlb = await startNlb(nlbPlan({ listener: nlbListener(['Tcp']), groups: [nlbGroup('Tcp')] }));
  t.after(async () => Promise.all([nlb.close(), target.close()]));
  nlb.balancers.targetGroup('Stack/Tcp').register({ id: 'a', host: '127.0.0.1', port: target.port });
  const reply = await new Promise<string>((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port: nlb.port, allowHalfOpen: true });
    let text = '';
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.length >= 'a:request'.length) socket.destroy();
    });
    socket.on('close', () => resolve(text));
    socket.end('request');
  });
  assert.equal(reply, 'a:request');
});

test('a connection stays with one target for its life; new connections spread by flow hash', async (t) => {
  const targets = await Promise.all(['a', 'b', 'c'].map(startTcpTarget));
  const nlb = await startNlb(nlbPlan({ listener: nlbListener(['Tcp']), groups: [nlbGroup('Tcp')] }));
  t.after(async () => Promise.all([nlb.close(), ...targets.map((target) => target.close())]));
  for (const target of targets) nlb.balancers.targetGroup('Stack/Tcp').register({ id: target.name, host: '127.0.0.1', port: target.port });
  await waitFor(() => nlb.balancers.targetGroup('Stack/Tcp').snapshot().every((target) => target.state === 'healthy'), 3000, 'targets healthy');
  const socket = net.connect({ host: '127.0.0.1', port: nlb.port });
  t.after(() => socket.destroy());
  const seen = new Set<string>();
  for (let i = 0; i < 5; i++) {
    socket.write(`ping${i}`);
    const [chunk] = (await new Promise((resolve) => socket.once('data', (data: Buffer) => resolve([data])))) as Buffer[];
    seen.add(String(chunk).split(':')[0] ?? '');
  }
  assert.equal(seen.size, 1, 'one target answered every write of one connection');
  const answered = new Set<string>();
  for (let i = 0; i < 30; i++) answered.add(String((await exchange(nlb.port, 'x', 3)).reply).split(':')[0] ?? '');
  assert.equal(answered.size, 3, 'thirty connections reached all three targets');
});

test('no registered target: the connection is reset and the reset is logged', async (t) => {
  const { logger, lines } = capturingLogger();
  const nlb = await startNlb(nlbPlan({ listener: nlbListener(['Tcp']), groups: [nlbGroup('Tcp')] }), { logger });
  t.after(() => nlb.close());
  const { ended, code } = await exchange(nlb.port, 'hello', 1);
  assert.equal(ended, 'reset', `ended ${ended} (${code ?? ''})`);
  assert.ok(lines.some((line) => String(line.explanation).includes('no target group has a registered target')));
  assert.equal(nlb.nlbs.listeners()[0]?.metrics.snapshot().TCP_ELB_Reset_Count, 1);
});

test('new connections avoid an unhealthy target; when all are unhealthy the group fails open', async (t) => {
  const good = await startTcpTarget('good');
  const nlb = await startNlb(nlbPlan({ listener: nlbListener(['Tcp']), groups: [nlbGroup('Tcp')] }));
  t.after(async () => Promise.all([nlb.close(), good.close()]));
  const group = nlb.balancers.targetGroup('Stack/Tcp');
  // Nothing listens on the closed port: the TCP check fails (and so would traffic).
  const closed = await freePort();
  group.register({ id: 'good', host: '127.0.0.1', port: good.port });
  group.register({ id: 'gone', host: '127.0.0.1', port: closed });
  await waitFor(() => group.health('gone') === 'unhealthy' && group.health('good') === 'healthy', 3000, 'one healthy, one unhealthy');
  for (let i = 0; i < 20; i++) assert.equal((await exchange(nlb.port, 'x', 6)).reply.toString(), 'good:x');
  await good.close();
  await waitFor(() => group.health('good') === 'unhealthy', 3000, 'every target unhealthy');
  assert.equal(group.failOpen, true, 'with every target unhealthy the group fails open');
});

test('a target that turns unhealthy has its connections reset (target_health_state.unhealthy.connection_termination)', async (t) => {
  const web = await startHttpTarget();
  const other = await startHttpTarget();
  const group = nlbGroup('Http', { healthCheck: healthCheck({ protocol: 'HTTP', path: '/health', matcher: '200-399' }) });
  const nlb = await startNlb(nlbPlan({ listener: nlbListener(['Http']), groups: [group] }));
  t.after(async () => Promise.all([nlb.close(), web.close(), other.close()]));
  const runtime = nlb.balancers.targetGroup('Stack/Http');
  runtime.register({ id: 'web', host: '127.0.0.1', port: web.port });
  await waitFor(() => runtime.health('web') === 'healthy', 3000, 'web healthy');
  const socket = net.connect({ host: '127.0.0.1', port: nlb.port });
  const closed = new Promise<string>((resolve) => socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error')).once('close', () => resolve('closed')));
  socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  await new Promise((resolve) => socket.once('data', resolve));
  runtime.register({ id: 'other', host: '127.0.0.1', port: other.port });
  await waitFor(() => runtime.health('other') === 'healthy', 3000, 'other healthy');
  web.healthy = false;
  assert.equal(await closed, 'ECONNRESET');
});

/** An HTTP target whose /health answers 200 or 500 as `healthy` says. */
async function startHttpTarget(): Promise<{ port: number; healthy: boolean; close(): Promise<void> }> {
  const http = await import('node:http');
  const state = { healthy: true };
  const server = http.createServer((req, res) => res.writeHead(req.url === '/health' && !state.healthy ? 500 : 200).end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(state, {
    port: (server.address() as net.AddressInfo).port,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

test('security groups on the NLB that do not admit the client reset its connection and log the fix', async (t) => {
  const target = await startTcpTarget('a');
  const { logger, lines } = capturingLogger();
  const network = { canConnect: (_from: unknown, to: { port: number }) => (to.port === 80 ? { allowed: false as const, explanation: 'sg-nlb has no ingress rule for tcp/80', fix: 'allow it' } : { allowed: true as const }) };
  const nlb = await startNlb(nlbPlan({ listener: nlbListener(['Tcp']), groups: [nlbGroup('Tcp', { port: 8080 })], securityGroupIds: ['Stack/NlbSg'] }), { network, logger });
  t.after(async () => Promise.all([nlb.close(), target.close()]));
  nlb.balancers.targetGroup('Stack/Tcp').register({ id: 'a', host: '127.0.0.1', port: target.port, networkPort: 8080 });
  const { ended } = await exchange(nlb.port, 'x', 3);
  assert.equal(ended, 'reset');
  assert.ok(lines.some((line) => line.fix === 'allow it' && String(line.explanation).includes('sg-nlb')));
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
