/**
 * The local Secrets Manager and SSM Parameter Store: every value gatelink keeps, in one file of the
 * data dir (`secrets/store.json`, mode 0600 in a 0700 folder). A template secret's value is made once
 * (`SecretString` as given, `GenerateSecretString` generated) and kept across restarts; it is made
 * again only when the template's definition changes. Values set with `gatelink secrets set` win over
 * the template's. Template SSM parameters are taken from the plan on every start (not stored).
 *
 * Nothing here logs or puts a value into an error message: errors name secrets, never values.
 */
import { createHash, randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GatelinkError } from '../errors.js';
import type { SecretPlan, SsmParameterPlan } from '../plan/types.js';
import { generateSecretString } from './generate.js';
import { ssmName } from './references.js';

export interface SecretVersion {
  readonly id: string;
  readonly value: string;
  stages: string[];
  readonly createdDate: string;
}

export interface StoredSecret {
  readonly name: string;
  description?: string;
  /** `template` (made from the app), `cli` (`gatelink secrets set`: the template never replaces it). */
  origin: 'template' | 'cli';
  /** Hash of the template definition the value was made from. */
  fingerprint?: string;
  versions: SecretVersion[];
  readonly createdDate: string;
  lastChangedDate: string;
}

export interface StoredParameter {
  readonly name: string;
  readonly type: 'String' | 'StringList' | 'SecureString';
  readonly value: string;
  readonly version: number;
  readonly lastModifiedDate: string;
  readonly origin: 'template' | 'cli';
}

interface StoreFile {
  secrets: Record<string, StoredSecret>;
  parameters: Record<string, StoredParameter>;
}

export const CURRENT = 'AWSCURRENT';
export const PREVIOUS = 'AWSPREVIOUS';

export class SecretStore {
  private readonly data: StoreFile;
  /** The app's own SSM parameters (from the plan); stored ones with the same name win. */
  private readonly templateParameters = new Map<string, StoredParameter>();
  private readonly arns = new Map<string, string>();

  private constructor(
    readonly file: string,
    private readonly arnOf: (name: string) => string,
  ) {
    this.data = readStore(file);
  }

  /** The store of a data dir; `arnOf` gives the ARN of a secret that is not the app's own. */
  static open(dataDir: string, arnOf: (name: string) => string): SecretStore {
    return new SecretStore(path.join(dataDir, 'secrets', 'store.json'), arnOf);
  }

  /** Makes (and saves) the values of the app's secrets that are new or changed. */
  syncWithPlan(secrets: readonly SecretPlan[], parameters: readonly SsmParameterPlan[]): void {
    for (const secret of secrets) {
      this.arns.set(secret.name, secret.arn);
      this.syncSecret(secret);
    }
    const now = new Date().toISOString();
    for (const p of parameters) this.templateParameters.set(p.name, { name: p.name, type: p.type, value: p.value, version: 1, lastModifiedDate: now, origin: 'template' });
  }

  private syncSecret(secret: SecretPlan): void {
    const fingerprint = hash(JSON.stringify({ s: secret.secretString ?? null, g: secret.generate ?? null }));
    const existing = this.data.secrets[secret.name];
    if (existing && (existing.origin === 'cli' || existing.fingerprint === fingerprint)) return;
    const value = secret.secretString ?? (secret.generate ? generateSecretString(secret.generate, secret.id) : undefined);
    // Without either, AWS makes a secret with no value: GetSecretValue fails until one is put.
    if (value === undefined) return;
    this.putValue(secret.name, value, { origin: 'template', fingerprint, ...(secret.description !== undefined ? { description: secret.description } : {}) });
  }

  /** Adds a version that becomes AWSCURRENT; the one it replaces becomes AWSPREVIOUS. */
  putValue(name: string, value: string, meta: { origin?: 'template' | 'cli'; fingerprint?: string; description?: string; stages?: string[]; versionId?: string } = {}): SecretVersion {
    const now = new Date().toISOString();
    const secret = (this.data.secrets[name] ??= { name, origin: meta.origin ?? 'template', versions: [], createdDate: now, lastChangedDate: now });
    if (meta.origin) secret.origin = meta.origin;
    if (meta.fingerprint) secret.fingerprint = meta.fingerprint;
    if (meta.description !== undefined) secret.description = meta.description;
    const stages = meta.stages ?? [CURRENT];
    if (stages.includes(CURRENT)) {
      for (const version of secret.versions) version.stages = version.stages.filter((stage) => stage !== PREVIOUS);
      for (const version of secret.versions) if (version.stages.includes(CURRENT)) version.stages = [...version.stages.filter((stage) => stage !== CURRENT), PREVIOUS];
    }
    for (const version of secret.versions) version.stages = version.stages.filter((stage) => stage === CURRENT || stage === PREVIOUS || !stages.includes(stage));
    const version: SecretVersion = { id: meta.versionId ?? randomUUID(), value, stages, createdDate: now };
    // Versions without a stage are deprecated; AWS keeps about 100, locally the last 10 do.
    secret.versions = [...secret.versions.filter((v) => v.stages.length > 0).slice(-9), version];
    secret.lastChangedDate = now;
    this.save([`secrets/${name}`]);
    return version;
  }

