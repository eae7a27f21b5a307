import type { ConformanceArea } from '../types.js';
import { DOC } from './docs.js';

interface StatusBody {
  targetGroups?: { targets: { state: string; port: number }[] }[];
  services?: { runningCount: number; desiredCount: number }[];
}

const targetsOf = (body: unknown) => (body as StatusBody).targetGroups?.flatMap((group) => group.targets) ?? [];

/** Target health as the admin API reports it (the state machine itself is unit-tested in test/elb). */
export const targetHealth: ConformanceArea = {
  area: 'target-health',
  cases: [
    {
      name: 'a task passing its health checks is a healthy target',
      doc: DOC.targetHealth,
      request: { path: '/v1/status', via: 'admin' },
      expect: { status: 200, check: (body) => (targetsOf(body).length === 1 && targetsOf(body)[0]?.state === 'healthy' ? undefined : `targets: ${JSON.stringify(targetsOf(body))}`) },
    },
    {
      name: 'the service runs its desired count',
      doc: DOC.targetHealth,
      request: { path: '/v1/status', via: 'admin' },
      expect: { status: 200, check: (body) => ((body as StatusBody).services?.every((s) => s.runningCount === s.desiredCount) ? undefined : 'running count differs from desired') },
    },
  ],
};
