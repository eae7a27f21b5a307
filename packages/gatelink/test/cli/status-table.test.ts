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

test('load balancers show their listeners, host ports of internet-facing ones and NLB flow counters; an ALB target is named by its ARN’s tail', () => {
  const text = renderStatus({
    ...status,
    loadBalancers: [
      { name: 'nlb', type: 'network', scheme: 'internet-facing', dnsName: 'nlb-1.elb.eu-west-1.amazonaws.com', listeners: [{ name: 'App/Nlb:80', port: 80, protocol: 'TCP', hostPort: 41000, url: 'tcp://127.0.0.1:41000', flows: { NewFlowCount: 3, ActiveFlowCount: 1, TCP_ELB_Reset_Count: 2 } }] },
      { name: 'alb', type: 'application', scheme: 'internal', listeners: [{ name: 'App/Alb:80', port: 80, protocol: 'HTTP' }] },
    ],
    targetGroups: [{ name: 'to-alb', protocol: 'TCP', targetType: 'alb', targets: [{ id: 'arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/alb/0123', port: 41001, state: 'healthy' }] }],
  });
  assert.match(text, /nlb\s+network internet-facing\s+TCP:80\s+tcp:\/\/127\.0\.0\.1:41000\s+3\/1\/2/);
  assert.match(text, /alb\s+application internal\s+HTTP:80\s+\(internal\)/);
  assert.match(text, /to-alb\s+loadbalancer\/app\/alb\s+41001\s+healthy/);
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

test('queues show their visible, in-flight and delayed counts and their dead-letter queue', () => {
  const text = renderStatus({
    ...status,
    queues: [
      { name: 'jobs', visible: 4, inFlight: 2, delayed: 1, deadLetter: { queue: 'jobs-dlq', maxReceiveCount: 3 } },
      { name: 'jobs-dlq', visible: 1, inFlight: 0, delayed: 0 },
    ],
  });
  assert.match(text, /QUEUE\s+VISIBLE\s+IN FLIGHT\s+DELAYED\s+DEAD-LETTER QUEUE/);
  assert.match(text, /jobs\s+4\s+2\s+1\s+jobs-dlq \(after 3 receives\)/);
  assert.match(text, /jobs-dlq\s+1\s+0\s+0\s+-/);
});
