import assert from 'node:assert/strict';
import { test } from 'node:test';
import { actionFor, albPatternRegex, portsFor, routePathRegex } from '../src/model.js';
import type { TwoHops } from '../src/model.js';
import { parseMachineBusyTicks, parseRssKb, parseStat } from '../src/proc.js';

test('ALB path patterns: * is any run, ? one character, the rest literal', () => {
  const match = (pattern: string, path: string): boolean => new RegExp(albPatternRegex(pattern)).test(path);
  assert.ok(match('/api/books*', '/api/books/health'));
  assert.ok(match('/api/books*', '/api/books'));
  assert.ok(!match('/api/books*', '/API/books'));
  assert.ok(match('/v?/x', '/v1/x'));
  assert.ok(!match('/a.b', '/axb'));
});

test('HTTP API route paths: {name} is one segment, {name+} the rest', () => {
  const match = (route: string, path: string): boolean => new RegExp(routePathRegex(route)).test(path);
  assert.ok(match('/api/books/{id}', '/api/books/1'));
  assert.ok(!match('/api/books/{id}', '/api/books/1/x'));
  assert.ok(match('/{proxy+}', '/api/books/1/x'));
});

test('the first matching rule picks the target group; unmatched paths get the default action', () => {
  const hops: TwoHops = {
    routes: [],
    rules: [
      { pathPatterns: ['/api/books*'], action: { kind: 'forward', upstream: 'books' } },
      { pathPatterns: ['/api/*'], action: { kind: 'forward', upstream: 'other' } },
    ],
    defaultAction: { kind: 'fixed', status: 200 },
    upstreams: [{ name: 'books', ports: [4001, 4002] }],
  };
  assert.deepEqual(portsFor(hops, '/api/books/health'), [4001, 4002]);
  assert.deepEqual(portsFor(hops, '/api/authors/1'), []);
  assert.deepEqual(actionFor(hops, '/'), { kind: 'fixed', status: 200 });
});

test('/proc parsing: a command name with spaces and parentheses, and VmRSS', () => {
  const stat = '4242 (node (a) b) S 1 4240 4240 0 -1 4194560 100 0 0 0 150 25 0 0 20 0 11 0 1000 1000000 5000';
  assert.deepEqual(parseStat(stat), { pgid: 4240, ticks: 175 });
  assert.equal(parseRssKb('Name:\tnode\nVmRSS:\t  123456 kB\n'), 123_456);
  assert.equal(parseRssKb('Name:\tzombie\n'), 0);
});

test('/proc/stat: process-context ticks are user+nice+system, not idle, iowait or interrupts', () => {
  assert.equal(parseMachineBusyTicks('cpu  100 5 50 9000 30 1 2 0 0 0\ncpu0 1 2 3 4 5 6 7 0 0 0\n'), 155);
});
