import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { RequestListener, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { keepSchedule, runPacedLoad } from '../src/paced-load.js';

async function serve(listener: RequestListener): Promise<{ server: Server; url: string }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/health?x=1` };
}

test('the schedule spreads requests evenly over the run instead of sending them at once', async () => {
  const sentAt: number[] = [];
  const start = performance.now();
  await keepSchedule(40, 200, () => sentAt.push(performance.now() - start));
  assert.equal(sentAt.length, 40);
  // At 200/s the 21st request is due at 100 ms: a burst would have sent it at once.
  assert.ok((sentAt[20] as number) >= 95, `21st sent at ${sentAt[20]} ms`);
  assert.ok((sentAt[39] as number) >= 190, `last sent at ${sentAt[39]} ms`);
});

test('a late wake-up sends every request that fell due, so the overall count and rate hold', async () => {
  let clock = 0;
  let sent = 0;
  const counts: number[] = [];
  const done = keepSchedule(20, 100, () => sent++, () => clock);
  counts.push(sent); // the first request goes at once
  clock = 55; // the timer woke 45 ms late: requests 2..6 (due at 10..50 ms) are all due
  await new Promise((resolve) => setTimeout(resolve, 20));
  counts.push(sent);
  clock = 1_000;
  await done;
  assert.deepEqual(counts, [1, 6]);
  assert.equal(sent, 20);
});

test('a paced run sends rate × duration requests and times every 2xx answer', async () => {
  let seen = 0;
  const { server, url } = await serve((req, res) => {
    seen++;
    assert.equal(req.url, '/health?x=1');
    res.end('ok');
  });
  try {
    const result = await runPacedLoad({ url, rate: 100, durationSeconds: 0.5, connections: 4 });
    assert.equal(seen, 50);
    assert.equal(result.responses, 50);
    assert.equal(result.errors, 0);
    assert.equal(result.rps, 100);
    assert.ok(result.p50 > 0 && result.p99 >= result.p50, `p50 ${result.p50} p99 ${result.p99}`);
  } finally {
    server.close();
  }
});

test('open loop: requests keep going out on time while earlier ones wait for their answers', async () => {
  let received = 0;
  let receivedAtFirstAnswer = -1;
  const { server, url } = await serve((_req, res) => {
    received++;
    setTimeout(() => {
      if (receivedAtFirstAnswer < 0) receivedAtFirstAnswer = received;
      res.end('slow');
    }, 300);
  });
  try {
    const result = await runPacedLoad({ url, rate: 100, durationSeconds: 0.5, connections: 60 });
    assert.equal(result.responses, 50);
    // ~30 were due in the first 300 ms; a closed loop would have sent one per connection in use.
    assert.ok(receivedAtFirstAnswer >= 20, `received ${receivedAtFirstAnswer} before the first answer`);
    assert.ok(result.p50 >= 290, `latency counts the server's 300 ms: p50 ${result.p50}`);
    // The last answers come ~300 ms after the 0.5 s schedule: the achieved rate is 50 in ~0.8 s.
    assert.ok(result.rps > 50 && result.rps < 70, `achieved rate ${result.rps}`);
  } finally {
    server.close();
  }
});

test('non-2xx answers and requests unanswered after the drain count as errors, once each', async () => {
  let count = 0;
  const { server, url } = await serve((_req, res) => {
    count++;
    if (count % 2 === 0) res.writeHead(503).end();
    else if (count === 5) return; // never answered
    else res.end('ok');
  });
  try {
    const result = await runPacedLoad({ url, rate: 50, durationSeconds: 0.2, connections: 10, drainMs: 200 });
    assert.equal(count, 10);
    assert.equal(result.responses, 4, '1, 3, 7, 9');
    assert.equal(result.errors, 6, 'five 503s and one unanswered');
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
