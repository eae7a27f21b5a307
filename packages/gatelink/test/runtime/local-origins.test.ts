/**
 * The local differences of a front end calling an HTTP API: an HTTP API URL in a task's environment
 * names the local gateway, and a CORS origin naming a public load balancer also admits the origins
 * of its host port.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTaskEnv, rewriteUrls } from '../../src/ecs/task-env.js';
import { CorsPolicy } from '../../src/gateway/cors.js';
import type { Plan } from '../../src/plan/types.js';
import { apiUrlRewrites, browserHost, localCorsOrigins, unmappedApiUrls, withLocalCorsOrigins } from '../../src/runtime/local-origins.js';

const DNS = 'MoviesAp-FrontEndLo-Y64WNFX946-414250590.us-east-1.elb.amazonaws.com';
const LISTENERS = [{ dnsName: DNS, port: 80, hostPort: 38537 }];
/** An app's APIs by id: HTTP APIs first, then REST APIs. */
const apisOf = (httpIds: readonly string[], region: string, restIds: readonly string[] = []) => ({ httpApis: httpIds.map((apiId) => ({ apiId })), restApis: restIds.map((apiId) => ({ apiId })), region });

test('one HTTP API: its invoke origin becomes the gateway’s, on the browser’s loopback host', () => {
  const rewrites = apiUrlRewrites(apisOf(['fruga66ufx'], 'us-east-1'), { host: '127.0.0.1', port: 8080 });
  assert.deepEqual([...rewrites], [['https://fruga66ufx.execute-api.us-east-1.amazonaws.com', 'http://127.0.0.1:8080']]);
  const anyInterface = apiUrlRewrites(apisOf(['fruga66ufx'], 'us-east-1'), { host: '0.0.0.0', port: 9000 });
  assert.equal(anyInterface.get('https://fruga66ufx.execute-api.us-east-1.amazonaws.com'), 'http://127.0.0.1:9000');
});

test('several HTTP APIs: each gets {apiId}.localhost, which the gateway routes by its first label', () => {
  const rewrites = apiUrlRewrites(apisOf(['aaaaaaaaaa', 'bbbbbbbbbb'], 'eu-west-1'), { host: '127.0.0.1', port: 8080 });
  assert.equal(rewrites.get('https://aaaaaaaaaa.execute-api.eu-west-1.amazonaws.com'), 'http://aaaaaaaaaa.localhost:8080');
  assert.equal(rewrites.get('https://bbbbbbbbbb.execute-api.eu-west-1.amazonaws.com'), 'http://bbbbbbbbbb.localhost:8080');
});

test('REST APIs: alone, the first gets the bare gateway URL (the REST fallback) and others {apiId}.localhost; beside one HTTP API, all get {apiId}.localhost', () => {
  const gateway = { host: '127.0.0.1', port: 8080 };
  const restOnly = apiUrlRewrites(apisOf([], 'us-east-1', ['rest111111', 'rest222222']), gateway);
  assert.equal(restOnly.get('https://rest111111.execute-api.us-east-1.amazonaws.com'), 'http://127.0.0.1:8080');
  assert.equal(restOnly.get('https://rest222222.execute-api.us-east-1.amazonaws.com'), 'http://rest222222.localhost:8080');
  const mixed = apiUrlRewrites(apisOf(['http111111'], 'us-east-1', ['rest111111']), gateway);
  assert.equal(mixed.get('https://http111111.execute-api.us-east-1.amazonaws.com'), 'http://127.0.0.1:8080', 'the HTTP API keeps the bare URL');
  assert.equal(mixed.get('https://rest111111.execute-api.us-east-1.amazonaws.com'), 'http://rest111111.localhost:8080');
  const env = rewriteUrls({ API: 'https://rest111111.execute-api.us-east-1.amazonaws.com/prod/' }, restOnly);
  assert.deepEqual(env, { API: 'http://127.0.0.1:8080/prod/' }, 'a REST URL keeps its stage path');
});

test('--port 0: no rewrite, the gateway’s port is not known when tasks launch', () => {
  assert.equal(apiUrlRewrites(apisOf(['fruga66ufx'], 'us-east-1'), { host: '127.0.0.1', port: 0 }).size, 0);
});

test('rewriteUrls replaces the origin where it ends, keeps paths, and leaves other hosts alone', () => {
  const rewrites = apiUrlRewrites(apisOf(['fruga66ufx'], 'us-east-1'), { host: '127.0.0.1', port: 8080 });
  const env = rewriteUrls(
    {
      API_URL: 'https://fruga66ufx.execute-api.us-east-1.amazonaws.com/',
      BARE: 'https://fruga66ufx.execute-api.us-east-1.amazonaws.com',
      STAGE: 'https://FRUGA66UFX.execute-api.us-east-1.amazonaws.com/prod/movies?x=1',
      JSON_CONFIG: '{"api":"https://fruga66ufx.execute-api.us-east-1.amazonaws.com"}',
      LONGER_HOST: 'https://fruga66ufx.execute-api.us-east-1.amazonaws.com.evil.example/',
      OTHER_API: 'https://zzzzzzzzzz.execute-api.us-east-1.amazonaws.com/',
      OTHER_REGION: 'https://fruga66ufx.execute-api.eu-west-1.amazonaws.com/',
    },
    rewrites,
  );
  assert.deepEqual(env, {
    API_URL: 'http://127.0.0.1:8080/',
    BARE: 'http://127.0.0.1:8080',
    STAGE: 'http://127.0.0.1:8080/prod/movies?x=1',
    JSON_CONFIG: '{"api":"http://127.0.0.1:8080"}',
    LONGER_HOST: 'https://fruga66ufx.execute-api.us-east-1.amazonaws.com.evil.example/',
    OTHER_API: 'https://zzzzzzzzzz.execute-api.us-east-1.amazonaws.com/',
    OTHER_REGION: 'https://fruga66ufx.execute-api.eu-west-1.amazonaws.com/',
  });
});

