/** Plan types: Secrets Manager secrets, SSM parameters and the secrets a container asks for. */
import type { ResourceId } from './types.js';

/** `GenerateSecretString` as the template gives it; ../secrets/generate.ts applies AWS's defaults. */
export interface GenerateSecretSpec {
  readonly passwordLength?: number;
  readonly excludeCharacters?: string;
  readonly excludePunctuation?: boolean;
  readonly excludeUppercase?: boolean;
  readonly excludeLowercase?: boolean;
  readonly excludeNumbers?: boolean;
  readonly includeSpace?: boolean;
  readonly requireEachIncludedType?: boolean;
  /** A JSON object; the generated password is added to it under `generateStringKey`. */
  readonly secretStringTemplate?: string;
  readonly generateStringKey?: string;
}

export interface SecretPlan {
  readonly id: ResourceId;
  /** `Name`, or `<LogicalId>-<suffix>` as CloudFormation generates it. */
  readonly name: string;
  /** What `Ref` gives: the full ARN, `…:secret:<name>-<6 characters>`. */
  readonly arn: string;
  readonly description?: string;
  /** `SecretString` given in the template (used as is). */
  readonly secretString?: string;
  /** `GenerateSecretString`: a value generated once and kept in the data dir. */
  readonly generate?: GenerateSecretSpec;
}

export interface SsmParameterPlan {
  readonly id: ResourceId;
  /** `Name`, or `CFN-<LogicalId>-<suffix>` as CloudFormation generates it. */
  readonly name: string;
  readonly type: 'String' | 'StringList';
  readonly value: string;
  readonly description?: string;
}

/** A container's `Secrets` entry: an environment variable filled from a secret or a parameter when the task starts. */
export interface ContainerSecretPlan {
  readonly name: string;
  /** A secret ARN (optionally `:json-key:version-stage:version-id`), or an SSM parameter ARN or name. */
  readonly valueFrom: string;
}
