import type { ConformanceArea } from '../types.js';
import { DOC } from './docs.js';
import { NLB_APP } from '../../fixtures/nlb-app.js';

/** Internet-facing load balancers: a host port per listener, and their DNS names route to them. */
export const publicEndpoints: ConformanceArea = {
  area: 'public-endpoints',
  app: 'nlb',
  cases: [
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
    {
      name: 'an HTTP integration calling the internet-facing ALB by its DNS name reaches it, {proxy} filled in',
      doc: DOC.httpIntegrations,
      request: { path: '/dns/items/7?q=1' },
      expect: { status: 200, headers: { 'x-echo-name': 'echo' }, upstream: { url: '/via-dns/items/7?q=1', headers: { 'x-forwarded-port': '80' } } },
    },
    {
      name: 'an HTTP integration calling an internal ALB’s DNS name cannot reach it from the internet: 503',
      doc: DOC.httpIntegrations,
      request: { path: '/internal-dns/items/7' },
      expect: { status: 503, json: { message: 'Service Unavailable' } },
    },
  ],
};
