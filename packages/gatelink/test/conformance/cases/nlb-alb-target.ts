import type { ConformanceArea } from '../types.js';
import { DOC } from './docs.js';

interface StatusBody {
  targetGroups?: { name: string; targetType?: string; targets: { id: string; state: string }[] }[];
}

const albGroups = (body: unknown) => (body as StatusBody).targetGroups?.filter((group) => group.targetType === 'alb') ?? [];

/** An `alb` target group: the NLB forwards connections to an ALB listener, whose rules then apply. */
export const nlbAlbTarget: ConformanceArea = {
  area: 'nlb-alb-target',
  app: 'nlb',
  cases: [
    {
      name: 'NLB → ALB: the ALB’s listener rules route what the NLB forwarded',
      doc: DOC.nlbAlbTarget,
      request: { path: '/alb/items/1' },
      expect: { status: 200, headers: { 'x-echo-name': 'echo' }, upstream: { url: '/alb/items/1', headers: { 'x-forwarded-proto': 'http', 'x-forwarded-port': '80', 'x-amzn-trace-id': /^Root=1-/ } } },
    },
    {
      name: 'the ALB target keeps the client’s address (client IP preservation): X-Forwarded-For ends with the VPC link’s private address',
      doc: DOC.nlbTargetGroups,
      request: { path: '/alb/items/2' },
      expect: { status: 200, upstream: { headers: { 'x-forwarded-for': /^10\.0\.\d+\.\d+$/ } } },
    },
    {
      name: 'the ALB is registered as the target of the alb target group and passes its HTTP health checks',
      doc: DOC.nlbAlbTarget,
      request: { path: '/v1/status', via: 'admin' },
      expect: { status: 200, check: (body) => (albGroups(body).length === 1 && albGroups(body)[0]?.targets.length === 1 && albGroups(body)[0]?.targets[0]?.state === 'healthy' ? undefined : `alb groups: ${JSON.stringify(albGroups(body))}`) },
    },
  ],
};
