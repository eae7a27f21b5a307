/** The query protocol's parameters as the JSON protocol's input: lists, maps, numbers, and names that must stay plain data. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeQuery } from '../../src/engines/sqs/query-decode.js';
import { encodeError, encodeResult, wantsJson } from '../../src/engines/sqs/query-encode.js';

test('SendMessage: message attributes become a map, DelaySeconds a number', () => {
  const { action, input } = decodeQuery(new URLSearchParams('Action=SendMessage&Version=2012-11-05&QueueUrl=u&MessageBody=hi%20there&DelaySeconds=5&MessageAttribute.1.Name=a&MessageAttribute.1.Value.DataType=String&MessageAttribute.1.Value.StringValue=x&MessageAttribute.2.Name=n&MessageAttribute.2.Value.DataType=Number&MessageAttribute.2.Value.StringValue=7'));
  assert.equal(action, 'SendMessage');
  assert.deepEqual(input, { QueueUrl: 'u', MessageBody: 'hi there', DelaySeconds: 5, MessageAttributes: { a: { DataType: 'String', StringValue: 'x' }, n: { DataType: 'Number', StringValue: '7' } } });
});

test('batches and flattened lists keep their order by index, not by position in the query', () => {
  const { input } = decodeQuery(new URLSearchParams('Action=SendMessageBatch&SendMessageBatchRequestEntry.2.Id=b&SendMessageBatchRequestEntry.2.MessageBody=2&SendMessageBatchRequestEntry.1.Id=a&SendMessageBatchRequestEntry.1.MessageBody=1&AttributeName.1=All'));
  assert.deepEqual(input, { Entries: [{ Id: 'a', MessageBody: '1' }, { Id: 'b', MessageBody: '2' }], AttributeNames: ['All'] });
});

test('CreateQueue: attributes become a map and tags the lower-case `tags` member', () => {
  const { input } = decodeQuery(new URLSearchParams('Action=CreateQueue&QueueName=q&Attribute.1.Name=VisibilityTimeout&Attribute.1.Value=60&Tag.1.Key=team&Tag.1.Value=core'));
  assert.deepEqual(input, { QueueName: 'q', Attributes: { VisibilityTimeout: '60' }, tags: { team: 'core' } });
});

test('names like __proto__ are stored as plain keys and never reach a prototype', () => {
  const { input } = decodeQuery(new URLSearchParams('Action=SendMessage&__proto__.polluted=1&MessageAttribute.1.Name=__proto__&MessageAttribute.1.Value.StringValue=x'));
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(Object.getPrototypeOf(input), Object.prototype);
  assert.ok(Object.hasOwn(input, '__proto__'));
  assert.ok(Object.hasOwn(input.MessageAttributes as object, '__proto__'));
});

test('answers: XML escapes values; errors keep SQS-specific prefixes and drop them from common codes', () => {
  const xml = encodeResult('GetQueueUrl', { QueueUrl: 'http://h/1/a&b' }, 'r-1', false);
  assert.equal(xml.body, '<?xml version="1.0"?><GetQueueUrlResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/"><GetQueueUrlResult><QueueUrl>http://h/1/a&amp;b</QueueUrl></GetQueueUrlResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></GetQueueUrlResponse>');
  const missing = encodeError(400, 'AWS.SimpleQueueService.NonExistentQueue;Sender', { message: 'gone' }, 'r-2', true);
  assert.deepEqual(JSON.parse(missing.body), { Error: { Type: 'Sender', Code: 'AWS.SimpleQueueService.NonExistentQueue', Message: 'gone' }, RequestId: 'r-2' });
  const common = encodeError(400, 'AWS.SimpleQueueService.InvalidParameterValue;Sender', { message: 'bad' }, 'r-3', true);
  assert.equal((JSON.parse(common.body) as { Error: { Code: string } }).Error.Code, 'InvalidParameterValue');
  assert.equal(wantsJson('application/json, text/xml'), true);
  assert.equal(wantsJson('text/xml, application/json'), false);
  assert.equal(wantsJson(undefined), false);
});
