/**
 * Secrets Manager operations over the local store (AWS JSON 1.1, `X-Amz-Target: secretsmanager.<Op>`):
 * GetSecretValue, DescribeSecret, ListSecrets (no filters or paging: every secret in one page) and
 * PutSecretValue. Dates are epoch seconds, as the JSON protocol sends timestamps.
 */
import type { SecretStore, StoredSecret } from '../../secrets/store.js';
import { API_ERRORS, ApiFailure } from './errors.js';

type Input = Record<string, unknown>;

export function secretsManagerOperations(store: SecretStore): Record<string, (input: Input) => unknown> {
  const find = (input: Input): StoredSecret => {
    if (typeof input.SecretId !== 'string' || input.SecretId === '') throw new ApiFailure(API_ERRORS.secretInvalidParameter('You must provide a SecretId.'));
    const secret = store.findSecret(input.SecretId);
    if (!secret) throw new ApiFailure(API_ERRORS.secretNotFound());
    return secret;
  };
  return {
    GetSecretValue: (input) => {
      const secret = find(input);
      const select = { ...(typeof input.VersionId === 'string' ? { versionId: input.VersionId } : {}), ...(typeof input.VersionStage === 'string' ? { versionStage: input.VersionStage } : {}) };
      const version = store.version(secret, select);
      if (!version) throw new ApiFailure(API_ERRORS.secretValueNotFound(select.versionId ? `VersionId: ${select.versionId}` : `staging label: ${select.versionStage ?? 'AWSCURRENT'}`));
      return { ARN: store.arnFor(secret.name), Name: secret.name, VersionId: version.id, SecretString: version.value, VersionStages: version.stages, CreatedDate: seconds(version.createdDate) };
    },
    DescribeSecret: (input) => describe(store, find(input)),
    ListSecrets: () => ({ SecretList: store.secrets().map((secret) => describe(store, secret)) }),
    PutSecretValue: (input) => {
      const secret = find(input);
      if (input.SecretBinary !== undefined) throw new ApiFailure(API_ERRORS.secretInvalidParameter('SecretBinary is not supported locally; use SecretString.'));
      if (typeof input.SecretString !== 'string') throw new ApiFailure(API_ERRORS.secretInvalidParameter('You must provide either SecretString or SecretBinary.'));
      const token = typeof input.ClientRequestToken === 'string' ? input.ClientRequestToken : undefined;
      const same = token ? secret.versions.find((v) => v.id === token) : undefined;
      if (same) {
        // Idempotent retry; a different value under the same token is what AWS refuses.
        if (same.value !== input.SecretString) throw new ApiFailure(API_ERRORS.secretInvalidRequest('You can’t modify an existing version, you can only create a new version.'));
        return { ARN: store.arnFor(secret.name), Name: secret.name, VersionId: same.id, VersionStages: same.stages };
      }
      const stages = Array.isArray(input.VersionStages) ? input.VersionStages.map(String) : undefined;
      const version = store.putValue(secret.name, input.SecretString, { ...(stages ? { stages } : {}), ...(token ? { versionId: token } : {}) });
      return { ARN: store.arnFor(secret.name), Name: secret.name, VersionId: version.id, VersionStages: version.stages };
    },
  };
}

function describe(store: SecretStore, secret: StoredSecret): Record<string, unknown> {
  return {
    ARN: store.arnFor(secret.name),
    Name: secret.name,
    ...(secret.description !== undefined ? { Description: secret.description } : {}),
    CreatedDate: seconds(secret.createdDate),
    LastChangedDate: seconds(secret.lastChangedDate),
    VersionIdsToStages: Object.fromEntries(secret.versions.map((v) => [v.id, v.stages])),
    SecretVersionsToStages: Object.fromEntries(secret.versions.map((v) => [v.id, v.stages])),
  };
}

function seconds(iso: string): number {
  return Date.parse(iso) / 1000;
}
