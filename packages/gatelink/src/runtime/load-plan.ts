/**
 * From what the user pointed at (a cdk.json directory, an app command, an assembly or a template) to
 * a validated plan, with progress for the slow part (synthesis, skipped when the app is unchanged).
 */
import type { Logger } from 'pino';
import { loadAssembly, loadTemplate, readCdkJson, synthesizeCached } from '../assembly/index.js';
import type { CloudAssembly } from '../assembly/index.js';
import type { Progress } from '../cli/progress.js';
import type { UpOptions } from '../cli/options.js';
import { GatelinkError } from '../errors.js';
import { buildPlan } from '../plan/index.js';
import type { Plan } from '../plan/types.js';
import type { DataDirLayout } from './data-dir.js';
import { applySecrets } from './secrets.js';
import type { SystemSecrets } from './secrets.js';

export async function loadPlanFromSource(options: UpOptions, layout: DataDirLayout, progress: Progress, logger: Logger, secrets?: SystemSecrets): Promise<Plan> {
  const assembly = await loadSource(options, layout, progress);
  const parameters = { given: options.parameters ?? {}, ssmParameter: (name: string) => secrets?.store.parameter(name)?.value };
  const built = withThrottling(buildPlan(assembly, { region: options.region, parameters }), options.throttle);
  const plan = secrets ? applySecrets(built, secrets, logger) : built;
  for (const note of plan.support) {
    if (note.level === 'ignored') logger.debug({ resource: note.resource, type: note.type, property: note.property }, `not emulated: ${note.reason}`);
  }
  progress.step(
    'plan',
    `${plan.stacks.length} stack(s): ${plan.httpApis.length} HTTP API, ${plan.loadBalancers.length} load balancer, ${plan.ecsServices.length} ECS service(s), ${plan.tables.length} table(s)`,
  );
  return plan;
}

/**
 * `--no-throttle`: every HTTP API stage without its DefaultRouteSettings/RouteSettings limits, every
 * REST API stage without its MethodSettings throttles, and every usage plan without its throttles
 * (its own and per method). Usage-plan quotas stay: they count requests, they do not pace them.
 */
export function withThrottling(plan: Plan, throttle: boolean): Plan {
  if (throttle) return plan;
  const httpApis = plan.httpApis.map((api) => ({ ...api, stages: api.stages.map((stage) => ({ ...stage, defaultRouteSettings: {}, routeSettings: {} })) }));
  const restApis = plan.restApis.map((api) => ({ ...api, stages: api.stages.map((stage) => ({ ...stage, methodThrottles: {} })) }));
  const usagePlans = plan.usagePlans.map(({ throttle: _throttle, ...usagePlan }) => ({ ...usagePlan, stages: usagePlan.stages.map((stage) => ({ ...stage, methodThrottles: {} })) }));
  return { ...plan, httpApis, restApis, usagePlans };
}

async function loadSource(options: UpOptions, layout: DataDirLayout, progress: Progress): Promise<CloudAssembly> {
  const source = options.source;
  switch (source.kind) {
    case 'assembly': {
      const assembly = await loadAssembly(source.dir);
      progress.step('assembly', source.dir);
      return assembly;
    }
    case 'template': {
      const assembly = await loadTemplate(source.file);
      progress.step('template', source.file);
      return assembly;
    }
    case 'app':
      return synthesize(source.command, source.cwd, { ...options.context }, layout, progress);
    case 'cdk-dir': {
      const cdkJson = await readCdkJson(source.dir);
      if (!cdkJson?.app) {
        throw new GatelinkError('GL_ERR_CONFIG_SOURCE', { detail: `no cdk.json with an "app" in ${source.dir}` });
      }
      return synthesize(cdkJson.app, source.dir, { ...cdkJson.context, ...options.context }, layout, progress);
    }
  }
}

async function synthesize(command: string, cwd: string, context: Record<string, unknown>, layout: DataDirLayout, progress: Progress): Promise<CloudAssembly> {
  progress.step('synth', `${command} (in ${cwd})`);
  const result = await synthesizeCached({ command, cwd, outdir: layout.assembly, context, compileCacheDir: layout.compileCache });
  progress.step('synth', result.cached ? 'unchanged app: cached assembly reused' : 'synthesized');
  return loadAssembly(layout.assembly);
}
