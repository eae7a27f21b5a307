/** GenerateSecretString as Secrets Manager documents it: defaults, exclusions, each included type, templates. */
import assert from 'node:assert/strict';
import test from 'node:test';
import { isGatelinkError } from '../../src/errors.js';
import { generateSecretString, randomPassword } from '../../src/secrets/generate.js';

const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/;

test('defaults: 32 characters with an upper-case letter, a lower-case letter, a digit and punctuation, no space', () => {
  for (let i = 0; i < 50; i += 1) {
    const password = randomPassword({}, 'S');
    assert.equal(password.length, 32);
    assert.match(password, /[A-Z]/);
    assert.match(password, /[a-z]/);
    assert.match(password, /[0-9]/);
    assert.match(password, PUNCTUATION);
    assert.doesNotMatch(password, / /);
  }
});

test('two generations differ (crypto-random)', () => {
  assert.notEqual(randomPassword({}, 'S'), randomPassword({}, 'S'));
});

test('PasswordLength, ExcludePunctuation, ExcludeCharacters', () => {
  for (let i = 0; i < 50; i += 1) {
    const password = randomPassword({ passwordLength: 64, excludePunctuation: true, excludeCharacters: 'aeiouAEIOU0' }, 'S');
    assert.equal(password.length, 64);
    assert.doesNotMatch(password, PUNCTUATION);
    assert.doesNotMatch(password, /[aeiouAEIOU0]/);
  }
});

test('ExcludeUppercase/Lowercase/Numbers leave only what is included; IncludeSpace adds the space to the pool', () => {
  assert.match(randomPassword({ excludeUppercase: true, excludeLowercase: true, excludePunctuation: true, passwordLength: 20 }, 'S'), /^[0-9]{20}$/);
  assert.match(randomPassword({ excludeNumbers: true, excludeLowercase: true, excludePunctuation: true }, 'S'), /^[A-Z]{32}$/);
  const withSpaces = Array.from({ length: 20 }, () => randomPassword({ includeSpace: true, excludeUppercase: true, excludeLowercase: true, excludePunctuation: true, passwordLength: 100 }, 'S')).join('');
  assert.match(withSpaces, / /);
});

test('RequireEachIncludedType false may leave a type out; true with a length below the type count is refused', () => {
  const short = Array.from({ length: 200 }, () => randomPassword({ passwordLength: 2, requireEachIncludedType: false }, 'S'));
  assert.ok(short.every((p) => p.length === 2));
  assert.ok(short.some((p) => !/[A-Z]/.test(p)), 'without the requirement some two-character passwords have no upper-case letter');
  assert.throws(() => randomPassword({ passwordLength: 3 }, 'Stack/S'), (error: unknown) => isGatelinkError(error, 'GL_ERR_SECRET_INVALID') && /Stack\/S/.test(error.message));
  assert.throws(() => randomPassword({ excludeUppercase: true, excludeLowercase: true, excludeNumbers: true, excludePunctuation: true }, 'S'), /every character is excluded/);
});

test('SecretStringTemplate + GenerateStringKey: the password is added to the JSON object under the key', () => {
  const value = JSON.parse(generateSecretString({ secretStringTemplate: '{"username":"app"}', generateStringKey: 'password', excludePunctuation: true }, 'S')) as Record<string, string>;
  assert.equal(value.username, 'app');
  assert.match(value.password ?? '', /^[A-Za-z0-9]{32}$/);
  assert.throws(() => generateSecretString({ generateStringKey: 'password' }, 'S'), /together/);
  assert.throws(() => generateSecretString({ secretStringTemplate: '[1]', generateStringKey: 'k' }, 'S'), /JSON object/);
});
