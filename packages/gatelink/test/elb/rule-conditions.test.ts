import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isGatelinkError } from '../../src/errors.js';
import { compileCondition } from '../../src/elb/rules/conditions.js';
import { RequestView } from '../../src/elb/rules/request-view.js';
import type { ConditionPlan } from '../../src/plan/types.js';
import type { HeaderMap } from '../../src/proxy/types.js';
import { proxyRequest } from './helpers.js';

// Every case encodes a statement of the AWS page on listener rule conditions.
const DOC = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html';

interface Case {
  readonly name: string;
  readonly condition: ConditionPlan;
  readonly request: { method?: string; url?: string; headers?: HeaderMap; sourceIp?: string };
  readonly matches: boolean;
  readonly source: string;
}

const path = (values: string[]): ConditionPlan => ({ field: 'path-pattern', values });
const host = (values: string[]): ConditionPlan => ({ field: 'host-header', values });
const header = (headerName: string, values: string[]): ConditionPlan => ({ field: 'http-header', headerName, values });
const method = (values: string[]): ConditionPlan => ({ field: 'http-request-method', values });
const query = (values: { key?: string; value: string }[]): ConditionPlan => ({ field: 'query-string', values });
const sourceIp = (values: string[]): ConditionPlan => ({ field: 'source-ip', values });

