/**
 * One ALB listener as a `RequestHandler`: its rules compiled once at construction; per request it
 * screens what the ALB refuses outright, finds the first matching rule and runs its action. Every
 * ALB-generated answer is counted and, when it is an error, logged with the explanation.
 */
import type { Logger } from 'pino';
import type { ActionPlan, ListenerPlan } from '../plan/types.js';
import { forwardedForCount } from '../proxy/headers/forwarded.js';
import type { ProxyRequest, ProxyResponse, RequestHandler } from '../proxy/types.js';
import { compileFixedResponse } from './actions/fixed-response.js';
import { forwardToGroup } from './actions/forward.js';
import type { ForwardContext } from './actions/forward.js';
import { compileRedirect } from './actions/redirect.js';
import { compileWeightedChoice } from './actions/weighted.js';
import type { RandomSource } from './actions/weighted.js';
import type { LoadBalancerSettings } from './attributes.js';
import type { ElbMetrics } from './metrics.js';
import { elbErrorResponse, redirectResponse } from './responses.js';
import { compileRules } from './rules/compile.js';
import type { RuleRef, RuleTable } from './rules/compile.js';
import { RequestView } from './rules/request-view.js';
import { isCaptured, ruleChannel } from '../trace/channels.js';
import type { TargetGroupRuntime } from './target-group.js';

export interface ListenerDeps {
  readonly settings: LoadBalancerSettings;
  readonly targetGroup: (id: string) => TargetGroupRuntime;
  readonly random: RandomSource;
  readonly logger: Logger;
  readonly metrics: ElbMetrics;
}

/** The ALB answers 463 when X-Forwarded-For lists more addresses than this. */
const MAX_FORWARDED_FOR = 30;

type RunAction = (request: ProxyRequest, view: RequestView) => ProxyResponse | Promise<ProxyResponse>;

export class ListenerRuntime implements RequestHandler {
  /** The compiled rules, in evaluation order (the default rule last). */
  readonly rules: RuleTable<RunAction>;
  private readonly log: Logger;

  constructor(
    readonly plan: ListenerPlan,
    private readonly deps: ListenerDeps,
  ) {
    this.log = deps.logger.child({ listener: plan.id });
    this.rules = compileRules(plan, (action, rule) => this.compileAction(action, rule));
  }

  async handle(request: ProxyRequest): Promise<ProxyResponse> {
    if (request.signal.aborted) return this.finish(request, elbErrorResponse(460, `listener ${this.plan.id}: the client closed the connection before the request was routed`));
    const refused = this.screen(request);
    if (refused !== undefined) return this.finish(request, refused);
    const view = new RequestView(request);
    const matched = this.rules.match(view);
    if (isCaptured(request.requestId)) ruleChannel.publish({ requestId: request.requestId, listenerId: this.plan.id, ruleId: matched.rule.id, priority: matched.rule.priority, at: performance.timeOrigin + performance.now() });
    return this.finish(request, await matched.action(request, view));
  }

  /** What the ALB answers before looking at rules: TRACE, too long an X-Forwarded-For, conflicting lengths. */
  private screen(request: ProxyRequest): ProxyResponse | undefined {
    if (request.method === 'TRACE') return elbErrorResponse(405, `listener ${this.plan.id}: the ALB does not allow the TRACE method`);
    if (forwardedForCount(request.headers['x-forwarded-for']) > MAX_FORWARDED_FOR) {
      return elbErrorResponse(463, `listener ${this.plan.id}: X-Forwarded-For holds more than ${MAX_FORWARDED_FOR} addresses`);
    }
    const length = request.headers['content-length'];
    if (Array.isArray(length) && new Set(length).size > 1) {
      return elbErrorResponse(400, `listener ${this.plan.id}: conflicting Content-Length headers (request smuggling protection)`);
    }
    return undefined;
  }

  private finish(request: ProxyRequest, response: ProxyResponse): ProxyResponse {
    this.deps.metrics.record(response.origin === 'target' ? 'target' : 'elb', response.statusCode);
    if (response.origin !== 'target' && response.statusCode >= 400) {
      if (response.statusCode === 460) {
        this.log.debug({ requestId: request.requestId, explanation: response.explanation }, 'client closed the connection (460)');
        request.body?.destroy();
      } else {
        this.log.warn({ requestId: request.requestId, status: response.statusCode, explanation: response.explanation, fix: response.failure?.kind === 'blocked-by-security-group' ? response.failure.fix : undefined }, 'load balancer error');
      }
    }
    return response;
  }

  private compileAction(action: ActionPlan, rule: RuleRef): RunAction {
    const where = rule.priority === 'default' ? `listener ${this.plan.id} default action` : `listener ${this.plan.id} rule ${rule.id} (priority ${rule.priority})`;
    switch (action.type) {
      case 'fixed-response': {
        const respond = compileFixedResponse(action, rule.id, `${where}: fixed-response ${action.statusCode}`);
        return (request) => {
          request.body?.resume();
          return respond();
        };
      }
      case 'redirect': {
        const location = compileRedirect(action, this.plan, rule.id);
        const explanation = `${where}: redirect ${action.statusCode}`;
        return (request, view) => {
          request.body?.resume();
          return redirectResponse(action.statusCode, location(view), explanation);
        };
      }
      case 'forward':
        return this.compileForward(action, rule, where);
    }
  }

  private compileForward(action: Extract<ActionPlan, { type: 'forward' }>, rule: RuleRef, where: string): RunAction {
    const groups = action.targetGroups.map((entry) => ({ item: this.deps.targetGroup(entry.targetGroupId), weight: entry.weight }));
    const choose = compileWeightedChoice(groups, this.deps.random, rule.id);
    if (action.stickinessSeconds !== undefined) this.log.info({ rule: rule.id }, 'target group stickiness is accepted but not emulated: each request picks a group by weight');
    const context: ForwardContext = { settings: this.deps.settings, listenerPort: this.plan.port, protocol: this.plan.protocol.toLowerCase(), where };
    return (request) => {
      const group = choose();
      if (group === undefined) {
        request.body?.resume();
        return elbErrorResponse(503, `${where}: every target group of the forward action has weight 0`);
      }
      return forwardToGroup(group, request, context);
    };
  }
}
