/** `gatelink status` as tables: tasks with their revision, stopped tasks with exit code and last line, deployments. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Status } from '../../src/admin/status.js';
import { renderStatus } from '../../src/cli/status-table.js';

const status: Status = {
  version: 1,
  endpoints: { gateway: 'http://127.0.0.1:8080', admin: 'http://127.0.0.1:8090' },
  timings: 'local',
  services: [
    {
      name: 'bookService',
      desiredCount: 1,
      runningCount: 1,
      tasks: [{ id: 'aaaaaaaaaaaaaaaa', pid: 42, port: 4100, health: 'healthy', status: 'RUNNING', startedAt: '2026-11-23T00:00:00Z', revision: 2 }],
      stoppedTasks: [{ id: 'bbbbbbbbbbbbbbbb', exitCode: 7, signal: null, stoppedReason: 'Essential container in task exited', stoppedAt: '2026-11-23T00:00:00Z', lastLines: ['starting', 'Error: cannot find module x'], revision: 2 }],
      deployments: [{ id: 'ecs-svc/1234', revision: 2, status: 'ROLLED_BACK', reason: 'circuit breaker: 3 tasks failed to start', failedTasks: 3, startedAt: '2026-11-23T00:00:00Z' }],
    },
  ],
  targetGroups: [],
  routes: [{ api: 'shop (REST abc123)', stage: 'prod', routeKey: 'GET /items/{id}', integration: 'HTTP_PROXY http://backend/items/{id}' }],
  cloudMap: [],
};

test('tasks show their revision; stopped tasks their exit code, reason and last line; deployments their outcome', () => {
  const text = renderStatus(status);
  assert.match(text, /bookService\s+1\s+1\s+aaaaaaaaaaaa\s+2\s+42\s+4100\s+healthy/);
  assert.match(text, /bbbbbbbbbbbb\s+2\s+7\s+Essential container in task exited\s+Error: cannot find module x/);
  assert.match(text, /ecs-svc\/1234\s+2\s+ROLLED_BACK\s+3\s+circuit breaker/);
});

test('a task with container health checks or sidecars shows its task health and container count', () => {
  const [service] = status.services;
  const task = {
    id: 'cccccccccccccccc',
    pid: 43,
    port: 4101,
    health: 'healthy' as const,
    status: 'RUNNING',
    startedAt: '2026-11-23T00:00:00Z',
    revision: 1,
    healthStatus: 'HEALTHY' as const,
    containers: [
      { name: 'web', essential: true, status: 'RUNNING', health: 'HEALTHY' },
      { name: 'proxy', essential: false, status: 'RUNNING', health: 'UNKNOWN' },
    ],
  };
  const text = renderStatus({ ...status, services: [{ ...(service as Status['services'][number]), tasks: [task] }] });
  assert.match(text, /cccccccccccc\s+1\s+43\s+4101\s+healthy · task HEALTHY · 2 containers/);
});

test('routes show their API, so REST API ids can be read off for Host / /restapis/ addressing', () => {
  assert.match(renderStatus(status), /shop \(REST abc123\)\s+prod\s+GET \/items\/\{id\}\s+HTTP_PROXY http:\/\/backend\/items\/\{id\}/);
});
