/** Every conformance area, in the order docs/conformance.md lists them. */
import type { ConformanceArea } from '../types.js';
import { accessLogs } from './access-logs.js';
import { albRules } from './alb-rules.js';
import { authorizers } from './authorizers.js';
import { cors } from './cors.js';
import { errors } from './errors.js';
import { mapping } from './mapping.js';
import { nlbAlbTarget } from './nlb-alb-target.js';
import { nlbHealth } from './nlb-health.js';
import { nlbListeners } from './nlb-listeners.js';
import { nlbSecurityGroups } from './nlb-security-groups.js';
import { publicEndpoints } from './public-endpoints.js';
import { routes } from './routes.js';
import { stages } from './stages.js';
import { targetHealth } from './target-health.js';
import { throttling } from './throttling.js';

export const AREAS: readonly ConformanceArea[] = [routes, stages, authorizers, cors, throttling, mapping, albRules, targetHealth, errors, accessLogs, nlbListeners, nlbAlbTarget, nlbHealth, nlbSecurityGroups, publicEndpoints];
