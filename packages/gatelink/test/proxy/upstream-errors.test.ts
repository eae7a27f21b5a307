import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyUpstreamError } from '../../src/proxy/upstream-errors.js';

const coded = (code: string, name = 'Error'): Error => Object.assign(new Error(code), { code, name });

test('upstream errors are classified by code', () => {
  const table: [unknown, string][] = [
    [coded('ECONNREFUSED'), 'connect-refused'],
    [Object.assign(new Error('wrapped'), { cause: { code: 'ECONNREFUSED' } }), 'connect-refused'],
    [coded('UND_ERR_CONNECT_TIMEOUT'), 'connect-timeout'],
    [coded('UND_ERR_HEADERS_TIMEOUT'), 'response-timeout'],
    [coded('ECONNRESET'), 'connection-reset'],
    [coded('UND_ERR_SOCKET'), 'connection-reset'],
    [coded('HPE_INVALID_CONSTANT'), 'malformed-response'],
    [Object.assign(new Error('bad'), { name: 'HTTPParserError' }), 'malformed-response'],
    [coded('UND_ERR_HEADERS_OVERFLOW'), 'malformed-response'],
    [coded('UND_ERR_DESTROYED'), 'pool-closed'],
    [coded('UND_ERR_INVALID_ARG'), 'invalid-request'],
    [Object.assign(new Error('aborted'), { name: 'AbortError' }), 'client-aborted'],
    [coded('EWHATEVER'), 'other'],
    ['not an error', 'other'],
  ];
  for (const [error, kind] of table) assert.equal(classifyUpstreamError(error, false).kind, kind, String((error as Error).message ?? error));
});

test('a client abort wins over whatever the error says', () => {
  assert.equal(classifyUpstreamError(coded('ECONNRESET'), true).kind, 'client-aborted');
});
