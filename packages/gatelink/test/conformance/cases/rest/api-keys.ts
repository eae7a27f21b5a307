import type { ConformanceArea } from '../../types.js';
import { REST } from '../../../fixtures/rest-app.js';
import { REST_DOC } from './docs.js';

const FORBIDDEN = { message: 'Forbidden' };

/** API keys (x-api-key) and usage plans: who may call a key-protected method, and how often. */
export const restApiKeys: ConformanceArea = {
  area: 'rest: API keys and usage plans',
  cases: [
    { name: 'a method with apiKeyRequired and no x-api-key → 403 Forbidden', doc: REST_DOC.usagePlans, request: { path: '/prod/keyed' }, expect: { status: 403, json: FORBIDDEN, headers: { 'x-amzn-errortype': 'ForbiddenException' } } },
    { name: 'an unknown key → 403 Forbidden', doc: REST_DOC.usagePlans, request: { path: '/prod/keyed', headers: { 'x-api-key': 'not-a-key-of-this-app-000000' } }, expect: { status: 403, json: FORBIDDEN } },
    { name: 'a key in no usage plan of the stage → 403 Forbidden', doc: REST_DOC.apiKeySource, request: { path: '/prod/keyed', headers: { 'x-api-key': 'loose-key-in-no-plan-0123456789' } }, expect: { status: 403, json: FORBIDDEN } },
    { name: 'a key of the stage’s usage plan is let through', doc: REST_DOC.usagePlans, request: { path: '/prod/keyed', headers: { 'x-api-key': REST.apiKey } }, expect: { status: 200, upstream: { url: '/keyed', headers: { 'x-api-key': REST.apiKey } } } },
    { name: 'a method without apiKeyRequired ignores a wrong key', doc: REST_DOC.usagePlans, request: { path: '/prod/items', headers: { 'x-api-key': 'wrong' } }, expect: { status: 200 } },
    { name: 'over the plan’s quota → 429 Limit Exceeded', doc: 'https://repost.aws/knowledge-center/api-gateway-429-limit', request: { path: '/prod/quota', headers: { 'x-api-key': REST.quotaKey }, repeat: 3 }, expect: { status: [200, 200, 429], json: { message: 'Limit Exceeded' } } },
    { name: 'the key is in $context.identity.apiKey (access log)', doc: REST_DOC.templates, request: { path: '/prod/keyed', headers: { 'x-api-key': REST.apiKey } }, expect: { status: 200, accessLog: { key: REST.apiKey, resource: '/keyed', stage: 'prod', status: '200' } } },
  ],
};
