/**
 * `gatelink up` options: flags, then environment fallbacks, then defaults — validated once with one
 * schema, every problem reported together, and frozen. Unknown or conflicting options are errors.
 */
import path from 'node:path';
import { GatelinkError } from '../errors.js';
import { parseParameterFlags } from '../plan/parameters.js';
import * as z from '../zod.js';

import { DEFAULTS } from './defaults.js';

export { DEFAULTS } from './defaults.js';

const port = z.coerce.number().check(z.int(), z.minimum(0), z.maximum(65_535));
const text = z.string().check(z.minLength(1));

const schema = z
  .strictObject({
    app: z.optional(text),
    assembly: z.optional(text),
    template: z.optional(text),
    cdkDir: z.optional(text),
    port: z._default(port, DEFAULTS.port),
    adminPort: z._default(port, DEFAULTS.adminPort),
    host: z._default(text, DEFAULTS.host),
    dataDir: z._default(text, DEFAULTS.dataDir),
    awsTimings: z._default(z.boolean(), false),
    throttle: z._default(z.boolean(), true),
    watch: z._default(z.boolean(), false),
    region: z.optional(text),
    config: z.optional(text),
    logFormat: z.optional(z.union([text, z.literal(true)])),
    parameters: z.optional(z.array(z.string())),
    context: z.optional(z.array(z.string().check(z.regex(/^[^=]+=/, 'use KEY=VALUE, e.g. variant=nlb')))),
    logLevel: z._default(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'info'),
    publicPort: z.optional(z.array(z.string().check(z.regex(/^[^=]+=\d{1,5}$/, 'use NAME=PORT, e.g. MyStack/Alb:80=8081')))),
  })
  .check(
    z.refine((o) => [o.app, o.assembly, o.template].filter(Boolean).length <= 1, {
      message: 'pass only one of --app, --assembly, --template',
    }),
    z.refine((o) => !o.context || (!o.assembly && !o.template), {
      message: '--context is passed to the CDK app’s synth; an --assembly or --template is already synthesized',
    }),
  );

export type UpSource =
  | { readonly kind: 'app'; readonly command: string; readonly cwd: string }
  | { readonly kind: 'cdk-dir'; readonly dir: string }
  | { readonly kind: 'assembly'; readonly dir: string }
  | { readonly kind: 'template'; readonly file: string };

export interface UpOptions {
  readonly source: UpSource;
  readonly host: string;
  readonly port: number;
  readonly adminPort: number;
  readonly dataDir: string;
  readonly timings: 'local' | 'aws';
  /**
   * false (`--no-throttle`, for load tests): the stages' and usage plans' own throttling settings are
   * ignored (usage-plan quotas still count); the account quota (10,000 rps, burst 5,000) still
   * applies, as it does in AWS.
   */
  readonly throttle: boolean;
  /** `--watch`: redeploy a service (rolling) when its files change. */
  readonly watch: boolean;
  readonly region?: string;
  /** gatelink.config.json (container overrides); undefined when absent. */
  readonly configFile?: string;
  readonly logLevel: string;
  /** `--parameters Name=value` / `Stack:Name=value`: template parameter values (../plan/parameters.ts). */
  readonly parameters?: Readonly<Record<string, string>>;
  /** `--context key=value` / `-c key=value`: context for the CDK app's synth, over cdk.json's `context`, as `cdk synth -c`. */
  readonly context?: Readonly<Record<string, string>>;
  /** Access logs to stdout too (`--log-format`), optionally in a format that replaces the stages'. */
  readonly accessLog: { readonly stdout: boolean; readonly format?: string };
  /** The project directory: relative paths and the default data dir are resolved against it. */
  readonly projectDir: string;
  /** `--public-port NAME=PORT`: host ports of internet-facing listeners (win over gatelink.config.json's `publicPorts`). */
  readonly publicPorts?: Readonly<Record<string, number>>;
}

/** Flags win over environment variables, which win over defaults. */
export function resolveUpOptions(flags: Record<string, unknown>, env: NodeJS.ProcessEnv, cwd: string): UpOptions {
  const withEnv = {
    ...flags,
    port: flags.port ?? env.GATELINK_PORT,
    adminPort: flags.adminPort ?? env.GATELINK_ADMIN_PORT,
    dataDir: flags.dataDir ?? env.GATELINK_DATA_DIR,
    region: flags.region ?? env.GATELINK_REGION,
  };
  const parsed = schema.safeParse(dropUndefined(withEnv));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'options'}: ${issue.message}`).join('; ');
    throw new GatelinkError('GL_ERR_CONFIG_INVALID', { problems });
  }
  const o = parsed.data;
  const problems: string[] = [];
  const parameters = parseParameterFlags(o.parameters ?? [], problems);
  if (problems.length > 0) throw new GatelinkError('GL_ERR_CONFIG_INVALID', { problems: problems.join('; ') });
  return Object.freeze({
    source: resolveSource(o, cwd),
    host: o.host,
    port: o.port,
    adminPort: o.adminPort,
    dataDir: path.resolve(cwd, o.dataDir),
    timings: o.awsTimings ? 'aws' : 'local',
    throttle: o.throttle,
    watch: o.watch,
    region: o.region,
    configFile: o.config ? path.resolve(cwd, o.config) : undefined,
    logLevel: o.logLevel,
    parameters,
    ...(o.context ? { context: contextFlags(o.context) } : {}),
    accessLog: { stdout: o.logFormat !== undefined, ...(typeof o.logFormat === 'string' ? { format: o.logFormat } : {}) },
    projectDir: cwd,
    ...(o.publicPort ? { publicPorts: Object.fromEntries(o.publicPort.map((entry) => [entry.slice(0, entry.lastIndexOf('=')), Number(entry.slice(entry.lastIndexOf('=') + 1))])) } : {}),
  } satisfies UpOptions);
}

function resolveSource(o: z.infer<typeof schema>, cwd: string): UpSource {
  if (o.app) return { kind: 'app', command: o.app, cwd: path.resolve(cwd, o.cdkDir ?? '.') };
  if (o.assembly) return { kind: 'assembly', dir: path.resolve(cwd, o.assembly) };
  if (o.template) return { kind: 'template', file: path.resolve(cwd, o.template) };
  return { kind: 'cdk-dir', dir: path.resolve(cwd, o.cdkDir ?? '.') };
}

/** `key=value` pairs split at the first `=`, values kept as strings (as the CDK CLI does); a later key wins. */
function contextFlags(entries: readonly string[]): Record<string, string> {
  return Object.fromEntries(entries.map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]));
}

function dropUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}
