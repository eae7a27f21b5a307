import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { AJV_OPTIONS } from '../src/app.js';
import type { ResourceDefinition } from '../src/definition.js';
import { bodySchemaProblems } from '../src/testing.js';

const base: ResourceDefinition = {
  resource: 'widgets',
  tableEnv: 'WIDGETS_TABLE',
  properties: { name: { type: 'string', minLength: 1 }, size: { type: 'integer', minimum: 1 } },
  required: ['name', 'size'],
  seed: [],
};
/** A negative minLength: only the meta-schema says it is wrong (Ajv's keyword checks look at the type only). */
const broken: ResourceDefinition = { ...base, properties: { ...base.properties, name: { type: 'string', minLength: -1 } } };

test('services skip the meta-schema check at start (it is most of the validator compile time)', () => {
  assert.equal(AJV_OPTIONS.validateSchema, false);
});

test('bodySchemaProblems: the check the services skip at start, done in tests instead', () => {
  assert.deepEqual(bodySchemaProblems(base), []);
  const problems = bodySchemaProblems(broken);
  assert.equal(problems.length, 3, problems.join('\n'));
  assert.match(problems[0] ?? '', /^create: .*minLength must be >= 0/);
});

test('without the start-time check, a schema the meta-schema rejects is still compiled: the test above is what catches it', async () => {
  const app = Fastify({ ajv: { customOptions: AJV_OPTIONS } });
  app.post('/', { schema: { body: bodySchemaShape(broken) } }, async () => ({}));
  await assert.doesNotReject(async () => {
    await app.ready();
  });
  await app.close();
  const checked = Fastify({ ajv: { customOptions: { ...AJV_OPTIONS, validateSchema: true } } });
  checked.post('/', { schema: { body: bodySchemaShape(broken) } }, async () => ({}));
  await assert.rejects(async () => {
    await checked.ready();
  }, /schema is invalid/);
});

function bodySchemaShape(definition: ResourceDefinition): object {
  return { type: 'object', properties: definition.properties, additionalProperties: false };
}

test('bodySchemaProblems: an unknown keyword (Ajv strict mode) is reported, as the first request would have failed on it', () => {
  const typo: ResourceDefinition = { ...base, properties: { ...base.properties, name: { type: 'string', minLenght: 1 } as never } };
  const problems = bodySchemaProblems(typo);
  assert.ok(problems.length > 0);
  assert.match(problems[0] ?? '', /^create: .*unknown keyword: "minLenght"/);
});
