/**
 * AWS service integrations: SQS SendMessage (the query-protocol request the engine would receive, at a
 * fake SQS endpoint) and DynamoDB actions against the real embedded engine.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import pino from 'pino';
import { startDynamoDb } from '../../src/engines/dynamodb.js';
import { call, planOf, recordingServer, serve } from './helpers.js';

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

test('SQS path/{account}/{queue}: the template’s form body reaches the queue URL, the XML answer maps through', async () => {
  const sqs = await recordingServer(() => ({ status: 200, body: '<SendMessageResponse><SendMessageResult><MessageId>m-1</MessageId></SendMessageResult></SendMessageResponse>' }));
  cleanups.push(sqs.close);
  const plan = await planOf((stack) => {
    const api = new apigw.RestApi(stack, 'Api', { cloudWatchRole: false, deployOptions: { stageName: 'v1' } });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com') });
    api.root.addResource('messages').addMethod('POST', new apigw.AwsIntegration({
      service: 'sqs',
      path: '111111111111/orders-queue',
      integrationHttpMethod: 'POST',
      options: {
        credentialsRole: role,
        passthroughBehavior: apigw.PassthroughBehavior.NEVER,
        requestParameters: { 'integration.request.header.Content-Type': "'application/x-www-form-urlencoded'" },
        requestTemplates: { 'application/json': 'Action=SendMessage&MessageBody=$util.urlEncode($input.body)' },
        integrationResponses: [{ statusCode: '200', responseTemplates: { 'application/json': '{"queued":true}' } }],
      },
    }), { methodResponses: [{ statusCode: '200' }] });
  });
  const gateway = await serve(plan, { awsEndpoints: { sqs: sqs.url } });
  cleanups.push(gateway.close);
  const answer = await call(`${gateway.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"order":"a b&c"}' });
  assert.equal(answer.status, 200);
  assert.deepEqual(JSON.parse(answer.body), { queued: true });
  const seen = sqs.seen[0];
  assert.ok(seen);
  assert.equal(seen.method, 'POST');
  assert.equal(seen.url, '/111111111111/orders-queue');
  assert.equal(seen.headers['content-type'], 'application/x-www-form-urlencoded');
  assert.equal(seen.body, `Action=SendMessage&MessageBody=${encodeURIComponent('{"order":"a b&c"}').replace(/%20/g, '+')}`);
  assert.equal(new URLSearchParams(seen.body).get('MessageBody'), '{"order":"a b&c"}');
  assert.match(String(seen.headers.authorization), /^AWS4-HMAC-SHA256 Credential=.*\/sqs\/aws4_request/);
});

test('SQS action/SendMessage: Action and mapped query parameters go in the query string', async () => {
  const sqs = await recordingServer(() => ({ status: 200, body: '<ok/>' }));
  cleanups.push(sqs.close);
  const plan = await planOf((stack) => {
    const api = new apigw.RestApi(stack, 'Api', { cloudWatchRole: false, deployOptions: { stageName: 'v1' } });
    api.root.addMethod('POST', new apigw.AwsIntegration({
      service: 'sqs',
      action: 'SendMessage',
      integrationHttpMethod: 'POST',
      options: { requestParameters: { 'integration.request.querystring.QueueUrl': "'http://sqs.local/111111111111/q'", 'integration.request.querystring.MessageBody': 'method.request.body' }, integrationResponses: [{ statusCode: '200' }] },
    }), { methodResponses: [{ statusCode: '200' }] });
  });
  const gateway = await serve(plan, { awsEndpoints: { sqs: sqs.url } });
  cleanups.push(gateway.close);
  const answer = await call(`${gateway.url}/v1/`, { method: 'POST', body: 'hello' });
  assert.equal(answer.status, 200);
  assert.equal(answer.body, '<ok/>');
  const url = new URL(sqs.seen[0]?.url ?? '', 'http://x');
  assert.equal(url.searchParams.get('Action'), 'SendMessage');
  assert.equal(url.searchParams.get('QueueUrl'), 'http://sqs.local/111111111111/q');
  assert.equal(url.searchParams.get('MessageBody'), 'hello');
});

test('an AWS integration with a service that has no local engine answers 500 Internal server error', async () => {
  const plan = await planOf((stack) => {
    const api = new apigw.RestApi(stack, 'Api', { cloudWatchRole: false, deployOptions: { stageName: 'v1' } });
    api.root.addMethod('POST', new apigw.AwsIntegration({ service: 'sns', action: 'Publish', options: { integrationResponses: [{ statusCode: '200' }] } }), { methodResponses: [{ statusCode: '200' }] });
  });
  const gateway = await serve(plan);
  cleanups.push(gateway.close);
  const answer = await call(`${gateway.url}/v1/`, { method: 'POST', body: '{}' });
  assert.equal(answer.status, 500);
  assert.deepEqual(JSON.parse(answer.body), { message: 'Internal server error' });
});

test('DynamoDB actions (PutItem, GetItem, Query, Scan, UpdateItem, DeleteItem) against the embedded engine', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gatelink-rest-dynamo-'));
  const plan = await planOf((stack) => {
    new dynamodb.Table(stack, 'Items', { tableName: 'unit-items', partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
    const api = new apigw.RestApi(stack, 'Api', { cloudWatchRole: false, deployOptions: { stageName: 'v1' } });
    for (const action of ['PutItem', 'GetItem', 'Query', 'Scan', 'UpdateItem', 'DeleteItem']) {
      api.root.addResource(action.toLowerCase()).addMethod('POST', new apigw.AwsIntegration({ service: 'dynamodb', action, options: { integrationResponses: [{ statusCode: '200' }, { statusCode: '400', selectionPattern: '400' }] } }), { methodResponses: [{ statusCode: '200' }, { statusCode: '400' }] });
    }
  });
  const engine = await startDynamoDb({ dataDir, tables: plan.tables, region: 'eu-west-1', logger: pino({ level: 'silent' }) });
  cleanups.push(async () => {
    await engine.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  await engine.ready;
  const gateway = await serve(plan, { awsEndpoints: { dynamodb: engine.endpoint } });
  cleanups.push(gateway.close);
  const send = async (action: string, body: unknown) => call(`${gateway.url}/v1/${action}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const put = await send('putitem', { TableName: 'unit-items', Item: { pk: { S: 'a' }, n: { N: '1' } } });
  assert.equal(put.status, 200, put.body);
  assert.deepEqual(JSON.parse((await send('getitem', { TableName: 'unit-items', Key: { pk: { S: 'a' } } })).body).Item, { pk: { S: 'a' }, n: { N: '1' } });
  assert.equal(JSON.parse((await send('query', { TableName: 'unit-items', KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': { S: 'a' } } })).body).Count, 1);
  assert.equal((await send('updateitem', { TableName: 'unit-items', Key: { pk: { S: 'a' } }, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': { N: '2' } } })).status, 200);
  assert.equal(JSON.parse((await send('scan', { TableName: 'unit-items' })).body).Items[0].n.N, '2');
  assert.equal((await send('deleteitem', { TableName: 'unit-items', Key: { pk: { S: 'a' } } })).status, 200);
  assert.equal(JSON.parse((await send('scan', { TableName: 'unit-items' })).body).Count, 0);
  const bad = await send('getitem', { TableName: 'no-such-table', Key: { pk: { S: 'a' } } });
  assert.equal(bad.status, 400);
  assert.match(bad.body, /ResourceNotFoundException/);
});
