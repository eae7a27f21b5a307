import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { PassThrough, Readable } from 'node:stream';
import { test } from 'node:test';
import { Pool } from 'undici';
import { forwardRequest } from '../../src/proxy/forward.js';
import type { UpstreamRequest } from '../../src/proxy/forward.js';
import { startTarget, waitFor } from '../elb/helpers.js';

type After = { after: (fn: () => Promise<void> | void) => void };

function pool(t: After, port: number): Pool {
  const created = new Pool(`http://127.0.0.1:${port}`, { pipelining: 1 });
  t.after(() => created.destroy());
  return created;
}

function upstream(overrides: Partial<UpstreamRequest>): UpstreamRequest {
  return { method: 'GET', path: '/', headers: { host: 'x' }, body: null, signal: new AbortController().signal, headersTimeoutMs: 5000, bodyTimeoutMs: 5000, ...overrides };
}

/** Rejects when `promise` takes longer than `ms`: a buffering proxy would deadlock these tests. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms)));
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

test('the request body streams: the target answers after the first chunk, before the client sent the rest', async (t) => {
  let received = 0;
  const target = await startTarget((req, res) => {
    req.once('data', () => res.writeHead(200).write('got first chunk\n'));
    req.on('data', (chunk: Buffer) => (received += chunk.length));
    req.on('end', () => res.end(`total ${received}`));
  });
  t.after(() => target.close());
  const body = new PassThrough();
  body.write(Buffer.alloc(64 * 1024, 1));
  const outcome = await within(forwardRequest(pool(t, target.port), upstream({ method: 'POST', path: '/upload', body })), 3000, 'the response head');
  assert.ok(outcome.ok);
  // Only now does the client send the rest: a proxy that buffered the body could never get here.
  body.end(Buffer.alloc(64 * 1024, 2));
  const text = await new Response(Readable.toWeb(outcome.response.body as Readable) as ReadableStream).text();
  assert.equal(text, `got first chunk\ntotal ${128 * 1024}`);
});

test('the response body streams: the client reads the first chunk before the target writes the last', async (t) => {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const target = await startTarget((_req, res) => {
    res.writeHead(200).write('first ');
    void released.then(() => res.end('last'));
  });
  t.after(() => target.close());
  const outcome = await forwardRequest(pool(t, target.port), upstream({ path: '/stream' }));
  assert.ok(outcome.ok);
  const body = outcome.response.body as Readable;
  const [first] = (await within(once(body, 'data'), 3000, 'the first chunk')) as [Buffer];
  assert.equal(first.toString(), 'first ');
  release();
  const rest: Buffer[] = [];
  for await (const chunk of body) rest.push(chunk as Buffer);
  assert.equal(Buffer.concat(rest).toString(), 'last');
});

test('a large body passes with back-pressure: a target that stops reading stops the sender', async (t) => {
  const size = 48 * 1024 * 1024;
  let received = 0;
  let paused: IncomingMessage | undefined;
  const target = await startTarget((req, res) => {
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (paused === undefined && received >= 1024 * 1024) {
        paused = req;
        req.pause();
      }
    });
    req.on('end', () => res.writeHead(200).end(String(received)));
  });
  t.after(() => target.close());
  const chunk = Buffer.alloc(64 * 1024, 7);
  let produced = 0;
  const body = Readable.from(
    (function* () {
      while (produced < size) {
        produced += chunk.length;
        yield chunk;
      }
    })(),
  );
  const pending = forwardRequest(pool(t, target.port), upstream({ method: 'PUT', path: '/big', body, headersTimeoutMs: 30_000 }));
  await waitFor(() => paused !== undefined, 5000, 'the target to stop reading');
  await waitForQuiet(() => produced);
  // Socket buffers hold a few MB at most; a proxy that buffered bodies would have read all 48 MB.
  assert.ok(produced - received < 16 * 1024 * 1024, `${((produced - received) / 1024 / 1024).toFixed(1)} MB read ahead of the target`);
  assert.ok(produced < size, 'the sender was held back');
  paused?.resume();
  const outcome = await pending;
  assert.ok(outcome.ok);
  const text = await new Response(Readable.toWeb(outcome.response.body as Readable) as ReadableStream).text();
  assert.equal(Number(text), size);
});

/** Waits until `sample()` stops changing between two polls 25 ms apart (the pipeline is full). */
async function waitForQuiet(sample: () => number, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  while (sample() !== last) {
    if (Date.now() > deadline) throw new Error('the sender never stopped');
    last = sample();
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

test('a client abort mid-response closes the upstream request', async (t) => {
  let upstreamClosed = false;
  const target = await startTarget((req: IncomingMessage, res) => {
    res.writeHead(200).write('part ');
    res.once('close', () => (upstreamClosed = true));
  });
  t.after(() => target.close());
  const controller = new AbortController();
  const outcome = await forwardRequest(pool(t, target.port), upstream({ path: '/forever', signal: controller.signal }));
  assert.ok(outcome.ok);
  const body = outcome.response.body as Readable;
  body.on('error', () => undefined);
  await once(body, 'data');
  controller.abort();
  await waitFor(() => upstreamClosed, 2000, 'the target to see its connection close');
});

test('a client abort before the response head ends the attempt as client-aborted and closes upstream', async (t) => {
  let seen = false;
  let upstreamClosed = false;
  const target = await startTarget((req) => {
    seen = true;
    req.socket.once('close', () => (upstreamClosed = true));
  });
  t.after(() => target.close());
  const controller = new AbortController();
  const pending = forwardRequest(pool(t, target.port), upstream({ path: '/hang', signal: controller.signal }));
  await waitFor(() => seen, 2000, 'the target to receive the request');
  controller.abort();
  const outcome = await pending;
  assert.equal(outcome.ok, false);
  assert.equal(!outcome.ok && outcome.failure.kind, 'client-aborted');
  await waitFor(() => upstreamClosed, 2000, 'the upstream socket to close');
});

test('connections are kept alive and reused between requests', async (t) => {
  const remotePorts = new Set<number>();
  const target = await startTarget((req, res) => {
    remotePorts.add(req.socket.remotePort ?? 0);
    res.end('ok');
  });
  t.after(() => target.close());
  const dispatcher = pool(t, target.port);
  for (let i = 0; i < 5; i += 1) {
    const outcome = await forwardRequest(dispatcher, upstream({ path: '/again' }));
    assert.ok(outcome.ok);
    await outcome.response.body?.resume().once('end', () => undefined);
    await once(outcome.response.body as Readable, 'close');
    // The pool marks the connection free on the tick after the response completes; a request sent
    // in that same tick would open a second one (never the case for a real client's next request).
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.equal(remotePorts.size, 1);
});

test('a body that arrived whole with its head comes as one Buffer; a streaming one as a stream, chunks in order', async (t) => {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const target = await startTarget((req, res) => {
    if (req.url === '/small') res.end('{"ok":true}');
    else if (req.url === '/empty') res.writeHead(204).end();
    else {
      res.writeHead(200).write('first ');
      void released.then(() => res.end('last'));
    }
  });
  t.after(() => target.close());
  const dispatcher = pool(t, target.port);
  const small = await forwardRequest(dispatcher, upstream({ path: '/small' }));
  assert.ok(small.ok);
  assert.equal(small.response.wholeBody?.toString(), '{"ok":true}');
  // A caller that wants a stream still gets one, with the same bytes.
  assert.equal(await new Response(Readable.toWeb(small.response.body as Readable) as ReadableStream).text(), '{"ok":true}');
  const empty = await forwardRequest(dispatcher, upstream({ path: '/empty' }));
  assert.ok(empty.ok);
  assert.equal(empty.response.wholeBody?.length, 0);
  const streaming = await forwardRequest(dispatcher, upstream({ path: '/stream' }));
  assert.ok(streaming.ok);
  assert.equal(streaming.response.wholeBody, undefined, 'not complete yet: it must stream');
  release();
  const text = await new Response(Readable.toWeb(streaming.response.body as Readable) as ReadableStream).text();
  assert.equal(text, 'first last');
});
