/**
 * `gatelink secrets set|list`: values a team keeps outside the template, in the data dir's store
 * (`secrets/store.json`, mode 0600). `set` prints the name only; `list` shows names, never values.
 * A running gatelink reads the store when it starts: a value set meanwhile takes effect at the next
 * `gatelink up` (or is set at run time through the embedded API's PutSecretValue).
 */
import { GatelinkError } from '../errors.js';
import { SecretStore } from '../secrets/store.js';
import type { StoredParameter } from '../secrets/store.js';
import { dataDirFrom } from './defaults.js';

export interface SecretsSetFlags {
  readonly parameter?: boolean;
  readonly type?: string;
  readonly fromStdin?: boolean;
  readonly dataDir?: string;
}

const PARAMETER_TYPES = ['String', 'StringList', 'SecureString'] as const;

/** The CLI does not know the app's account: a secret it lists shows its name, which is how apps name it too. */
const openStore = (dataDir?: string) => SecretStore.open(dataDirFrom(dataDir), (name) => name);

export async function runSecretsSet(name: string, value: string | undefined, flags: SecretsSetFlags, io: { out: NodeJS.WritableStream; stdin: AsyncIterable<Buffer | string> } = { out: process.stdout, stdin: process.stdin }): Promise<number> {
  if (!name) throw new GatelinkError('GL_ERR_SECRETS_USAGE', { detail: 'secrets set needs a NAME' });
  if ((value === undefined) === !flags.fromStdin) throw new GatelinkError('GL_ERR_SECRETS_USAGE', { detail: 'secrets set needs exactly one of VALUE or --from-stdin' });
  const text = value ?? (await readAll(io.stdin)).replace(/\r?\n$/, '');
  const store = openStore(flags.dataDir);
  if (flags.parameter) {
    const type = (flags.type ?? 'String') as StoredParameter['type'];
    if (!PARAMETER_TYPES.includes(type)) throw new GatelinkError('GL_ERR_SECRETS_USAGE', { detail: `--type ${flags.type}: use one of ${PARAMETER_TYPES.join(', ')}` });
    const stored = store.setParameter(name, text, type);
    io.out.write(`SSM parameter ${name} set (version ${stored.version}, ${type})\n`);
    return 0;
  }
  if (flags.type !== undefined) throw new GatelinkError('GL_ERR_SECRETS_USAGE', { detail: '--type applies to --parameter only' });
  store.putValue(name, text, { origin: 'cli' });
  io.out.write(`secret ${name} set; it takes effect at the next \`gatelink up\`\n`);
  return 0;
}

export function runSecretsList(flags: { dataDir?: string; json?: boolean }, out: NodeJS.WritableStream = process.stdout): number {
  const store = openStore(flags.dataDir);
  const rows = [
    ...store.secrets().map((s) => ({ kind: 'secret', name: s.name, source: s.origin === 'cli' ? 'gatelink secrets set' : 'template', versions: s.versions.length, changed: s.lastChangedDate })),
    ...store.parameters().map((p) => ({ kind: `parameter (${p.type})`, name: p.name, source: 'gatelink secrets set', versions: p.version, changed: p.lastModifiedDate })),
  ];
  if (flags.json) {
    out.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  if (rows.length === 0) {
    out.write(`no secrets or parameters in ${store.file}\n`);
    return 0;
  }
  for (const row of rows) out.write(`${row.kind.padEnd(24)} ${row.name.padEnd(40)} ${row.source.padEnd(22)} versions ${String(row.versions).padEnd(3)} ${row.changed}\n`);
  return 0;
}

async function readAll(stream: AsyncIterable<Buffer | string>): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += chunk.toString();
  return text;
}