const cases: Case[] = [
  // Path conditions
  { name: 'path /img/* matches /img/picture.jpg', condition: path(['/img/*']), request: { url: '/img/picture.jpg' }, matches: true, source: `${DOC}#path-conditions` },
  { name: 'path patterns are case-sensitive', condition: path(['/img/*']), request: { url: '/IMG/picture.jpg' }, matches: false, source: `${DOC}#path-conditions` },
  { name: '* matches across slashes (/img/*/pics)', condition: path(['/img/*/pics']), request: { url: '/img/2024/05/pics' }, matches: true, source: `${DOC}#path-conditions` },
  { name: '* needs the literal parts around it (/img/*/pics vs /img/pics)', condition: path(['/img/*/pics']), request: { url: '/img/pics' }, matches: false, source: `${DOC}#path-conditions` },
  { name: '? matches exactly one character', condition: path(['/file?.txt']), request: { url: '/file1.txt' }, matches: true, source: `${DOC}#path-conditions` },
  { name: '? does not match zero characters', condition: path(['/file?.txt']), request: { url: '/file.txt' }, matches: false, source: `${DOC}#path-conditions` },
  { name: '? does not match two characters', condition: path(['/file?.txt']), request: { url: '/file12.txt' }, matches: false, source: `${DOC}#path-conditions` },
  { name: 'the path pattern ignores the query string', condition: path(['/api/books']), request: { url: '/api/books?limit=2' }, matches: true, source: `${DOC}#path-conditions` },
  { name: 'the query string is never part of the path', condition: path(['*limit*']), request: { url: '/api/books?limit=2' }, matches: false, source: `${DOC}#path-conditions` },
  { name: 'any one of the values may match', condition: path(['/a', '/b']), request: { url: '/b' }, matches: true, source: `${DOC}#condition-basics` },
  { name: 'evaluated after URI normalisation (dot segments)', condition: path(['/img/*']), request: { url: '/static/../img/a.png' }, matches: true, source: `${DOC}#path-conditions` },
  { name: 'evaluated after URI normalisation (encoded unreserved)', condition: path(['/books']), request: { url: '/%62ooks' }, matches: true, source: `${DOC}#path-conditions` },
  { name: 'regex characters in a pattern are literal', condition: path(['/a.b']), request: { url: '/aXb' }, matches: false, source: `${DOC}#path-conditions` },
  // Host conditions
  { name: '*.example.com matches test.example.com', condition: host(['*.example.com']), request: { headers: { host: 'test.example.com' } }, matches: true, source: `${DOC}#host-conditions` },
  { name: "*.example.com doesn't match example.com", condition: host(['*.example.com']), request: { headers: { host: 'example.com' } }, matches: false, source: `${DOC}#host-conditions` },
  { name: 'host names are not case-sensitive; the port is not part of the name', condition: host(['example.com']), request: { headers: { host: 'EXAMPLE.com:8080' } }, matches: true, source: `${DOC}#host-conditions` },
  { name: 'host ? matches one character', condition: host(['api-?.example.com']), request: { headers: { host: 'api-1.example.com' } }, matches: true, source: `${DOC}#host-conditions` },
  { name: 'no Host header, no host match', condition: host(['*']), request: { headers: {} }, matches: false, source: `${DOC}#host-conditions` },
  // HTTP header conditions
  { name: 'User-Agent *Chrome* matches a Chrome UA', condition: header('User-Agent', ['*Chrome*', '*Safari*']), request: { headers: { 'user-agent': 'Mozilla/5.0 (X11) Chrome/120.0' } }, matches: true, source: `${DOC}#http-header-conditions` },
  { name: 'header values match case-insensitively', condition: header('User-Agent', ['*chrome*']), request: { headers: { 'user-agent': 'CHROME' } }, matches: true, source: `${DOC}#http-header-conditions` },
  { name: 'header names match case-insensitively', condition: header('X-TENANT', ['acme']), request: { headers: { 'x-tenant': 'acme' } }, matches: true, source: `${DOC}#http-header-conditions` },
  { name: 'an absent header does not match', condition: header('X-Tenant', ['*']), request: { headers: {} }, matches: false, source: `${DOC}#http-header-conditions` },
  { name: 'a repeated header matches on any of its values', condition: header('X-Tenant', ['b*']), request: { headers: { 'x-tenant': ['a', 'beta'] } }, matches: true, source: `${DOC}#http-header-conditions` },
  { name: 'X-Forwarded-For is searched with an http-header condition', condition: header('X-Forwarded-For', ['192.0.2.*']), request: { headers: { 'x-forwarded-for': '192.0.2.44' } }, matches: true, source: `${DOC}#source-ip-conditions` },
  // HTTP request method conditions
  { name: 'a custom method matches exactly', condition: method(['CUSTOM-METHOD']), request: { method: 'CUSTOM-METHOD' }, matches: true, source: `${DOC}#http-request-method-conditions` },
  { name: 'methods are case-sensitive', condition: method(['GET']), request: { method: 'get' }, matches: false, source: `${DOC}#http-request-method-conditions` },
  { name: 'methods take no wildcards', condition: method(['G*']), request: { method: 'GET' }, matches: false, source: `${DOC}#http-request-method-conditions` },
  // Query string conditions
  { name: 'key/value version=v1 matches', condition: query([{ key: 'version', value: 'v1' }, { value: '*example*' }]), request: { url: '/?version=v1' }, matches: true, source: `${DOC}#query-string-conditions` },
  { name: 'value-only *example* matches any key', condition: query([{ key: 'version', value: 'v1' }, { value: '*example*' }]), request: { url: '/?anykey=my-example-value' }, matches: true, source: `${DOC}#query-string-conditions` },
  { name: 'neither pair present', condition: query([{ key: 'version', value: 'v1' }, { value: '*example*' }]), request: { url: '/?version=v2' }, matches: false, source: `${DOC}#query-string-conditions` },
  { name: 'query matching is not case-sensitive', condition: query([{ key: 'version', value: 'v1' }]), request: { url: '/?VERSION=V1' }, matches: true, source: `${DOC}#query-string-conditions` },
  { name: 'percent-encoded query values are compared decoded', condition: query([{ key: 'name', value: 'john doe' }]), request: { url: '/?name=john%20doe' }, matches: true, source: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_QueryStringConditionConfig.html' },
  { name: '\\* stands for a literal *', condition: query([{ value: 'a\\*b' }]), request: { url: '/?k=a*b' }, matches: true, source: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_QueryStringConditionConfig.html' },
  { name: '\\* is not a wildcard', condition: query([{ value: 'a\\*b' }]), request: { url: '/?k=axxb' }, matches: false, source: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_QueryStringConditionConfig.html' },
  { name: 'no query string, no query match', condition: query([{ value: '*' }]), request: { url: '/books' }, matches: false, source: `${DOC}#query-string-conditions` },
  // Source IP conditions
  { name: 'inside 192.0.2.0/24', condition: sourceIp(['192.0.2.0/24', '198.51.100.10/32']), request: { sourceIp: '192.0.2.77' }, matches: true, source: `${DOC}#source-ip-conditions` },
  { name: 'exactly 198.51.100.10/32', condition: sourceIp(['192.0.2.0/24', '198.51.100.10/32']), request: { sourceIp: '198.51.100.10' }, matches: true, source: `${DOC}#source-ip-conditions` },
  { name: 'outside both blocks', condition: sourceIp(['192.0.2.0/24', '198.51.100.10/32']), request: { sourceIp: '198.51.100.11' }, matches: false, source: `${DOC}#source-ip-conditions` },
  { name: 'IPv6 blocks work too', condition: sourceIp(['2001:db8::/32']), request: { sourceIp: '2001:db8::1' }, matches: true, source: `${DOC}#source-ip-conditions` },
  { name: 'an IPv4-mapped IPv6 peer matches its IPv4 block', condition: sourceIp(['192.0.2.0/24']), request: { sourceIp: '::ffff:192.0.2.5' }, matches: true, source: `${DOC}#source-ip-conditions` },
  {
    name: 'the TCP peer counts, not X-Forwarded-For',
    condition: sourceIp(['192.0.2.0/24']),
    request: { sourceIp: '10.0.0.1', headers: { 'x-forwarded-for': '192.0.2.1' } },
    matches: false,
    source: `${DOC}#source-ip-conditions`,
  },
];

for (const c of cases) {
  test(`${c.condition.field}: ${c.name} (${c.source})`, () => {
    const predicate = compileCondition(c.condition, 'Stack/Rule');
    const view = new RequestView(proxyRequest({ ...c.request, headers: c.request.headers ?? { host: 'alb.example.com' } }));
    assert.equal(predicate(view), c.matches);
  });
}

test(`source-ip rejects what AWS rejects (${DOC}#source-ip-conditions)`, () => {
  for (const bad of ['255.255.255.255/32', '10.0.0.0', '10.0.0.0/33', 'example.com/8']) {
    assert.throws(() => compileCondition(sourceIp([bad]), 'Stack/Rule'), (error) => isGatelinkError(error, 'GL_ERR_ELB_INVALID_CONFIG'), bad);
  }
});

test(`a condition value cannot be empty (${DOC}#condition-basics)`, () => {
  assert.throws(() => compileCondition(path([]), 'Stack/Rule'), (error) => isGatelinkError(error, 'GL_ERR_ELB_INVALID_CONFIG'));
});
