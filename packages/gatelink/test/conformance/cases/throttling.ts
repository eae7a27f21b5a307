import type { ConformanceArea } from '../types.js';
import { DOC } from './docs.js';

/** Throttling: per-route settings (burst 2, rate 1/s on GET /limited) as a token bucket; 429 over it. */
export const throttling: ConformanceArea = {
  area: 'throttling',
  cases: [
    { name: 'requests beyond the route’s burst get 429 Too Many Requests', doc: DOC.throttling, request: { path: '/limited', repeat: 3 }, expect: { status: [200, 200, 429], json: { message: 'Too Many Requests' } } },
    { name: 'other routes of the stage keep their own (account-level) limit', doc: DOC.throttling, request: { path: '/items/1', repeat: 5 }, expect: { status: [200, 200, 200, 200, 200] } },
  ],
};
