import type { ConformanceArea } from '../types.js';
import { DOC } from './docs.js';

/** The ALB behind the VPC link: rules by priority, fixed responses and redirects reach the client as the ALB sent them. */
export const albRules: ConformanceArea = {
  area: 'alb-rules',
  cases: [
    { name: 'a lower-priority-number rule wins over the catch-all forward', doc: DOC.albRules, request: { path: '/maintenance' }, expect: { status: 503, json: { maintenance: true }, headers: { 'content-type': /^application\/json/ } } },
    { name: 'path-pattern conditions see the path API Gateway sends (with the stage)', doc: DOC.albRules, request: { path: '/v1/maintenance' }, expect: { status: 503, json: { maintenance: true } } },
    { name: 'a redirect action answers 301 with the rewritten Location', doc: DOC.albActions, request: { path: '/old' }, expect: { status: 301, headers: { location: /:80\/new$/ } } },
    { name: 'the forward action reaches a registered healthy target', doc: DOC.albActions, request: { path: '/items/1' }, expect: { status: 200, headers: { 'x-echo-task': /.+/ } } },
    { name: 'the ALB adds X-Forwarded-* and X-Amzn-Trace-Id on its hop', doc: DOC.albActions, request: { path: '/items/1' }, expect: { status: 200, upstream: { headers: { 'x-forwarded-proto': 'http', 'x-forwarded-port': '80', 'x-amzn-trace-id': /^Root=1-/ } } } },
  ],
};
