/**
 * The Network Load Balancer attributes gatelink honours, read once with AWS's defaults:
 * - listener `tcp.idle_timeout.seconds`: 350 s, 60–6000 (TLS listeners: fixed 350 s)
 *   https://docs.aws.amazon.com/elasticloadbalancing/latest/network/update-idle-timeout.html
 * - target group `preserve_client_ip.enabled`: on for `instance` and `alb` targets, off for `ip`
 *   targets of TCP/TLS groups https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-target-groups.html
 * - `deregistration_delay.connection_termination.enabled` (off) and
 *   `target_health_state.unhealthy.connection_termination.enabled` (on)
 *   https://docs.aws.amazon.com/elasticloadbalancing/latest/network/edit-target-group-attributes.html
 */
import type { ListenerPlan, TargetGroupPlan } from '../plan/types.js';

export interface NlbTargetGroupSettings {
  /** Targets see the client's address rather than the NLB's (for an ALB target: in X-Forwarded-For). */
  readonly preserveClientIp: boolean;
  /** Connections still open when the deregistration delay ends are reset. */
  readonly terminateOnDeregistration: boolean;
  /** Connections to a target that turns unhealthy are reset (unless the group fails open). */
  readonly terminateOnUnhealthy: boolean;
}

export const DEFAULT_IDLE_TIMEOUT_SECONDS = 350;

export function idleTimeoutMs(listener: ListenerPlan): number {
  const raw = listener.protocol === 'TLS' ? undefined : listener.attributes?.['tcp.idle_timeout.seconds'];
  const seconds = raw === undefined ? DEFAULT_IDLE_TIMEOUT_SECONDS : Number(raw);
  return (Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_IDLE_TIMEOUT_SECONDS) * 1000;
}

export function nlbTargetGroupSettings(group: TargetGroupPlan): NlbTargetGroupSettings {
  const attributes = group.attributes;
  const preserveDefault = group.targetType !== 'ip' || group.protocol === 'UDP' || group.protocol === 'TCP_UDP';
  const preserve = attributes['preserve_client_ip.enabled'];
  return {
    preserveClientIp: preserve === undefined ? preserveDefault : preserve === 'true',
    terminateOnDeregistration: attributes['deregistration_delay.connection_termination.enabled'] === 'true',
    terminateOnUnhealthy: attributes['target_health_state.unhealthy.connection_termination.enabled'] !== 'false',
  };
}
