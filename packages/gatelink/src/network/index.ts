/** Security-group reachability between the hops of a plan. */
export { NetworkModel } from './model.js';
export { admittingRule, ruleMatches } from './rules.js';
