/**
 * The one error registry of gatelink. Every error a user can meet has a code here, a message
 * template and a hint that says how to fix it; callers match on `.code`, never on message text.
 * `docs/errors.md` lists every code (a test keeps the two in step).
 *
 * Add new codes to `ERRORS` below, grouped by area; keep the area prefix (`GL_ERR_<AREA>_…`).
 */

export interface ErrorSpec {
  /** Message template; `{name}` placeholders are filled from the error's params. */
  readonly message: string;
  /** What the user can do about it. */
  readonly hint: string;
}

export const ERRORS = {
  // ── CLI and configuration ──
  GL_ERR_CONFIG_INVALID: {
    message: 'invalid configuration: {problems}',
    hint: 'Run `gatelink up --help` for the accepted options and environment variables.',
  },
  GL_ERR_CONFIG_SOURCE: {
    message: '{detail}',
    hint: 'Pass exactly one of --app CMD, --assembly DIR, --template FILE, or run where a cdk.json is (or pass --cdk-dir DIR).',
  },
  GL_ERR_PUBLIC_PORT_IN_USE: {
    message: 'the host port {port} configured for the internet-facing listener {name} is already in use',
    hint: 'Stop whatever listens there, or give the listener another port in gatelink.config.json ("publicPorts": {"{name}": 8081}) or with --public-port {name}=8081.',
  },
  GL_ERR_PORT_IN_USE: {
    message: 'port {port} on {host} is already in use ({what})',
    hint: 'Stop whatever listens there or pick another port with --port / --admin-port (GATELINK_PORT / GATELINK_ADMIN_PORT).',
  },

  // ── Assembly (reading cdk.out, synthesising) ──
  GL_ERR_SYNTH_FAILED: {
    message: 'synthesis failed: `{command}` exited with {exitCode}\n{output}',
    hint: 'Run the CDK app yourself (e.g. `npx cdk synth`) to see the full error, fix it, then run gatelink again.',
  },
  GL_ERR_ASSEMBLY_NOT_FOUND: {
    message: 'no cloud assembly at {path}: {detail}',
    hint: 'Point --assembly at a directory that holds manifest.json (what `cdk synth` writes to cdk.out/).',
  },
  GL_ERR_ASSEMBLY_INVALID: {
    message: 'cloud assembly at {path} cannot be read: {detail}',
    hint: 'Synthesize again with a supported aws-cdk-lib v2; if it persists, report the manifest version.',
  },
  GL_ERR_TEMPLATE_INVALID: {
    message: 'template {path} cannot be read: {detail}',
    hint: 'Pass a CloudFormation template in JSON (what `cdk synth` writes).',
  },

  // ── Plan (intrinsics, validation, support matrix) ──
  GL_ERR_PLAN_UNRESOLVABLE: {
    message: '{resource}: cannot resolve {expression}: {detail}',
    hint: 'See docs/support-matrix.md for the intrinsics gatelink resolves.',
  },
  GL_ERR_PLAN_UNSUPPORTED_RESOURCE: {
    message: '{resource} ({type}) is not supported: {detail}',
    hint: 'See docs/support-matrix.md: this resource type is rejected because gatelink cannot run it faithfully.',
  },
  GL_ERR_PLAN_UNSUPPORTED_PROPERTY: {
    message: '{resource} ({type}): property {property} is not supported: {detail}',
    hint: 'See docs/support-matrix.md for the properties gatelink emulates or ignores.',
  },
  GL_ERR_PLAN_PARAMETERS: {
    message: 'the stacks\' template parameters are not all usable ({count} problem(s)): {problems}',
    hint: 'Pass values with `gatelink up --parameters Name=value` (every stack declaring Name) or `--parameters Stack:Name=value` (one stack), as with `cdk deploy --parameters`.',
  },
  GL_ERR_PLAN_INVALID: {
    message: 'the app describes something AWS would reject: {problems}',
    hint: 'Fix the CDK app; the same template would fail to deploy to AWS.',
  },

  // ── ECS (native tasks) ──
  GL_ERR_ECS_NO_RUN_SPEC: {
    message: 'container {container} of {service} cannot be run natively: {detail}',
    hint: 'Give the image asset a Dockerfile with WORKDIR and CMD/ENTRYPOINT, a package.json with a start script, or set an override in gatelink.config.json ("containers": {"{container}": {"command": [...]}}).',
  },
  GL_ERR_ECS_REGISTRY_IMAGE: {
    message: 'container {container} of {service} uses the registry image {image}: gatelink runs containers natively from their image assets and cannot run a registry image',
    hint: 'Say how to run it natively with one line in gatelink.config.json: {"containers": {"{container}": {"command": ["program", "arg"]}}} (see docs/configuration.md).',
  },
  GL_ERR_ECS_MISSING_PROGRAM: {
    message: 'container {container} of {service} runs `{program}`, which is not installed on this machine (needs {language})',
    hint: 'Install {language} so that `{program}` is on PATH, or set the container\'s command in gatelink.config.json ("containers": {"{container}": {"command": [...]}}).',
  },
  GL_ERR_ECS_TASK_FAILED: {
    message: 'task {task} of {service} stopped: {detail}',
    hint: 'Run `gatelink logs {service}` to see the task output.',
  },

  // ── ELB (listeners, rules, target groups) ──
  GL_ERR_ELB_INVALID_CONFIG: {
    message: '{resource}: {detail}',
    hint: 'Fix the listener rule or target group in the CDK app; AWS rejects the same value when it deploys.',
  },
  GL_ERR_ELB_UNKNOWN_RESOURCE: {
    message: 'the load balancers of this app have no {kind} {id}',
    hint: 'Check that the integration or service points at a listener / target group defined in the same app (see `gatelink status`).',
  },

  GL_ERR_DEPLOY_UNKNOWN_SERVICE: {
    message: 'no ECS service {service} in this system (services: {known})',
    hint: 'Use the ECS service name `gatelink status` shows.',
  },
  GL_ERR_DEPLOY_BUILD_FAILED: {
    message: 'the build of {service} (`{command}`) exited with {exitCode}; nothing was deployed\n{output}',
    hint: 'Fix the build (run the command yourself to see all of its output); the running tasks keep serving meanwhile.',
  },
  GL_ERR_DEPLOY_FAILED: {
    message: 'deployment {deployment} of {service} ended {status}: {reason}',
    hint: 'See the stopped tasks and their last log lines in `gatelink status --json` and `gatelink logs {service}`.',
  },
  GL_ERR_TASK_UNKNOWN: {
    message: 'service {service} has no running task {task}',
    hint: 'Use a task id `gatelink status` shows under the service (a stopped task cannot be stopped again).',
  },
  GL_ERR_LOGS_UNKNOWN_SERVICE: {
    message: 'no logs for service {service} in {dir} (services with logs: {known})',
    hint: 'Use the ECS service name `gatelink status` shows; logs appear once a task of the service has started.',
  },

  // ── Engines ──
  GL_ERR_ENGINE_START: {
    message: 'embedded {engine} failed to start: {detail}',
    hint: 'Check that the data dir is writable and not used by another gatelink (--data-dir / GATELINK_DATA_DIR).',
  },
  GL_ERR_DATA_DIR_LOCKED: {
    message: 'data dir {dir} is in use by another gatelink (pid {pid})',
    hint: 'Stop the other gatelink, or use another --data-dir.',
  },
  // Printed by bin/node-version.js, before any of this loads (it may not run on that Node).
  GL_ERR_NODE_UNSUPPORTED: {
    message: 'Node.js {oldest} or newer is needed, this is {version}',
    hint: 'Run gatelink through npm (npm start, npx gatelink, an npm script): the project pins a supported Node as a dev dependency; or install a current Node LTS.',
  },

  // ── Secrets and parameters ──
  GL_ERR_SECRET_INVALID: {
    message: '{resource}: GenerateSecretString cannot be honoured: {detail}',
    hint: 'Fix the secret’s generateSecretString in the CDK app; Secrets Manager rejects the same settings.',
  },
  GL_ERR_SECRET_NOT_FOUND: {
    message: 'dynamic reference {reference} cannot be resolved: {detail}',
    hint: 'Define the secret or parameter in the app, or supply it locally: `{fix}` (see docs/configuration.md#secrets-and-parameters).',
  },
  GL_ERR_SECRETS_STORE: {
    message: 'the secrets store {file} cannot be read: {detail}',
    hint: 'Fix or remove the file (removing it makes generated secrets new ones); `gatelink secrets list` shows what it holds.',
  },
  GL_ERR_SECRETS_USAGE: {
    message: '{detail}',
    hint: 'Usage: `gatelink secrets set NAME VALUE` (or `--from-stdin`), `gatelink secrets set --parameter NAME VALUE`, `gatelink secrets list`.',
  },

  // ── Admin API client ──
  GL_ERR_ADMIN_UNREACHABLE: {
    message: 'no gatelink admin API at {url}: {detail}',
    hint: 'Start gatelink with `gatelink up` (or `npm start`) first, or pass --admin-port if it listens elsewhere.',
  },
  GL_ERR_ADMIN_REFUSED: {
    message: 'the admin API at {url} refused the request ({status}): {detail}',
    hint: 'Run the command where that gatelink runs, or pass its --data-dir (GATELINK_DATA_DIR): mutating admin routes need the per-start token gatelink writes to <data dir>/admin.json.',
  },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

/** An error a user can act on: a stable code, a filled-in message, and a hint. */
export class GatelinkError extends Error {
  readonly code: ErrorCode;
  readonly hint: string;
  readonly params: Readonly<Record<string, string | number>>;

  constructor(code: ErrorCode, params: Record<string, string | number> = {}, options?: { cause?: unknown }) {
    super(fill(ERRORS[code].message, params), options);
    this.name = 'GatelinkError';
    this.code = code;
    this.hint = fill(ERRORS[code].hint, params);
    this.params = params;
  }
}

function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
}

export function isGatelinkError(error: unknown, code?: ErrorCode): error is GatelinkError {
  return error instanceof GatelinkError && (code === undefined || error.code === code);
}
