import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isGatelinkError } from '../../src/errors.js';
import { resolveUpOptions } from '../../src/cli/options.js';
import { ACCOUNT_THROTTLE, effectiveLimits } from '../../src/gateway/throttle.js';
import type { Plan } from '../../src/plan/types.js';
import { withThrottling } from '../../src/runtime/load-plan.js';

test('defaults: 127.0.0.1:8080, admin 8090, .gatelink in the project, local timings, cdk.json in cwd', () => {
  const o = resolveUpOptions({}, {}, '/proj');
  assert.equal(o.port, 8080);
  assert.equal(o.adminPort, 8090);
  assert.equal(o.host, '127.0.0.1');
  assert.equal(o.dataDir, '/proj/.gatelink');
  assert.equal(o.timings, 'local');
  assert.deepEqual(o.source, { kind: 'cdk-dir', dir: '/proj' });
});

test('environment fallbacks, and flags win over them', () => {
  const env = { GATELINK_PORT: '9000', GATELINK_ADMIN_PORT: '9001', GATELINK_DATA_DIR: 'data' };
  const fromEnv = resolveUpOptions({}, env, '/proj');
  assert.equal(fromEnv.port, 9000);
  assert.equal(fromEnv.adminPort, 9001);
  assert.equal(fromEnv.dataDir, '/proj/data');
  const fromFlags = resolveUpOptions({ port: '7000', awsTimings: true }, env, '/proj');
  assert.equal(fromFlags.port, 7000);
  assert.equal(fromFlags.timings, 'aws');
});

test('every problem is reported at once with a code', () => {
  assert.throws(
    () => resolveUpOptions({ port: 'eighty', adminPort: 70000, app: 'x', template: 'y' }, {}, '/proj'),
    (error: unknown) => isGatelinkError(error, 'GL_ERR_CONFIG_INVALID') && /port/.test(error.message) && /adminPort/.test(error.message),
  );
});

test('unknown options are rejected, not ignored', () => {
  assert.throws(() => resolveUpOptions({ prot: 8080 }, {}, '/proj'), (error: unknown) => isGatelinkError(error, 'GL_ERR_CONFIG_INVALID') && /prot/.test(error.message));
});

test('sources: --app runs in --cdk-dir, --assembly and --template resolve against the project', () => {
  assert.deepEqual(resolveUpOptions({ app: 'npx tsx bin/app.ts', cdkDir: 'infra' }, {}, '/proj').source, { kind: 'app', command: 'npx tsx bin/app.ts', cwd: '/proj/infra' });
  assert.deepEqual(resolveUpOptions({ assembly: 'cdk.out' }, {}, '/proj').source, { kind: 'assembly', dir: '/proj/cdk.out' });
  assert.deepEqual(resolveUpOptions({ template: 't.json' }, {}, '/proj').source, { kind: 'template', file: '/proj/t.json' });
});

test('--no-throttle: throttle defaults to true, commander’s --no-throttle turns it off', () => {
  assert.equal(resolveUpOptions({}, {}, '/proj').throttle, true);
  assert.equal(resolveUpOptions({ throttle: true }, {}, '/proj').throttle, true);
  assert.equal(resolveUpOptions({ throttle: false }, {}, '/proj').throttle, false);
});

test('--no-throttle drops every stage’s own limits, leaving the account quota; the plan is not mutated', () => {
  const stage = { id: 's', name: '$default', autoDeploy: true, stageVariables: {}, defaultRouteSettings: { rateLimit: 100, burstLimit: 200 }, routeSettings: { 'GET /x': { rateLimit: 1 } } };
  const plan = { httpApis: [{ id: 'api', stages: [stage] }], restApis: [], usagePlans: [] } as unknown as Plan;
  assert.equal(withThrottling(plan, true), plan);
  const lifted = withThrottling(plan, false);
  const liftedStage = lifted.httpApis[0]?.stages[0];
  assert.ok(liftedStage);
  assert.deepEqual(liftedStage.defaultRouteSettings, {});
  assert.deepEqual(liftedStage.routeSettings, {});
  assert.deepEqual(effectiveLimits(liftedStage.defaultRouteSettings, liftedStage.routeSettings['GET /x']), ACCOUNT_THROTTLE);
  assert.equal(stage.defaultRouteSettings.rateLimit, 100);
});

