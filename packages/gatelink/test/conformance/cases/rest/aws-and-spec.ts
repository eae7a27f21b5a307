import type { ConformanceArea } from '../../types.js';
import { REST } from '../../../fixtures/rest-app.js';
import { REST_DOC, SPEC } from './docs.js';

const JSON_TYPE = { 'content-type': 'application/json' };

/** AWS service integrations against the embedded DynamoDB, and a SpecRestApi from inline OpenAPI. */
export const restAwsAndOpenApi: ConformanceArea = {
  area: 'rest: AWS integrations and OpenAPI',
  cases: [
    { name: 'DynamoDB PutItem through a mapping template, 200 → the method’s 201', doc: REST_DOC.awsIntegration, request: { method: 'POST', path: '/prod/orders', headers: JSON_TYPE, body: '{"id":"o-1","name":"tea"}' }, expect: { status: 201, json: { stored: true } } },
    { name: 'DynamoDB GetItem reads it back through the response template', doc: REST_DOC.awsIntegration, request: { path: '/prod/orders/o-1' }, expect: { status: 200, json: { id: 'o-1', name: 'tea' } } },
    { name: 'a missing item: the template overrides the status to 404', doc: REST_DOC.overrides, request: { path: '/prod/orders/none' }, expect: { status: 404, json: { message: 'not found' } } },
    { name: 'a DynamoDB validation error (400) selects the 400 response', doc: REST_DOC.awsIntegration, request: { method: 'POST', path: '/prod/orders', headers: JSON_TYPE, body: '{"id":"","name":"x"}' }, expect: { status: 400, json: { message: 'rejected' } } },
    { name: 'OpenAPI: an http_proxy operation', doc: REST_DOC.openapi, request: { path: `${SPEC}/pets?limit=2` }, expect: { status: 200, upstream: { url: '/pets?limit=2' } } },
    { name: 'OpenAPI: a mock operation with a path parameter', doc: REST_DOC.openapi, request: { path: `${SPEC}/pets/7` }, expect: { status: 200, json: { pet: '7' } } },
    { name: 'OpenAPI: an api_key security requirement makes the key required', doc: REST_DOC.openapi, request: { path: `${SPEC}/admin`, headers: { 'x-api-key': REST.apiKey } }, expect: { status: 403, json: { message: 'Forbidden' } } },
    { name: 'OpenAPI: an undefined path → 403 Missing Authentication Token', doc: REST_DOC.responses, request: { path: `${SPEC}/owners` }, expect: { status: 403, json: { message: 'Missing Authentication Token' } } },
  ],
};
