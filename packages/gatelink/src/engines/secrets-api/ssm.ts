/**
 * SSM Parameter Store operations over the local store (AWS JSON 1.1, `X-Amz-Target: AmazonSSM.<Op>`):
 * GetParameter (with a `name:version` selector), GetParameters (unknown names in
 * InvalidParameters), GetParametersByPath (Recursive, MaxResults 1–10, NextToken). A SecureString
 * without WithDecryption gives an opaque stand-in for AWS's ciphertext.
 */
import { createHash } from 'node:crypto';
import type { SecretStore, StoredParameter } from '../../secrets/store.js';
import { API_ERRORS, ApiFailure } from './errors.js';

type Input = Record<string, unknown>;

export function ssmOperations(store: SecretStore, arnOf: (name: string) => string): Record<string, (input: Input) => unknown> {
  const shape = (p: StoredParameter, decrypt: boolean, selector?: string) => ({
    Name: p.name,
    Type: p.type,
    Value: p.type === 'SecureString' && !decrypt ? ciphertext(p.value) : p.value,
    Version: p.version,
    ...(selector ? { Selector: selector } : {}),
    LastModifiedDate: Date.parse(p.lastModifiedDate) / 1000,
    ARN: arnOf(p.name),
    DataType: 'text',
  });
  const get = (nameWithSelector: string): { parameter: StoredParameter; selector?: string } | undefined => {
    const at = nameWithSelector.lastIndexOf(':');
    const versioned = at > 0 && /^\d+$/.test(nameWithSelector.slice(at + 1)) && !nameWithSelector.startsWith('arn:');
    const parameter = store.parameter(versioned ? nameWithSelector.slice(0, at) : nameWithSelector);
    if (!parameter) return undefined;
    if (versioned && String(parameter.version) !== nameWithSelector.slice(at + 1)) throw new ApiFailure(API_ERRORS.parameterVersionNotFound(parameter.name, nameWithSelector.slice(at + 1)));
    return versioned ? { parameter, selector: nameWithSelector.slice(at) } : { parameter };
  };
  return {
    GetParameter: (input) => {
      if (typeof input.Name !== 'string' || input.Name === '') throw new ApiFailure(API_ERRORS.ssmValidation('1 validation error detected: Value null at \'name\' failed to satisfy constraint: Member must not be null'));
      const found = get(input.Name);
      if (!found) throw new ApiFailure(API_ERRORS.parameterNotFound());
      return { Parameter: shape(found.parameter, input.WithDecryption === true, found.selector) };
    },
    GetParameters: (input) => {
      const names = Array.isArray(input.Names) ? input.Names.map(String) : [];
      if (names.length < 1 || names.length > 10) throw new ApiFailure(API_ERRORS.ssmValidation('1 validation error detected: Value at \'names\' failed to satisfy constraint: Member must have length less than or equal to 10 and greater than or equal to 1'));
      const found = names.map((name) => ({ name, found: get(name) }));
      return {
        Parameters: found.flatMap((f) => (f.found ? [shape(f.found.parameter, input.WithDecryption === true, f.found.selector)] : [])),
        InvalidParameters: found.filter((f) => !f.found).map((f) => f.name),
      };
    },
    GetParametersByPath: (input) => byPath(store, input, (p) => shape(p, input.WithDecryption === true)),
  };
}

function byPath(store: SecretStore, input: Input, shape: (p: StoredParameter) => unknown): unknown {
  const path = typeof input.Path === 'string' ? input.Path : '';
  if (!path.startsWith('/')) throw new ApiFailure(API_ERRORS.ssmValidation('The parameter doesn\'t meet the parameter name requirements. The parameter name must begin with a forward slash "/".'));
  const max = input.MaxResults === undefined ? 10 : Number(input.MaxResults);
  if (!Number.isInteger(max) || max < 1 || max > 10) throw new ApiFailure(API_ERRORS.ssmValidation('1 validation error detected: Value at \'maxResults\' failed to satisfy constraint: Member must have value less than or equal to 10'));
  const prefix = path.endsWith('/') ? path : `${path}/`;
  const matching = store.parameters().filter((p) => p.name.startsWith(prefix) && (input.Recursive === true || !p.name.slice(prefix.length).includes('/')));
  const start = typeof input.NextToken === 'string' ? Number(Buffer.from(input.NextToken, 'base64url').toString()) || 0 : 0;
  const page = matching.slice(start, start + max);
  const next = start + max < matching.length ? { NextToken: Buffer.from(String(start + max)).toString('base64url') } : {};
  return { Parameters: page.map(shape), ...next };
}

function ciphertext(value: string): string {
  return Buffer.from(`gatelink-local-kms:${createHash('sha256').update(value).digest('hex')}`).toString('base64');
}
