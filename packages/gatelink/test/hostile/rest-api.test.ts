// Hostile input at a REST API: malformed and adversarial JSON against a validated model, bodies over
// the 10 MB quota (declared or streamed), request-smuggling shapes, unknown stages and odd paths, and
// mapping-template text inside request data. Expected: AWS's status and body, nothing unvalidated or
// smuggled reaching the backend, no unhandled error, and the gateway serving the next request.
import assert from 'node:assert/strict';
import net from 'node:net';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import pino from 'pino';
import { startGateway } from '../../src/gateway/index.js';
import type { Gateway } from '../../src/gateway/index.js';
import { NetworkModel } from '../../src/network/index.js';
import { call, planOf, recordingServer } from '../restapi/helpers.js';
import { rawExchange } from './helpers.js';

let gateway: Gateway;
let backend: Awaited<ReturnType<typeof recordingServer>>;
const logs: { msg: string }[] = [];

before(async () => {
  backend = await recordingServer((_req, body) => ({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ got: body }) }));
  const plan = await planOf((stack) => {
    const api = new apigw.RestApi(stack, 'Api', { cloudWatchRole: false, deployOptions: { stageName: 'prod' } });
    const model = api.addModel('M', { contentType: 'application/json', schema: { schema: apigw.JsonSchemaVersion.DRAFT4, type: apigw.JsonSchemaType.OBJECT, required: ['name'], properties: { name: { type: apigw.JsonSchemaType.STRING } }, additionalProperties: false } });
    const validator = api.addRequestValidator('V', { validateRequestBody: true });
    api.root.addResource('orders').addMethod('POST', new apigw.HttpIntegration(`${backend.url}/orders`, { proxy: true, httpMethod: 'POST' }), { requestValidator: validator, requestModels: { 'application/json': model } });
    api.root.addResource('echo').addMethod('POST', new apigw.HttpIntegration(`${backend.url}/echo`, { proxy: false, httpMethod: 'POST', options: { requestTemplates: { 'application/json': '{"raw":"$util.escapeJavaScript($input.body)","name":"$input.path(\'$.name\')"}' }, integrationResponses: [{ statusCode: '200' }] } }), { methodResponses: [{ statusCode: '200' }] });
    api.root.addResource('ok').addMethod('GET', new apigw.MockIntegration({ requestTemplates: { 'application/json': '{"statusCode": 200}' }, integrationResponses: [{ statusCode: '200' }] }), { methodResponses: [{ statusCode: '200' }] });
  });
  const sink = new Writable({ write: (chunk: Buffer, _encoding, callback) => { logs.push(JSON.parse(chunk.toString()) as { msg: string }); callback(); } });
  gateway = await startGateway({ plan, host: '127.0.0.1', port: 0, network: new NetworkModel(plan), logger: pino(sink), handlers: { listener: () => ({ handle: () => Promise.reject(new Error('none')) }) } });
});

after(async () => {
  await gateway.close();
  await backend.close();
  assert.deepEqual(logs.filter((line) => line.msg === 'gateway failed a request'), [], 'no request failed with an unhandled error');
});

const stillServes = async (): Promise<void> => assert.equal((await call(`${gateway.url}/prod/ok`)).status, 200);

const MALFORMED: Record<string, string | Buffer> = {
  'truncated JSON': '{"name":',
  'a bare string': '"name"',
  'invalid UTF-8 bytes': Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0xff, 0xfe, 0x7d]),
  'nesting 100,000 deep': `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
  'a __proto__ key': '{"__proto__":{"polluted":true},"name":"x"}',
  'a number with 10,000 digits': `{"name":"x","n":${'9'.repeat(10_000)}}`,
  'an empty body': '',
};

for (const [shape, body] of Object.entries(MALFORMED)) {
  test(`malformed JSON against a validated model (${shape}) → 400 Invalid request body, nothing forwarded`, async () => {
    const before = backend.seen.length;
    const answer = await call(`${gateway.url}/prod/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    assert.equal(answer.status, 400, answer.body);
    assert.deepEqual(JSON.parse(answer.body), { message: 'Invalid request body' });
    assert.equal(backend.seen.length, before);
    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype pollution');
    await stillServes();
  });
}

