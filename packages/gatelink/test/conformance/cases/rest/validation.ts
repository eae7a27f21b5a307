import type { ConformanceArea } from '../../types.js';
import { REST_DOC, SPEC } from './docs.js';

const JSON_TYPE = { 'content-type': 'application/json' };
const COMPLETE = { ...JSON_TYPE, 'x-trace': 't-1' };

/** RequestValidator + Model: required parameters and JSON Schema draft 4 bodies. */
export const restValidation: ConformanceArea = {
  area: 'rest: request validation',
  cases: [
    { name: 'missing required parameters → 400 naming them', doc: REST_DOC.validation, request: { method: 'POST', path: '/prod/validated', headers: JSON_TYPE, body: '{"name":"a"}' }, expect: { status: 400, json: { message: 'Missing required request parameters: [tenant, x-trace]' }, headers: { 'x-amzn-errortype': 'BadRequestException' } } },
    { name: 'a blank required parameter counts as missing', doc: REST_DOC.validation, request: { method: 'POST', path: '/prod/validated?tenant=', headers: COMPLETE, body: '{"name":"a"}' }, expect: { status: 400, json: { message: 'Missing required request parameters: [tenant]' } } },
    {
      name: 'a body that breaks the model → 400 Invalid request body (custom BAD_REQUEST_BODY template)',
      doc: REST_DOC.validation,
      request: { method: 'POST', path: '/prod/validated?tenant=t', headers: COMPLETE, body: '{"qty":0}' },
      expect: { status: 400, check: (body) => { const b = body as { message: string; detail: string; stage: string }; return b.message === 'Invalid request body' && b.stage === 'prod' && b.detail.includes('name') ? undefined : JSON.stringify(b); } },
    },
    { name: 'malformed JSON → 400 Invalid request body', doc: REST_DOC.validation, request: { method: 'POST', path: '/prod/validated?tenant=t', headers: COMPLETE, body: '{"name":' }, expect: { status: 400, check: (body) => ((body as { message: string }).message === 'Invalid request body' ? undefined : JSON.stringify(body)) } },
    { name: 'a valid request reaches the backend', doc: REST_DOC.validation, request: { method: 'POST', path: '/prod/validated?tenant=t', headers: COMPLETE, body: '{"name":"Ada","qty":2}' }, expect: { status: 200, upstream: { url: '/validated?tenant=t' } } },
    { name: 'a content type with no model is not checked', doc: REST_DOC.validation, request: { method: 'POST', path: '/prod/validated?tenant=t', headers: { 'content-type': 'text/plain', 'x-trace': 't' }, body: 'not json' }, expect: { status: 200 } },
    { name: 'OpenAPI validators check the body against components.schemas ($ref inlined)', doc: REST_DOC.openapi, request: { method: 'POST', path: `${SPEC}/pets`, headers: JSON_TYPE, body: '{"name":"Rex","tag":"fish"}' }, expect: { status: 400, check: (body) => ((body as { message: string }).message === 'Invalid request body' ? undefined : JSON.stringify(body)) } },
    { name: 'a valid OpenAPI request passes', doc: REST_DOC.openapi, request: { method: 'POST', path: `${SPEC}/pets`, headers: JSON_TYPE, body: '{"name":"Rex","tag":"dog"}' }, expect: { status: 200, upstream: { url: '/pets' } } },
  ],
};
