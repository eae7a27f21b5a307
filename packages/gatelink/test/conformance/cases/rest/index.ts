/** Every REST API conformance area, in the order docs/conformance.md lists them. */
import type { ConformanceArea } from '../../types.js';
import { restApiKeys } from './api-keys.js';
import { restAwsAndOpenApi } from './aws-and-spec.js';
import { restGatewayResponses } from './gateway-responses.js';
import { restGuards } from './guards.js';
import { restHttpIntegrations } from './http-integrations.js';
import { restInvocation } from './invocation.js';
import { restMapping } from './mapping.js';
import { restMockAndCors } from './mock-cors.js';
import { restResources } from './resources.js';
import { restValidation } from './validation.js';

export const REST_AREAS: readonly ConformanceArea[] = [restInvocation, restResources, restHttpIntegrations, restMockAndCors, restMapping, restApiKeys, restValidation, restGuards, restAwsAndOpenApi, restGatewayResponses];