test('buildTaskEnv points a task’s HTTP API URL at the local gateway', () => {
  const env = buildTaskEnv({
    imageEnv: {},
    taskDefinitionEnv: { API_URL: 'https://fruga66ufx.execute-api.us-east-1.amazonaws.com/' },
    port: 1,
    region: 'us-east-1',
    engines: { apiUrls: apiUrlRewrites(apisOf(['fruga66ufx'], 'us-east-1'), { host: '127.0.0.1', port: 18431 }) },
    metadata: { cluster: 'c', service: 's', taskId: 't' },
  });
  assert.equal(env.API_URL, 'http://127.0.0.1:18431/');
});

test('a CORS origin naming a public listener also admits its host port’s origins', () => {
  assert.deepEqual(localCorsOrigins([`http://${DNS}`], LISTENERS, '127.0.0.1'), [`http://${DNS}`, 'http://127.0.0.1:38537', 'http://localhost:38537']);
  assert.deepEqual(localCorsOrigins([`http://${DNS.toLowerCase()}:80`], LISTENERS, '0.0.0.0').slice(1), ['http://127.0.0.1:38537', 'http://localhost:38537']);
  assert.deepEqual(localCorsOrigins([`http://${DNS}`], LISTENERS, '192.168.1.20').slice(1), ['http://127.0.0.1:38537', 'http://localhost:38537', 'http://192.168.1.20:38537']);
});

test('origins that name no public listener, or another port of it, are left as they are', () => {
  const origins = ['*', 'https://example.com', `http://${DNS}:8080`, `https://${DNS}`, 'not a url', 'http://other-123.us-east-1.elb.amazonaws.com'];
  assert.deepEqual(localCorsOrigins(origins, LISTENERS, '127.0.0.1'), origins);
  // An HTTPS listener on 443: `https://<dns>` maps to its (plain HTTP) host port.
  assert.deepEqual(localCorsOrigins([`https://${DNS}`], [{ dnsName: DNS, port: 443, hostPort: 40443 }], '127.0.0.1').slice(1), ['http://127.0.0.1:40443', 'http://localhost:40443']);
});

test('through the gateway’s CORS policy: the page’s local origin is allowed, another port or host is not', () => {
  const plan = { httpApis: [{ name: 'HttpApi', cors: { allowOrigins: [`http://${DNS}`], allowMethods: ['GET', 'POST'], allowHeaders: ['content-type'], exposeHeaders: [], allowCredentials: false } }] } as unknown as Plan;
  const { plan: local, added } = withLocalCorsOrigins(plan, LISTENERS, '127.0.0.1');
  assert.deepEqual(added, [{ api: 'HttpApi', origins: ['http://127.0.0.1:38537', 'http://localhost:38537'] }]);
  const cors = local.httpApis[0]?.cors;
  assert.ok(cors);
  const policy = new CorsPolicy(cors);
  const preflight = (origin: string) => policy.preflightHeaders({ origin, 'access-control-request-method': 'POST' })['access-control-allow-origin'];
  assert.equal(preflight('http://127.0.0.1:38537'), 'http://127.0.0.1:38537');
  assert.equal(preflight('http://localhost:38537'), 'http://localhost:38537');
  assert.equal(preflight(`http://${DNS}`), `http://${DNS}`, 'the AWS origin stays allowed');
  assert.equal(preflight('http://127.0.0.1:38538'), undefined);
  assert.equal(preflight('http://evil.example'), undefined);
  assert.equal(plan.httpApis[0]?.cors?.allowOrigins.length, 1, 'the plan itself is not changed');
});

test('a plan with nothing to add is returned as is', () => {
  const plan = { httpApis: [{ name: 'A', cors: { allowOrigins: ['https://example.com'], allowMethods: [], allowHeaders: [], exposeHeaders: [], allowCredentials: false } }, { name: 'B' }] } as unknown as Plan;
  const result = withLocalCorsOrigins(plan, LISTENERS, '127.0.0.1');
  assert.equal(result.plan, plan);
  assert.deepEqual(result.added, []);
});

test('browserHost: a wildcard bind is reached on loopback; IPv6 literals are bracketed', () => {
  assert.equal(browserHost('0.0.0.0'), '127.0.0.1');
  assert.equal(browserHost('::'), '[::1]');
  assert.equal(browserHost('::1'), '[::1]');
  assert.equal(browserHost('localhost'), 'localhost');
});

test('--port 0: the containers whose environment keeps an HTTP API URL are named (for a warning)', () => {
  const container = (name: string, environment: Record<string, string>) => ({ name, environment });
  const plan = {
    region: 'us-east-1',
    httpApis: [{ apiId: 'fruga66ufx' }],
    restApis: [{ apiId: 'rest111111' }],
    ecsServices: [
      { name: 'FrontEnd', taskDefinition: { containers: [container('frontend', { API_URL: 'https://fruga66ufx.execute-api.us-east-1.amazonaws.com/' })] } },
      { name: 'MoviesService', taskDefinition: { containers: [container('movies', { PORT: '8080' })] } },
      { name: 'Caller', taskDefinition: { containers: [container('caller', { REST_URL: 'https://rest111111.execute-api.us-east-1.amazonaws.com/prod/' })] } },
    ],
  } as unknown as Plan;
  assert.deepEqual(unmappedApiUrls(plan, 0), ['FrontEnd/frontend', 'Caller/caller']);
  assert.deepEqual(unmappedApiUrls(plan, 8080), [], 'a known port: the URL is rewritten, nothing to warn about');
});
