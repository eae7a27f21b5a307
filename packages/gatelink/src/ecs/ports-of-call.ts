/**
 * What the ECS scheduler needs from its neighbours, as small interfaces: the load balancer's target
 * groups and the Cloud Map registry. The runtime wires the real ones in; tests pass fakes.
 */
import type { ResourceId } from '../plan/types.js';

export type TargetHealth = 'initial' | 'healthy' | 'unhealthy' | 'draining' | 'unused';

export interface TaskTarget {
  readonly id: string;
  readonly host: string;
  readonly port: number;
  /** The container port: what security groups and the template talk about. */
  readonly networkPort: number;
  readonly securityGroupIds: readonly ResourceId[];
}

export interface TargetGroupPort {
  readonly id: ResourceId;
  register(target: TaskTarget): void;
  /** Starts draining; resolves once the target has left the group (drained or delay expired). */
  deregister(targetId: string): Promise<void>;
  health(targetId: string): TargetHealth;
  /** Calls `listener` on every state change of any target; returns an unsubscribe function. */
  onStateChange(listener: (targetId: string, state: TargetHealth, reason?: string) => void): () => void;
}

export interface InstanceRegistryPort {
  register(serviceId: ResourceId, instanceId: string, attributes: Readonly<Record<string, string>>): void;
  deregister(serviceId: ResourceId, instanceId: string): void;
  setHealth(serviceId: ResourceId, instanceId: string, healthy: boolean): void;
}
