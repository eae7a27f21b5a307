/**
 * MOCK integrations: the request template's `statusCode` (e.g. `{"statusCode": 200}`; CDK writes
 * `{ statusCode: 200 }`, not strict JSON) selects the integration response; no template or no
 * statusCode → 200 and the default response. Nothing leaves the gateway.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/how-to-mock-integration.html
 */
import { mapIntegrationResponse } from './integration-response.js';
import { requestBody } from './invocation.js';
import type { IntegrationOutcome, Invocation } from './invocation.js';

export function runMockIntegration(invocation: Invocation): IntegrationOutcome {
  const built = requestBody(invocation);
  if ('error' in built) return built;
  const status = /["']?statusCode["']?\s*:\s*["']?(\d{3})/.exec(built.body.toString('utf8'))?.[1] ?? '200';
  invocation.context.integrationStatus = Number(status);
  return mapIntegrationResponse(invocation, { status: Number(status), headers: {}, body: Buffer.alloc(0) });
}
