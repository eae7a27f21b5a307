/**
 * A listener's rules compiled once into an ordered table: rules by ascending priority, each with one
 * predicate (its conditions AND'd), then the default rule, which has no conditions and runs last
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html).
 * Actions are compiled by the caller, so this module knows nothing about forwarding.
 */
import { GatelinkError } from '../../errors.js';
import type { ActionPlan, ListenerPlan } from '../../plan/types.js';
import { compileCondition } from './conditions.js';
import type { Predicate } from './conditions.js';
import type { RequestView } from './request-view.js';

/** Where a matched action came from, for log lines and explanations. */
export interface RuleRef {
  readonly id: string;
  /** `default` for the listener's default rule. */
  readonly priority: number | 'default';
}

export interface CompiledRule<A> {
  readonly rule: RuleRef;
  readonly matches: Predicate;
  readonly action: A;
}

export interface RuleTable<A> {
  readonly rules: readonly CompiledRule<A>[];
  /** The first rule whose conditions all hold; the default rule always does. */
  match(view: RequestView): CompiledRule<A>;
}

const ALWAYS: Predicate = () => true;

/** Compiles every rule of a listener; `compileAction` turns the terminal action into what runs. */
export function compileRules<A>(listener: ListenerPlan, compileAction: (action: ActionPlan, rule: RuleRef) => A): RuleTable<A> {
  const seen = new Set<number>();
  const rules: CompiledRule<A>[] = [...listener.rules]
    .sort((a, b) => a.priority - b.priority)
    .map((plan) => {
      if (!Number.isInteger(plan.priority) || plan.priority < 1 || plan.priority > 50_000) {
        throw new GatelinkError('GL_ERR_ELB_INVALID_CONFIG', { resource: plan.id, detail: `priority ${plan.priority} is outside 1..50000` });
      }
      if (seen.has(plan.priority)) {
        throw new GatelinkError('GL_ERR_ELB_INVALID_CONFIG', { resource: plan.id, detail: `priority ${plan.priority} is already used on ${listener.id} (PriorityInUse)` });
      }
      seen.add(plan.priority);
      const rule: RuleRef = { id: plan.id, priority: plan.priority };
      return { rule, matches: allOf(plan.conditions.map((condition) => compileCondition(condition, plan.id))), action: compileAction(terminal(plan.actions, plan.id), rule) };
    });
  const defaultRule: RuleRef = { id: listener.id, priority: 'default' };
  const fallback: CompiledRule<A> = { rule: defaultRule, matches: ALWAYS, action: compileAction(terminal(listener.defaultActions, listener.id), defaultRule) };
  rules.push(fallback);
  return {
    rules,
    match(view) {
      for (const compiled of rules) if (compiled.matches(view)) return compiled;
      return fallback;
    },
  };
}

function allOf(predicates: readonly Predicate[]): Predicate {
  if (predicates.length === 0) return ALWAYS;
  if (predicates.length === 1) return predicates[0] as Predicate;
  return (view) => predicates.every((predicate) => predicate(view));
}

/** The terminal action (forward, redirect or fixed-response) is the one that runs last. */
function terminal(actions: readonly ActionPlan[], resource: string): ActionPlan {
  const action = actions.at(-1);
  if (action === undefined) throw new GatelinkError('GL_ERR_ELB_INVALID_CONFIG', { resource, detail: 'the rule has no action' });
  return action;
}
