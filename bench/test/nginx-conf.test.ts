import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { TwoHops } from '../src/model.js';
import { findNginx, startNginx } from '../src/nginx.js';
import { nginxConf, upstreamName } from '../src/nginx-conf.js';
import { waitFor } from '../src/processes.js';

const bookstore: TwoHops = {
  routes: [{ method: 'ANY', path: '/{proxy+}' }],
  rules: [
    { pathPatterns: ['/api/books*'], action: { kind: 'forward', upstream: 'books-tg' } },
    { pathPatterns: ['/api/authors*'], action: { kind: 'forward', upstream: 'authors-tg' } },
  ],
  defaultAction: { kind: 'fixed', status: 200, contentType: 'text/plain', body: "it's up" },
  upstreams: [
    { name: 'books-tg', ports: [4001, 4002] },
    { name: 'authors-tg', ports: [4003] },
  ],
};

const conf = (hops: TwoHops = bookstore, prefix = '/tmp/p'): string => nginxConf({ prefix, gatewayPort: 3000, albPort: 3001, workers: '1', hops });

test('runs in the foreground with every file nginx writes under the prefix', () => {
  const text = conf();
  assert.match(text, /^daemon off;$/m);
  assert.match(text, /^pid \/tmp\/p\/nginx\.pid;$/m);
  assert.match(text, /^error_log \/tmp\/p\/error\.log warn;$/m);
  for (const temp of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) assert.match(text, new RegExp(`${temp}_temp_path /tmp/p/${temp};`));
  assert.doesNotMatch(text, /^user /m, 'no user directive: a non-root master must not need one');
});

test('two hops: the gateway proxies to the ALB server, the ALB to the target group, both over keep-alive', () => {
  const text = conf();
  assert.match(text, /upstream alb \{\s+server 127\.0\.0\.1:3001;\s+keepalive 64;/);
  assert.match(text, new RegExp(`upstream ${upstreamName('books-tg')} \\{\\s+server 127\\.0\\.0\\.1:4001;\\s+server 127\\.0\\.0\\.1:4002;\\s+keepalive 64;`));
  assert.match(text, /listen 127\.0\.0\.1:3000;\s+location ~ "\^\/\.\+\$" \{\s+proxy_pass http:\/\/alb;\s+proxy_set_header Connection "";/);
  // Every proxying location clears Connection itself: proxy_set_header is not inherited past a level that sets any.
  assert.equal(text.match(/proxy_pass/g)?.length, text.match(/proxy_set_header Connection "";/g)?.length);
});

test('ALB rules become regex locations in priority order, then the default action', () => {
  const text = conf();
  const books = text.indexOf('location ~ "(^/api/books.*$)"');
  const authors = text.indexOf('location ~ "(^/api/authors.*$)"');
  const fallback = text.indexOf("return 200 'it\\'s up';");
  assert.ok(books > 0 && authors > books && fallback > authors, text);
  assert.match(text, /X-Forwarded-For \$proxy_add_x_forwarded_for;/);
});

test('method routes check the method; without a $default route unmatched paths get API Gateway’s 404', () => {
  const text = conf({ ...bookstore, routes: [{ method: 'GET', path: '/api/books/{id}' }] });
  assert.match(text, /location ~ "\^\/api\/books\/\[\^\/\]\+\$" \{\s+if \(\$request_method != GET\) \{ return 404 '\{"message":"Not Found"\}'; \}/);
  assert.match(text, /location \/ \{\s+default_type application\/json;\s+return 404 '\{"message":"Not Found"\}';/);
});

test('nginx itself accepts the generated config (skipped without nginx)', { skip: findNginx() === undefined && 'nginx not installed' }, () => {
  const prefix = mkdtempSync(path.join(tmpdir(), 'bench-nginx-conf-'));
  try {
    const file = path.join(prefix, 'nginx.conf');
    writeFileSync(file, conf(bookstore, prefix));
    const result = spawnSync(findNginx() as string, ['-t', '-q', '-e', path.join(prefix, 'error.log'), '-c', file, '-p', prefix], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
  } finally {
    rmSync(prefix, { recursive: true, force: true });
  }
});

const withAccessLog: TwoHops = {
  ...bookstore,
  accessLogFormat: JSON.stringify({ requestId: '$context.requestId', ip: '$context.identity.sourceIp', routeKey: '$context.routeKey', status: '$context.status', stage: "it's $stageVariables.x", one: '$x.' }),
};

test('a stage with access logging: the gateway server writes the same line per request, buffered as gatelink does', () => {
  const text = conf(withAccessLog);
  assert.match(text, /^ {2}log_format apigw escape=json '\{"requestId":"\$\{request_id\}","ip":"\$\{remote_addr\}","routeKey":"-","status":"\$\{status\}","stage":"it\\'s -","one":"-\."\}';$/m);
  const gateway = text.slice(text.indexOf('listen 127.0.0.1:3000;'), text.indexOf('listen 127.0.0.1:3001;'));
  assert.match(gateway, /access_log \/tmp\/p\/access\.log apigw buffer=64k flush=100ms;/);
  assert.doesNotMatch(conf(), /log_format|access\.log/, 'no access log when the stage writes none');
});

test('nginx runs the access-log config and writes one JSON line per request (skipped without nginx)', { skip: findNginx() === undefined && 'nginx not installed' }, async () => {
  let seen: IncomingHttpHeaders = {};
  const task = createServer((req, res) => {
    seen = req.headers;
    res.end('{"status":"ok"}');
  });
  await new Promise<void>((resolve) => task.listen(0, '127.0.0.1', resolve));
  const port = (task.address() as AddressInfo).port;
  const hops: TwoHops = { ...withAccessLog, upstreams: [{ name: 'books-tg', ports: [port] }, { name: 'authors-tg', ports: [port] }] };
  const nginx = await startNginx(findNginx() as string, hops, { workers: '1', probePath: '/api/books/health' });
  try {
    const response = await fetch(`${nginx.gatewayUrl}/api/books/7`);
    assert.equal(response.status, 200);
    const requestId = response.headers.get('apigw-requestid') ?? '';
    const log = path.join(nginx.prefix, 'access.log');
    const line = (): string | undefined => readIfThere(log).split('\n').find((candidate) => candidate.includes(requestId));
    assert.ok(await waitFor(() => line() !== undefined, 5_000), `no line for ${requestId} in ${log}`);
    assert.deepEqual(JSON.parse(line() as string), { requestId, ip: '127.0.0.1', routeKey: '-', status: '200', stage: "it's -", one: '-.' });
    // The headers both hops add on the way, as gatelink adds them.
    const gatewayHost = new URL(nginx.gatewayUrl).host;
    assert.equal(seen.forwarded, `by=127.0.0.1;for=127.0.0.1;host=${gatewayHost};proto=http`);
    assert.equal(seen.via, 'HTTP/1.1 AmazonAPIGateway');
    assert.equal(seen['x-forwarded-proto'], 'http');
    assert.match(String(seen['x-amzn-trace-id']), /^Root=1-[0-9a-f]{32}$/);
  } finally {
    await nginx.stop();
    task.close();
  }
});

function readIfThere(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
