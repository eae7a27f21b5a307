import type { ConformanceArea } from '../types.js';
import { DOC } from './docs.js';
import { NLB_APP } from '../../fixtures/nlb-app.js';

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
    {
      name: 'an internet-facing NLB listener is reachable on its host port (TCP straight to the target)',
      doc: DOC.nlbListeners,
      request: { path: '/public/1', via: 'public', publicListener: NLB_APP.publicListener },
      expect: { status: 200, headers: { 'x-echo-name': 'echo' }, upstream: { url: '/public/1', headers: { 'x-forwarded-for': null } } },
    },
    {
      name: 'an internet-facing ALB listener is reachable on its host port, its rules and X-Forwarded-* applied',
      doc: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/x-forwarded-headers.html',
      request: { path: '/public/2', via: 'public', publicListener: NLB_APP.publicAlbListener },
      expect: { status: 200, headers: { 'x-echo-name': 'echo' }, upstream: { headers: { 'x-forwarded-proto': 'http', 'x-forwarded-port': '80', 'x-forwarded-for': /^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/ } } },
    },
  ],
};
