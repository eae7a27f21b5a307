/**
 * examples/rest-proxy (seed 003) through `gatelink up --cdk-dir examples/rest-proxy`, as a user runs
 * it: `$API/prod/blog` answers from the Python (standard library) service and `$API/prod/webpage`
 * from the TypeScript one, through REST API → HTTP proxy to the internet-facing ALB's DNS name → the
 * ALB's path rules → the task on its own port; the ALB's public host port answers directly too;
 * hostile input on that public listener gets clean 400s and the system keeps serving. Then the L4
 * variant, `-c variant=nlb`: REST API → VPC link → NLB (a listener port per service).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { allHealthy, eventually, repoRoot, startSystem } from './system.js';
import type { RunningSystem } from './system.js';

const EXAMPLE = ['--cdk-dir', 'examples/rest-proxy'];
const running: RunningSystem[] = [];
let system: RunningSystem;

interface BlogAnswer { service: string; language: string; runtime: string; path: string; posts?: unknown[]; post?: { id: number } }
interface PublicListeners { loadBalancers?: { type: string; scheme: string; listeners: { url?: string }[] }[] }

async function up(args: string[]): Promise<RunningSystem> {
  const startedAt = Date.now();
  const started = await startSystem({ args });
  running.push(started);
  await eventually(async () => allHealthy(await started.status()), 180_000, `both services healthy\n${started.output()}`);
  console.log(`# rest-proxy ${args.join(' ')}: start-to-healthy ${Date.now() - startedAt} ms`);
  return started;
}

before(async () => {
  execFileSync('node', ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'ignore' });
  system = await up(EXAMPLE);
});
after(async () => {
  for (const target of running) await target.stop().catch(() => undefined);
});

const api = (target = system) => `${target.gateway}/prod`;

async function publicAlbUrl(): Promise<string> {
  const status = (await system.status()) as unknown as PublicListeners;
  const alb = status.loadBalancers?.find((lb) => lb.type === 'application' && lb.scheme === 'internet-facing');
  const url = alb?.listeners[0]?.url;
  assert.ok(url, 'the internet-facing ALB listener has a host port');
  return url;
}

/** The blog answered: JSON from CPython, not from the webpage service nor the ALB. */
async function expectBlog(response: Response, path: string): Promise<BlogAnswer> {
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('content-type'), 'application/json');
  const body = (await response.json()) as BlogAnswer;
  assert.equal(body.service, 'blog');
  assert.equal(body.language, 'python', 'the Python service answered');
  assert.match(body.runtime, /^CPython 3\./);
  assert.equal(body.path, path);
  return body;
}

/** The webpage answered: HTML from the TypeScript service on Node. */
async function expectWebpage(response: Response): Promise<void> {
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
  const html = await response.text();
  assert.match(html, /data-service="webpage" data-language="typescript"/);
  assert.match(html, /Served by TypeScript on node v\d+/);
}

test('$API/prod/blog answers from the Python service and /webpage from the TypeScript one, through REST API → public ALB', async () => {
  const blog = await expectBlog(await fetch(`${api()}/blog`), '/blog');
  assert.equal(blog.posts?.length, 2);
  assert.equal((await expectBlog(await fetch(`${api()}/blog/posts/2`), '/blog/posts/2')).post?.id, 2, '{proxy+} reaches the blog with the rest of the path');
  await expectWebpage(await fetch(`${api()}/webpage`));
  const info = (await (await fetch(`${api()}/webpage/info`)).json()) as { language: string; framework: string; path: string };
  assert.deepEqual([info.language, info.framework, info.path], ['typescript', 'fastify', '/webpage/info']);
  const unknown = await fetch(`${api()}/other`);
  assert.equal(unknown.status, 403, 'no such resource: the REST API’s Missing Authentication Token');
  await unknown.arrayBuffer();
});

test('the ALB’s public host port answers directly: its path rules pick the service, anything else its fixed 404', async () => {
  const url = await publicAlbUrl();
  await expectBlog(await fetch(`${url}/blog`), '/blog');
  await expectWebpage(await fetch(`${url}/webpage/anything`));
  const other = await fetch(`${url}/`);
  assert.equal(other.status, 404);
  assert.equal(other.headers.get('server'), 'awselb/2.0');
  assert.deepEqual(await other.json(), { message: 'no route: try /blog or /webpage' });
});

/** Writes `bytes` on a raw connection and returns what came back until the server closed it (or 5 s). */
function raw(url: string, bytes: string): Promise<{ text: string; closed: boolean }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    let text = '';
    const finish = (closed: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, closed });
    };
    const timer = setTimeout(() => finish(false), 5_000);
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
    socket.write(bytes);
  });
}

test('hostile input on the public listener: malformed request line, oversized head, CL+TE smuggling — clean 400s, connection closed, still serving', async () => {
  const url = await publicAlbUrl();
  const shapes = {
    'malformed request line': 'GET /blog HTTP/1.1 trailing garbage\r\nHost: x\r\n\r\n',
    'binary garbage': '\u0000\u0001\u0002 NOT HTTP\r\n\r\n',
    'headers over 64 KB': `GET /blog HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(70 * 1024)}\r\n\r\n`,
    'CL+TE smuggling': 'POST /blog HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n',
  };
  for (const [shape, bytes] of Object.entries(shapes)) {
    const { text, closed } = await raw(url, bytes);
    assert.match(text, /^HTTP\/1\.1 400 Bad Request\r\n/, `${shape}: ${text.slice(0, 80)}`);
    assert.equal(text.match(/HTTP\/1\.1 /g)?.length, 1, `${shape}: one answer, nothing smuggled through`);
    assert.ok(closed, `${shape}: the connection is closed`);
  }
  await expectBlog(await fetch(`${url}/blog`), '/blog');
  await expectBlog(await fetch(`${api()}/blog`), '/blog');
  await expectWebpage(await fetch(`${api()}/webpage`));
  assert.ok(allHealthy(await system.status()), 'every task still healthy');
  assert.doesNotMatch(system.output(), /\/smuggled/, 'the smuggled request never reached a service');
});

test('-c variant=nlb: the same paths through REST API → VPC link → NLB, the integration URI’s port picking the service', async () => {
  const nlb = await up([...EXAMPLE, '-c', 'variant=nlb']);
  try {
    const status = (await nlb.status()) as unknown as PublicListeners;
    assert.deepEqual(status.loadBalancers?.map((lb) => `${lb.type} ${lb.scheme}`), ['network internal'], 'the context reached the synth: only the NLB');
    await expectBlog(await fetch(`${api(nlb)}/blog/posts/1`), '/blog/posts/1');
    await expectWebpage(await fetch(`${api(nlb)}/webpage`));
  } finally {
    await nlb.stop();
  }
});
