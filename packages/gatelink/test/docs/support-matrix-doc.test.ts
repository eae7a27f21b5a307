import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { SUPPORT } from '../../src/plan/support.js';

const doc = readFileSync(new URL('../../../../docs/support-matrix.md', import.meta.url), 'utf8');

test('docs/support-matrix.md lists every resource type of the support table with its level', () => {
  for (const [type, entry] of Object.entries(SUPPORT)) {
    assert.ok(doc.includes(`| \`${type}\` | ${entry.level} |`), `${type} (${entry.level}) missing from docs/support-matrix.md`);
  }
});
