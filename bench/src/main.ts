/**
 * `npm run bench`: the data plane side by side (the task directly, gatelink, nginx as the same two
 * hops); `npm run bench -- startup`: cold and warm start-to-healthy and stop-to-released; `-- nlb`,
 * `-- rest` and `-- sqs`: the NLB → ALB chain, a REST API private integration and SQS SendMessage
 * throughput through the REST API's integration. Whatever
 * happens, every process the bench started is stopped before it exits.
 */
import { HELP, parseBenchArgs } from './args.js';
import { benchDataPlane } from './dataplane.js';
import { cleanUpOnSignals, runCleanups } from './processes.js';
import { benchNlb } from './nlb.js';
import { benchRest } from './rest.js';
import { benchSqs } from './sqs.js';
import { benchStartup } from './startup.js';

cleanUpOnSignals();
try {
  const args = parseBenchArgs(process.argv.slice(2));
  const report = args.mode === 'help' ? HELP : args.mode === 'startup' ? await benchStartup(args) : args.mode === 'nlb' ? await benchNlb(args) : args.mode === 'rest' ? await benchRest(args) : args.mode === 'sqs' ? await benchSqs(args) : await benchDataPlane(args);
  await runCleanups();
  process.stdout.write(`${report}\n`);
} catch (error) {
  await runCleanups();
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
