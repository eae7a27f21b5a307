/**
 * From gatelink's own plan (the synthesized assembly in its data dir, read with gatelink's loader and
 * planner) and its admin status (the ports the tasks listen on) to the two hops nginx reproduces.
 * Supports what the bookstore uses: routes integrated with one ALB listener, path-pattern rules.
 */
import { loadAssembly } from '../../packages/gatelink/src/assembly/index.js';
import { buildPlan } from '../../packages/gatelink/src/plan/index.js';
import type { ActionPlan, ListenerPlan, Plan } from '../../packages/gatelink/src/plan/index.js';
import type { AlbAction, AlbRule, TwoHops, Upstream } from './model.js';
import type { Status } from './status.js';

export async function twoHopsFromAssembly(assemblyDir: string, status: Status): Promise<TwoHops> {
  return twoHopsFromPlan(buildPlan(await loadAssembly(assemblyDir)), status);
}

export function twoHopsFromPlan(plan: Plan, status: Status): TwoHops {
  const api = plan.httpApis[0];
  if (!api) throw new Error('the plan has no HTTP API to compare with');
  const listenerIds = new Set(
    api.integrations.flatMap((integration) => (integration.target.kind === 'listener' ? [integration.target.listenerId] : [])),
  );
  const [listenerId, ...others] = listenerIds;
  if (!listenerId || others.length > 0) throw new Error(`the nginx comparison supports one ALB listener behind the HTTP API, found ${listenerIds.size}`);
  const listener = plan.loadBalancers.flatMap((lb) => lb.listeners).find((candidate) => candidate.id === listenerId);
  if (!listener) throw new Error(`listener ${listenerId} is not in the plan`);
  const groupName = (id: string): string => plan.targetGroups.find((group) => group.id === id)?.name ?? id;
  const accessLogFormat = api.stages.find((stage) => stage.accessLogFormat !== undefined)?.accessLogFormat;
  return {
    routes: api.routes.map((route) => ({ method: route.method, path: route.path })),
    rules: pathRules(listener, groupName),
    defaultAction: albAction(listener.defaultActions, groupName),
    upstreams: upstreams(status),
    ...(accessLogFormat !== undefined ? { accessLogFormat } : {}),
  };
}

function pathRules(listener: ListenerPlan, groupName: (id: string) => string): AlbRule[] {
  return listener.rules.map((rule) => {
    const unsupported = rule.conditions.filter((condition) => condition.field !== 'path-pattern');
    if (unsupported.length > 0) throw new Error(`rule ${rule.id}: only path-pattern conditions can be reproduced with nginx here`);
    const pathPatterns = rule.conditions.flatMap((condition) => (condition.field === 'path-pattern' ? condition.values : []));
    return { pathPatterns: pathPatterns.length > 0 ? pathPatterns : ['*'], action: albAction(rule.actions, groupName) };
  });
}

function albAction(actions: readonly ActionPlan[], groupName: (id: string) => string): AlbAction {
  const action = actions.at(-1);
  if (!action) return { kind: 'fixed', status: 503 };
  switch (action.type) {
    case 'forward': {
      const group = action.targetGroups[0];
      if (!group) return { kind: 'fixed', status: 503 };
      return { kind: 'forward', upstream: groupName(group.targetGroupId) };
    }
    case 'fixed-response':
      return { kind: 'fixed', status: action.statusCode, contentType: action.contentType, body: action.messageBody };
    case 'redirect':
      throw new Error('redirect actions are not reproduced with nginx here');
  }
}

/** The healthy targets of each target group, as gatelink's ALB would route to them. */
function upstreams(status: Status): Upstream[] {
  return status.targetGroups.map((group) => ({ name: group.name, ports: group.targets.filter((target) => target.state === 'healthy').map((target) => target.port) }));
}
