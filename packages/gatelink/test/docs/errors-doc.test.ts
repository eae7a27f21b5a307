import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ERRORS } from '../../src/errors.js';

const doc = readFileSync(new URL('../../../../docs/errors.md', import.meta.url), 'utf8');

test('docs/errors.md lists every error code of the registry, and nothing else', () => {
  const documented = new Set([...doc.matchAll(/`(GL_ERR_[A-Z_]+)`/g)].map((match) => match[1]));
  const registered = new Set(Object.keys(ERRORS));
  for (const code of registered) assert.ok(documented.has(code), `${code} is missing from docs/errors.md`);
  for (const code of documented) assert.ok(registered.has(code as string), `${code} is documented but not in the registry`);
});

test('every registered error has a message and a hint', () => {
  for (const [code, spec] of Object.entries(ERRORS)) {
    assert.ok(spec.message.length > 0, `${code} message`);
    assert.ok(spec.hint.length > 10, `${code} hint`);
  }
});
