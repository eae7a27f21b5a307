/** Binary media types and contentHandling: base64 in and out of templates, bytes untouched by proxies. */
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, test } from 'node:test';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { planOf, recordingServer, serve } from './helpers.js';

const closers: (() => Promise<void>)[] = [];
after(async () => {
  for (const close of closers) await close();
});

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe]);

function raw(url: string, options: { method?: string; headers?: Record<string, string>; body?: Buffer } = {}): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers ?? {}, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

test('CONVERT_TO_TEXT gives the template base64; CONVERT_TO_BINARY turns a base64 answer into bytes; proxies pass bytes', async () => {
  const backend = await recordingServer((req) => (req.url === '/download' ? { status: 200, body: PNG.toString('base64') } : { status: 200, body: 'ok' }));
  closers.push(backend.close);
  const plan = await planOf((stack) => {
    const api = new apigw.RestApi(stack, 'Api', { cloudWatchRole: false, binaryMediaTypes: ['image/*'], deployOptions: { stageName: 'v1' } });
    api.root.addResource('upload').addMethod('POST', new apigw.HttpIntegration(`${backend.url}/upload`, { proxy: false, httpMethod: 'POST', options: { contentHandling: apigw.ContentHandling.CONVERT_TO_TEXT, requestTemplates: { 'image/png': '{"data":"$input.body"}' }, integrationResponses: [{ statusCode: '200' }] } }), { methodResponses: [{ statusCode: '200' }] });
    api.root.addResource('download').addMethod('GET', new apigw.HttpIntegration(`${backend.url}/download`, { proxy: false, options: { integrationResponses: [{ statusCode: '200', contentHandling: apigw.ContentHandling.CONVERT_TO_BINARY }] } }), { methodResponses: [{ statusCode: '200' }] });
    api.root.addResource('proxy').addMethod('POST', new apigw.HttpIntegration(`${backend.url}/proxy`, { proxy: true, httpMethod: 'POST' }));
  });
  const gateway = await serve(plan);
  closers.push(gateway.close);

  assert.equal((await raw(`${gateway.url}/v1/upload`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: PNG })).status, 200);
  assert.equal(backend.seen.at(-1)?.body, `{"data":"${PNG.toString('base64')}"}`);

  const download = await raw(`${gateway.url}/v1/download`);
  assert.deepEqual(download.body, PNG);

  await raw(`${gateway.url}/v1/proxy`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: PNG });
  assert.deepEqual(backend.seen.at(-1)?.raw, PNG, 'HTTP_PROXY passes the bytes untouched');
});