test('a body streamed past 10 MB without Content-Length → 413, nothing forwarded', async () => {
  const before = backend.seen.length;
  const head = 'POST /prod/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n';
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  const socket = net.connect(gateway.port, '127.0.0.1');
  let text = '';
  socket.on('data', (data: Buffer) => (text += data.toString('latin1')));
  socket.on('error', () => undefined);
  socket.write(head);
  for (let i = 0; i < 11; i++) socket.write(`${chunk.length.toString(16)}\r\n${chunk.toString('latin1')}\r\n`);
  socket.write('0\r\n\r\n');
  await new Promise<void>((resolve) => socket.once('close', resolve).once('end', resolve));
  socket.destroy();
  assert.match(text, /^HTTP\/1\.1 413 /);
  assert.match(text, /"Request Too Long"/);
  assert.equal(backend.seen.length, before);
  await stillServes();
});

test('a declared Content-Length over 10 MB → 413 and the connection closes', async () => {
  const exchange = await rawExchange(gateway.port, `POST /prod/orders HTTP/1.1\r\nHost: x\r\nContent-Length: ${10 * 1024 * 1024 + 1}\r\n\r\n{}`);
  assert.equal(exchange.status, 413, exchange.text);
  assert.equal(exchange.closedByServer, true);
  await stillServes();
});

test('a client gone mid-body: nothing reaches the backend, the gateway keeps serving', async () => {
  const before = backend.seen.length;
  const socket = net.connect(gateway.port, '127.0.0.1');
  socket.on('error', () => undefined);
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  socket.write('POST /prod/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"name":"trunc');
  await new Promise((resolve) => setTimeout(resolve, 50));
  socket.destroy();
  await stillServes();
  assert.equal(backend.seen.length, before, 'the truncated body was not sent on');
});

const SMUGGLED = 'POST /prod/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}';
for (const [shape, bytes] of Object.entries({
  'CL.TE': `POST /prod/orders HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n${SMUGGLED}`,
  'TE.CL': `POST /prod/orders HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 60\r\n\r\n0\r\n\r\n${SMUGGLED}`,
  'Transfer-Encoding: xchunked': `POST /prod/orders HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n${SMUGGLED}`,
})) {
  test(`smuggling shape ${shape} at a REST API: 400, closed, nothing forwarded`, async () => {
    const before = backend.seen.length;
    const exchange = await rawExchange(gateway.port, bytes);
    assert.equal(exchange.status, 400, exchange.text);
    assert.equal(exchange.closedByServer, true);
    assert.equal(exchange.text.match(/HTTP\/1\.1 /g)?.length, 1, 'one response, none for the smuggled request');
    assert.equal(backend.seen.length, before);
    await stillServes();
  });
}

for (const [path, status, message] of [
  ['/staging/ok', 403, 'Forbidden'],
  ['/%zz/ok', 403, 'Forbidden'],
  ['//ok', 403, 'Forbidden'],
  ['/prod/%zz', 403, 'Missing Authentication Token'],
  ['/prod/ok/../../prod/ok/x', 403, 'Missing Authentication Token'],
  ['/prod/%00', 403, 'Missing Authentication Token'],
  [`/prod/${'a/'.repeat(2_000)}`, 403, 'Missing Authentication Token'],
] as const) {
  test(`odd path ${path.slice(0, 40)} → ${status} ${message}`, async () => {
    const answer = await call(`${gateway.url}${path}`);
    assert.equal(answer.status, status, answer.body);
    assert.deepEqual(JSON.parse(answer.body), { message });
  });
}

test('template text inside request data stays data: it is not evaluated', async () => {
  const answer = await call(`${gateway.url}/prod/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"#set($x = 1)$util.base64Encode(\'p\')$context.requestId"}' });
  assert.equal(answer.status, 200, answer.body);
  const sent = String((JSON.parse(answer.body) as { got: string }).got);
  // `"name":"…"` is the $input.path value, put in as text: nothing in it ran.
  assert.ok(sent.includes(`"name":"#set($x = 1)$util.base64Encode('p')$context.requestId"`), sent);
  assert.ok(!sent.includes('cA=='), 'the $util call in the data was not evaluated');
});
