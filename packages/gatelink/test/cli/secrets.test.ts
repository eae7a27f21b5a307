/** `gatelink secrets set|list`: values stored in the data dir (0600), names listed, values never printed. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import test from 'node:test';
import { runSecretsList, runSecretsSet } from '../../src/cli/secrets-command.js';
import { isGatelinkError } from '../../src/errors.js';
import { SecretStore } from '../../src/secrets/store.js';

function capture(): { out: PassThrough; text: () => string } {
  const out = new PassThrough();
  let text = '';
  out.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { out, text: () => text };
}

test('set a secret and a parameter (from stdin too); list shows names and never values; the file is 0600', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gl-cli-secrets-'));
  const out = capture();
  await runSecretsSet('prod/db', 'hunter2-value', { dataDir }, { out: out.out, stdin: Readable.from([]) });
  await runSecretsSet('/app/token', undefined, { dataDir, parameter: true, type: 'SecureString', fromStdin: true }, { out: out.out, stdin: Readable.from(['stdin-value\n']) });
  const listed = capture();
  runSecretsList({ dataDir }, listed.out);
  assert.match(listed.text(), /secret\s+prod\/db/);
  assert.match(listed.text(), /parameter \(SecureString\)\s+\/app\/token/);
  for (const text of [out.text(), listed.text()]) {
    assert.ok(!text.includes('hunter2-value') && !text.includes('stdin-value'), 'no value is printed');
  }
  const store = SecretStore.open(dataDir, (name) => name);
  const secret = store.findSecret('prod/db');
  assert.ok(secret);
  assert.equal(store.version(secret, {})?.value, 'hunter2-value');
  assert.equal(store.parameter('/app/token')?.value, 'stdin-value');
  assert.equal(statSync(store.file).mode & 0o777, 0o600);
  assert.ok(readFileSync(store.file, 'utf8').includes('"origin": "cli"'));
});

test('usage errors: value and --from-stdin together, --type without --parameter, an unknown type', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gl-cli-secrets-'));
  const io = { out: new PassThrough(), stdin: Readable.from([]) };
  await assert.rejects(runSecretsSet('x', 'v', { dataDir, fromStdin: true }, io), (error: unknown) => isGatelinkError(error, 'GL_ERR_SECRETS_USAGE'));
  await assert.rejects(runSecretsSet('x', undefined, { dataDir }, io), (error: unknown) => isGatelinkError(error, 'GL_ERR_SECRETS_USAGE'));
  await assert.rejects(runSecretsSet('x', 'v', { dataDir, type: 'String' }, io), /--parameter only/);
  await assert.rejects(runSecretsSet('x', 'v', { dataDir, parameter: true, type: 'Blob' }, io), /String, StringList, SecureString/);
});
