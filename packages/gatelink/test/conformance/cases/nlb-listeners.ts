import type { ConformanceArea } from '../types.js';
import { DOC } from './docs.js';

/** TCP listeners: an HTTP API VPC-link integration's request crosses the NLB as bytes, unchanged. */
export const nlbListeners: ConformanceArea = {
  area: 'nlb-listeners',
  app: 'nlb',
  cases: [
    { name: 'HttpNlbIntegration reaches a target through the NLB listener', doc: DOC.nlbPrivateIntegration, request: { path: '/mixed/items/1' }, expect: { status: 200, headers: { 'x-echo-name': 'echo' } } },
    {
      name: 'a TCP listener forwards the request byte for byte: no X-Forwarded-* or trace id is added on its hop',
      doc: DOC.nlbIntroduction,
      request: { path: '/mixed/items/1?x=1', headers: { 'x-custom': 'kept' } },
      expect: { status: 200, upstream: { url: '/mixed/items/1?x=1', headers: { 'x-custom': 'kept', 'x-forwarded-proto': null, 'x-forwarded-port': null, 'x-amzn-trace-id': null, via: 'HTTP/1.1 AmazonAPIGateway' } } },
    },
    {
      name: 'a listener whose target group has no registered target resets the connection: the HTTP API answers 503',
      doc: DOC.nlbTargetGroups,
      request: { path: '/empty/items/1' },
      expect: { status: 503, json: { message: 'Service Unavailable' } },
    },
  ],
};
