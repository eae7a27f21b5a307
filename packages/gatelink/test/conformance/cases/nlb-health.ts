import type { ConformanceArea } from '../types.js';
import { DOC } from './docs.js';

interface StatusTarget {
  state: string;
  reason?: string;
}
interface StatusBody {
  targetGroups?: { name: string; protocol?: string; targets: StatusTarget[] }[];
}

const tcpGroups = (body: unknown) => (body as StatusBody).targetGroups?.filter((group) => group.protocol === 'TCP') ?? [];
const states = (body: unknown) => tcpGroups(body).map((group) => group.targets.map((target) => `${target.state}${target.reason ? `:${target.reason}` : ''}`).sort().join(','));

/** NLB target groups' health checks: TCP by default, HTTP when set; only healthy targets take new flows, unless all are unhealthy. */
export const nlbHealth: ConformanceArea = {
  area: 'nlb-health',
  app: 'nlb',
  cases: [
    {
      name: 'new connections go only to healthy targets: the target failing its HTTP checks gets none',
      doc: DOC.nlbHealthChecks,
      // At once, so the VPC link opens several connections: each is a flow of its own through the NLB.
      request: { path: '/mixed/spread', repeat: 12, concurrent: true },
      expect: { status: Array.from({ length: 12 }, () => 200), everyReplyHeaders: { 'x-echo-name': 'echo' } },
    },
    {
      name: 'a target answering outside the matcher (default 200-399) is unhealthy with Target.ResponseCodeMismatch',
      doc: DOC.nlbHealthChecks,
      request: { path: '/v1/status', via: 'admin' },
      expect: { status: 200, check: (body) => (states(body).includes('healthy,unhealthy:Target.ResponseCodeMismatch') ? undefined : `TCP groups: ${JSON.stringify(states(body))}`) },
    },
    {
      name: 'fail open: when every target of the group is unhealthy, the NLB routes to all of them',
      doc: DOC.nlbHealthChecks,
      request: { path: '/sick/items/1' },
      expect: { status: 200, headers: { 'x-echo-name': 'sick' } },
    },
    {
      name: 'the default TCP health check (a connection that opens) marks a listening task healthy',
      doc: DOC.nlbHealthChecks,
      request: { path: '/v1/status', via: 'admin' },
      expect: { status: 200, check: (body) => ((body as StatusBody).targetGroups?.some((group) => group.protocol === 'TCP' && group.name.includes('Public') && group.targets.every((target) => target.state === 'healthy') && group.targets.length === 1) ? undefined : `TCP groups: ${JSON.stringify(tcpGroups(body))}`) },
    },
  ],
};
