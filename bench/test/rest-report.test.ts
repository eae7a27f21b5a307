/** `npm run bench -- rest`: the nginx hops it compares against, and its report. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseBenchArgs } from '../src/args.js';
import type { LoadResult } from '../src/load.js';
import { nginxRestConf } from '../src/nginx-rest-conf.js';
import { restReport } from '../src/rest.js';

const conf = nginxRestConf({ prefix: '/tmp/p', streamModule: '/m/stream.so', gatewayPort: 1001, nlbPort: 1002, albPort: 1003, taskPort: 1004, stage: 'prod', resourcePrefix: '/api/', workers: 'auto' });

test('rest is a bench mode', () => {
  assert.equal(parseBenchArgs(['rest']).mode, 'rest');
});

test('nginx stands for each hop: stage route → stream NLB → ALB → task, over keep-alive', () => {
  assert.match(conf, /^load_module \/m\/stream\.so;/);
  assert.match(conf, /stream \{ server \{ listen 127\.0\.0\.1:1002; proxy_pass 127\.0\.0\.1:1003; \} \}/);
  assert.match(conf, /location \/prod\/api\/ \{\n\s+proxy_pass http:\/\/nlb\/api\/;/, 'the stage prefix is dropped, the resource path kept');
  assert.match(conf, /upstream nlb \{\n\s+server 127\.0\.0\.1:1002;\n\s+keepalive 64;/);
  assert.match(conf, /listen 127\.0\.0\.1:1003;\n\s+location \/ \{\n\s+proxy_pass http:\/\/task;/);
  assert.match(conf, /upstream task \{\n\s+server 127\.0\.0\.1:1004;/);
  assert.match(conf, /proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;/);
  assert.match(conf, /add_header x-amzn-RequestId \$request_id always;/);
});

test('a path outside the stage resource gets the REST API’s 403 Missing Authentication Token', () => {
  assert.match(conf, /location \/ \{\n\s+default_type application\/json;\n.*\n\s+return 403 '\{"message":"Missing Authentication Token"\}';/);
});

test('everything nginx writes stays under its prefix', () => {
  for (const line of conf.split('\n').filter((candidate) => /_path |pid |error_log /.test(candidate))) assert.match(line, /\/tmp\/p\//, line);
});

const load = (rps: number, p50 = 1, p99 = 2): LoadResult => ({ rps, p50, p99, errors: 0, responses: rps * 10 });

test('the report: a row per target with its CPU per request, and gatelink’s throughput over nginx’s', () => {
  const report = restReport(
    [
      { name: 'task directly', max: load(10_000), rate: load(1000, 0.3, 0.9), cpuMicros: undefined },
      { name: 'gatelink REST API → VPC link → NLB → ALB → task', max: load(2000), rate: load(1000, 1.5, 4), cpuMicros: 480 },
      { name: 'nginx http → stream → http → task', max: load(4000), rate: load(1000, 0.8, 2.5), cpuMicros: 120 },
    ],
    { connections: 32, rate: 1000 },
    [],
  );
  assert.match(report, /gw µs\/req/);
  assert.match(report, /gatelink REST API → VPC link → NLB → ALB → task\s+2,000\s+480\s+1\.00\s+2\.00\s+1\.50\s+4\.00\s+0/);
  assert.match(report, /task directly\s+10,000\s+-/);
  assert.match(report, /gatelink\/nginx throughput ratio: 0\.50$/m);
});

test('without nginx the report says how to get it and has no ratio', () => {
  const report = restReport([{ name: 'gatelink REST', max: load(2000), rate: load(1000), cpuMicros: 400 }], { connections: 32, rate: 1000 }, ['nginx with its stream module not installed']);
  assert.match(report, /- nginx with its stream module not installed/);
  assert.doesNotMatch(report, /ratio/);
});
