/**
 * The `gatelink` command line. Each subcommand is a thin shell over the library: parse flags with
 * commander, validate once, run, and turn a GatelinkError into a readable message and exit code 1.
 * A subcommand's module is imported when it runs, not before: `up` must not wait for what `token`
 * or `logs` load, and in the bundle each is a chunk of its own (scripts/build.mjs).
 */
import { Command, Option } from 'commander';
import { isGatelinkError } from '../errors.js';
import type { DeployFlags } from './deploy-command.js';
import type { LogsFlags } from './logs-command.js';
import type { PeekFlags } from './queues-command.js';
import type { SecretsSetFlags } from './secrets-command.js';
import { LOCAL_ISSUER } from '../issuer/local-issuer.js';
import type { TokenFlags } from './token-command.js';

const program = new Command()
  .name('gatelink')
  .description('Run a CDK app’s HTTP API → VPC link → ALB → ECS Fargate system on this machine: no Docker, no AWS account.')
  .showHelpAfterError();

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

program
  .command('up')
  .description('synthesize (or load) the cloud assembly and run the whole system locally until Ctrl-C')
  .option('--app <command>', 'CDK app command to synthesize (default: the "app" of cdk.json in --cdk-dir)')
  .option('--cdk-dir <dir>', 'directory holding cdk.json; the app runs there (default: .)')
  .option('--assembly <dir>', 'use an existing cloud assembly (cdk.out) instead of synthesizing')
  .option('--template <file>', 'use a single CloudFormation template (JSON)')
  .addOption(new Option('--port <n>', 'HTTP API gateway port (env GATELINK_PORT, default 8080)'))
  .addOption(new Option('--admin-port <n>', 'admin API port (env GATELINK_ADMIN_PORT, default 8090)'))
  .addOption(new Option('--host <ip>', 'address to listen on (default 127.0.0.1)'))
  .option('--data-dir <dir>', 'where tables, logs and the synthesized assembly live (env GATELINK_DATA_DIR, default .gatelink)')
  .option('--no-throttle', 'ignore the stages’ and usage plans’ throttling settings, HTTP and REST APIs (for load tests; usage-plan quotas and the 10,000 rps account quota still apply)')
  .option('--watch', 'redeploy a service (rolling, honouring its minimum healthy / maximum percent) when its files change')
  .option('--aws-timings', 'use the template’s health-check, draining and stop timings exactly instead of compressed local ones')
  .option('--region <region>', 'region for env-agnostic stacks (env GATELINK_REGION, default us-east-1)')
  .option('--parameters <Name=value...>', 'template parameter values, as `cdk deploy --parameters`: Name=value for every stack declaring Name, Stack:Name=value for one (repeatable)')
  .option('-c, --context <key=value>', 'context value for the CDK app’s synth, as `cdk synth -c key=value` (repeatable; wins over cdk.json’s "context")', collect)
  .option('--config <file>', 'gatelink.config.json with per-container overrides (default: ./gatelink.config.json if present)')
  .option('--log-format [format]', 'print the gateway access log to stdout, in the stage’s AccessLogSettings.Format or in this $context format')
  .addOption(new Option('--log-level <level>', 'log level').choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']))
  .option('--public-port <name=port>', 'host port of an internet-facing load balancer listener, named <Stack>/<LoadBalancer construct id>:<port> (repeatable)', collect)
  .action(async (flags: Record<string, unknown>) => {
    const { runUp } = await import('./up-command.js');
    process.exitCode = await runUp(flags);
  });

program
  .command('status')
  .description('show services, tasks, target health and routes of a running gatelink')
  .addOption(new Option('--admin-port <n>', 'admin API port (env GATELINK_ADMIN_PORT, default 8090)'))
  .option('--json', 'print the raw JSON of GET /v1/status')
  .action(async (flags: { adminPort?: string; json?: boolean }) => {
    const { runStatus } = await import('./status-command.js');
    process.exitCode = await runStatus(flags);
  });

program
  .command('deploy')
  .description('roll out a service of the running gatelink as its files are now (build, new tasks healthy, old ones drained) and follow it')
  .argument('<service>', 'ECS service name, as `gatelink status` shows it')
  .addOption(new Option('--admin-port <n>', 'admin API port (env GATELINK_ADMIN_PORT, default 8090)'))
  .option('--no-wait', 'return once the deployment has started')
  .option('--data-dir <dir>', 'data dir of the running gatelink, whose admin.json holds the admin token (env GATELINK_DATA_DIR, default .gatelink)')
  .action(async (service: string, flags: DeployFlags) => {
    const { runDeploy } = await import('./deploy-command.js');
    process.exitCode = await runDeploy(service, flags);
  });

program
  .command('logs')
  .description('print the logs of a service’s tasks, interleaved in time order and tagged with the task id')
  .argument('<service>', 'ECS service name, as `gatelink status` shows it')
  .option('-f, --follow', 'keep printing new lines until Ctrl-C')
  .option('--since <when>', 'only lines newer than 30s, 5m, 2h, 1d or an ISO timestamp')
  .option('--data-dir <dir>', 'data dir of the gatelink (env GATELINK_DATA_DIR, default .gatelink)')
  .action(async (service: string, flags: LogsFlags) => {
    const { runLogs } = await import('./logs-command.js');
    process.exitCode = await runLogs(service, flags);
  });

program
  .command('queues')
  .description('SQS queues of a running gatelink')
  .command('peek')
  .description('show a queue’s messages (visible, in flight, delayed) without consuming them')
  .argument('<queue>', 'queue name, as `gatelink status` shows it')
  .option('--limit <n>', 'at most this many messages (default 10)')
  .option('--json', 'print the messages as JSON')
  .addOption(new Option('--admin-port <n>', 'admin API port (env GATELINK_ADMIN_PORT, default 8090)'))
  .action(async (queue: string, flags: PeekFlags) => {
    const { runPeek } = await import('./queues-command.js');
    process.exitCode = await runPeek(queue, flags);
  });


program
  .command('token')
  .description(`dev only: mint a JWT signed by gatelink's local issuer (${LOCAL_ISSUER}); point a JWT authorizer's issuer there to accept it`)
  .requiredOption('--sub <subject>', 'the token subject (sub claim)')
  .option('--scope <scope>', 'a scope in the scope claim (repeatable, or space separated)', collect)
  .option('--aud <audience>', 'an audience (aud claim, repeatable); must match the authorizer’s audience', collect)
  .option('--client-id <id>', 'client_id claim (checked by the authorizer when there is no aud)')
  .option('--expires-in <duration>', 'lifetime: 30s, 15m, 1h, 7d (default 1h)')
  .option('--claim <name=value>', 'any other claim; JSON values keep their type (repeatable)', collect)
  .option('--data-dir <dir>', 'data dir holding the issuer key (env GATELINK_DATA_DIR, default .gatelink)')
  .action(async (flags: TokenFlags) => {
    const { runToken } = await import('./token-command.js');
    process.exitCode = await runToken(flags);
  });

const secrets = program.command('secrets').description('values kept outside the template (Secrets Manager secrets, SSM parameters), in the data dir');
secrets
  .command('set')
  .description('set a secret (or with --parameter an SSM parameter) the app reads; the value is never printed')
  .argument('<name>', 'secret name (as the app names it: fromSecretNameV2, a dynamic reference) or parameter name')
  .argument('[value]', 'the value (or --from-stdin, which keeps it out of the shell history)')
  .option('--parameter', 'set an SSM parameter instead of a secret')
  .option('--type <type>', 'SSM parameter type: String (default), StringList, SecureString')
  .option('--from-stdin', 'read the value from standard input')
  .option('--data-dir <dir>', 'data dir (env GATELINK_DATA_DIR, default .gatelink)')
  .action(async (name: string, value: string | undefined, flags: SecretsSetFlags) => {
    const { runSecretsSet } = await import('./secrets-command.js');
    process.exitCode = await runSecretsSet(name, value, flags);
  });
secrets
  .command('list')
  .description('list the names of the secrets and parameters gatelink keeps (never their values)')
  .option('--json', 'print JSON')
  .option('--data-dir <dir>', 'data dir (env GATELINK_DATA_DIR, default .gatelink)')
  .action(async (flags: { dataDir?: string; json?: boolean }) => {
    const { runSecretsList } = await import('./secrets-command.js');
    process.exitCode = runSecretsList(flags);
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (isGatelinkError(error)) {
    process.stderr.write(`gatelink: ${error.message}\n  ${error.hint}\n  (${error.code})\n`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