test('--no-throttle also drops REST API stage throttles and usage-plan throttles, keeping quotas; the plan is not mutated', () => {
  const restStage = { id: 'rs', name: 'prod', stageVariables: {}, methodThrottles: { '/* *': { rateLimit: 50, burstLimit: 100 } }, tracingEnabled: false };
  const usagePlan = { id: 'up', name: 'plan', throttle: { rateLimit: 10, burstLimit: 20 }, quota: { limit: 1000, period: 'DAY', offset: 0 }, apiKeyIds: ['k'], stages: [{ apiId: 'rest', stage: 'prod', methodThrottles: { '/items GET': { rateLimit: 1 } } }] };
  const plan = { httpApis: [], restApis: [{ id: 'rest', stages: [restStage] }], usagePlans: [usagePlan] } as unknown as Plan;
  const lifted = withThrottling(plan, false);
  assert.deepEqual(lifted.restApis[0]?.stages[0]?.methodThrottles, {});
  const liftedPlan = lifted.usagePlans[0];
  assert.ok(liftedPlan);
  assert.equal(liftedPlan.throttle, undefined);
  assert.deepEqual(liftedPlan.stages[0]?.methodThrottles, {});
  assert.deepEqual(liftedPlan.quota, usagePlan.quota, 'a quota counts requests: it stays');
  assert.deepEqual(liftedPlan.apiKeyIds, ['k']);
  assert.equal(restStage.methodThrottles['/* *'].rateLimit, 50);
  assert.equal(usagePlan.throttle.rateLimit, 10);
});

test('--log-format: absent → file only; bare flag → stdout in the stage format; a value replaces the format', () => {
  assert.deepEqual(resolveUpOptions({}, {}, '/proj').accessLog, { stdout: false });
  assert.deepEqual(resolveUpOptions({ logFormat: true }, {}, '/proj').accessLog, { stdout: true });
  assert.deepEqual(resolveUpOptions({ logFormat: '$context.status' }, {}, '/proj').accessLog, { stdout: true, format: '$context.status' });
});

test('--public-port NAME=PORT (repeatable) names a listener by its construct path; a malformed one is a configuration error', () => {
  const o = resolveUpOptions({ publicPort: ['App/PublicAlb:80=8081', 'App/Nlb:443=8443'] }, {}, '/proj');
  assert.deepEqual(o.publicPorts, { 'App/PublicAlb:80': 8081, 'App/Nlb:443': 8443 });
  assert.throws(() => resolveUpOptions({ publicPort: ['App/PublicAlb:80'] }, {}, '/proj'), (error: unknown) => isGatelinkError(error, 'GL_ERR_CONFIG_INVALID') && error.message.includes('NAME=PORT'));
});

test('--parameters: Name=value and Stack:Name=value items become the template parameter values; a malformed item is an error', () => {
  assert.deepEqual(resolveUpOptions({ parameters: ['VpcId=vpc-01', 'Api:Stage=prod', 'Url=http://x?a=b'] }, {}, '/proj').parameters, { VpcId: 'vpc-01', 'Api:Stage': 'prod', Url: 'http://x?a=b' });
  assert.deepEqual(resolveUpOptions({}, {}, '/proj').parameters, {});
  assert.throws(() => resolveUpOptions({ parameters: ['VpcId'] }, {}, '/proj'), (error: unknown) => isGatelinkError(error, 'GL_ERR_CONFIG_INVALID') && /--parameters VpcId: expected Name=value/.test(error.message));
});

test('--context / -c key=value: context for the CDK app’s synth, split at the first =; with an assembly or template it is an error', () => {
  assert.deepEqual(resolveUpOptions({ context: ['variant=nlb', 'url=http://x?a=b', 'empty='] }, {}, '/proj').context, { variant: 'nlb', url: 'http://x?a=b', empty: '' });
  assert.equal(resolveUpOptions({}, {}, '/proj').context, undefined);
  assert.throws(() => resolveUpOptions({ context: ['variant'] }, {}, '/proj'), (error: unknown) => isGatelinkError(error, 'GL_ERR_CONFIG_INVALID') && error.message.includes('KEY=VALUE'));
  assert.throws(() => resolveUpOptions({ context: ['a=b'], assembly: 'cdk.out' }, {}, '/proj'), (error: unknown) => isGatelinkError(error, 'GL_ERR_CONFIG_INVALID') && error.message.includes('already synthesized'));
});