  /** A secret by name, full ARN or partial ARN (without the six-character suffix). */
  findSecret(secretId: string): StoredSecret | undefined {
    const direct = this.data.secrets[secretId];
    if (direct) return direct;
    for (const secret of Object.values(this.data.secrets)) {
      const arn = this.arnFor(secret.name);
      if (secretId === arn || secretId === arn.slice(0, -7)) return secret;
    }
    // A secret set with the CLI, named by an ARN from the real account (`…:secret:<name>` or `<name>-AbCdEf`).
    const name = /^arn:[^:]+:secretsmanager:[^:]*:[^:]*:secret:(.+)$/.exec(secretId)?.[1];
    if (name === undefined) return undefined;
    return this.data.secrets[name] ?? this.data.secrets[name.replace(/-[A-Za-z0-9]{6}$/, '')];
  }

  arnFor(name: string): string {
    return this.arns.get(name) ?? this.arnOf(name);
  }

  /** The version by id or stage (default AWSCURRENT). */
  version(secret: StoredSecret, select: { versionId?: string; versionStage?: string }): SecretVersion | undefined {
    if (select.versionId !== undefined) {
      const version = secret.versions.find((v) => v.id === select.versionId);
      return version && (select.versionStage === undefined || version.stages.includes(select.versionStage)) ? version : undefined;
    }
    const stage = select.versionStage ?? CURRENT;
    return secret.versions.find((v) => v.stages.includes(stage));
  }

  secrets(): StoredSecret[] {
    return Object.values(this.data.secrets).sort((a, b) => a.name.localeCompare(b.name));
  }

  parameter(nameOrArn: string): StoredParameter | undefined {
    const name = ssmName(nameOrArn);
    return this.data.parameters[name] ?? this.templateParameters.get(name);
  }

  parameters(): StoredParameter[] {
    const all = new Map(this.templateParameters);
    for (const [name, p] of Object.entries(this.data.parameters)) all.set(name, p);
    return [...all.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** `gatelink secrets set --parameter` (and the API's PutParameter, were it served): a new version. */
  setParameter(name: string, value: string, type: StoredParameter['type'] = 'String'): StoredParameter {
    const previous = this.parameter(name);
    const parameter: StoredParameter = { name, type, value, version: (previous?.version ?? 0) + 1, lastModifiedDate: new Date().toISOString(), origin: 'cli' };
    this.data.parameters[name] = parameter;
    this.save([`parameters/${name}`]);
    return parameter;
  }

  /**
   * Writes the entries just changed (`secrets/<name>`, `parameters/<name>`) over what the file holds
   * now, so a running gatelink and a `gatelink secrets set` beside it do not undo each other's values.
   */
  private save(changed: readonly string[]): void {
    const onDisk = readStore(this.file);
    for (const key of changed) {
      const [kind, ...rest] = key.split('/');
      const name = rest.join('/');
      if (kind === 'secrets' && this.data.secrets[name]) onDisk.secrets[name] = this.data.secrets[name];
      if (kind === 'parameters' && this.data.parameters[name]) onDisk.parameters[name] = this.data.parameters[name];
    }
    Object.assign(this.data.secrets, onDisk.secrets);
    Object.assign(this.data.parameters, onDisk.parameters);
    mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(onDisk, null, 2)}\n`, { mode: 0o600 });
    chmodSync(temporary, 0o600);
    renameSync(temporary, this.file);
  }
}

function readStore(file: string): StoreFile {
  if (!existsSync(file)) return { secrets: {}, parameters: {} };
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<StoreFile>;
    return { secrets: parsed.secrets ?? {}, parameters: parsed.parameters ?? {} };
  } catch (error) {
    throw new GatelinkError('GL_ERR_SECRETS_STORE', { file, detail: error instanceof SyntaxError ? 'not valid JSON' : String((error as NodeJS.ErrnoException).code ?? 'unreadable') }, { cause: error });
  }
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
