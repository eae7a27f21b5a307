/** The parts of a plan the record assembly reads (API, route, VPC link), shaped like the bookstore's. */
import type { Plan } from '../../packages/gatelink/src/plan/types.js';

export function consolePlanForMemory(): Plan {
  return {
    httpApis: [{ id: 'S/Api', apiId: 'abc123', name: 'http-api', routes: [{ id: 'S/Route', routeKey: 'ANY /{proxy+}', method: 'ANY', path: '/{proxy+}', integrationId: 'S/Integration', authorizationType: 'NONE', authorizationScopes: [] }], integrations: [], stages: [], authorizers: [], disableExecuteApiEndpoint: false }],
    vpcLinks: [{ id: 'S/Link', physicalId: 'l', name: 'http-api-vpclink', subnetIds: [], securityGroupIds: [] }],
  } as unknown as Plan;
}
