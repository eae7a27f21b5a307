/**
 * Load-balancer and target-group attributes the emulation honours, read once from the plan's
 * string maps with AWS's defaults (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html,
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-target-groups.html).
 */
import { GatelinkError } from '../errors.js';
import type { LoadBalancerPlan, TargetGroupPlan } from '../plan/types.js';
import type { XffMode } from '../proxy/headers/forwarded.js';

export interface LoadBalancerSettings {
  /** `idle_timeout.timeout_seconds` (default 60): the target must start answering within it, else 504. */
  readonly idleTimeoutMs: number;
  readonly preserveHostHeader: boolean;
  readonly xffMode: XffMode;
  readonly xffClientPort: boolean;
}

export interface TargetGroupSettings {
  /** Fail open when fewer targets than this are healthy (default 1). */
  readonly minimumHealthyCount: number;
  /** …or when fewer than this percentage are healthy (default off = 0). */
  readonly minimumHealthyPercent: number;
  readonly stickinessEnabled: boolean;
}

export function loadBalancerSettings(plan: LoadBalancerPlan): LoadBalancerSettings {
  const attributes = plan.attributes;
  const mode = attributes['routing.http.xff_header_processing.mode'] ?? 'append';
  if (mode !== 'append' && mode !== 'preserve' && mode !== 'remove') {
    throw new GatelinkError('GL_ERR_ELB_INVALID_CONFIG', { resource: plan.id, detail: `routing.http.xff_header_processing.mode "${mode}" is not append, preserve or remove` });
  }
  return {
    idleTimeoutMs: positiveNumber(attributes['idle_timeout.timeout_seconds'], 60, plan.id, 'idle_timeout.timeout_seconds') * 1000,
    preserveHostHeader: attributes['routing.http.preserve_host_header.enabled'] === 'true',
    xffMode: mode,
    xffClientPort: attributes['routing.http.xff_client_port.enabled'] === 'true',
  };
}

export function targetGroupSettings(plan: TargetGroupPlan): TargetGroupSettings {
  const prefix = 'target_group_health.unhealthy_state_routing.minimum_healthy_targets';
  const percentage = plan.attributes[`${prefix}.percentage`];
  return {
    minimumHealthyCount: positiveNumber(plan.attributes[`${prefix}.count`], 1, plan.id, `${prefix}.count`),
    minimumHealthyPercent: percentage === undefined || percentage === 'off' ? 0 : positiveNumber(percentage, 0, plan.id, `${prefix}.percentage`),
    stickinessEnabled: plan.attributes['stickiness.enabled'] === 'true',
  };
}

function positiveNumber(text: string | undefined, fallback: number, resource: string, key: string): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new GatelinkError('GL_ERR_ELB_INVALID_CONFIG', { resource, detail: `${key} "${text}" is not a positive number` });
  return value;
}
