/**
 * A target group as the ECS scheduler sees it, before the load balancer behind it exists. `gatelink
 * up` launches tasks first, because their boot is the long pole, and loads and starts the data plane
 * (gateway, load balancers) while they boot; `bind()` then connects the real group. Until then a
 * registration waits here and is handed over at `bind()` (its first health check runs then, as for
 * any new registration), and health reads `unused`: what a group says of a target it has never seen.
 */
import type { TargetGroupPort, TargetHealth, TaskTarget } from '../ecs/ports-of-call.js';
import type { ResourceId } from '../plan/types.js';

type StateListener = (targetId: string, state: TargetHealth, reason?: string) => void;

export class LateTargetGroup implements TargetGroupPort {
  private group?: TargetGroupPort;
  private readonly waiting = new Map<string, TaskTarget>();
  /** Every subscriber, with its unsubscribe from the real group once bound. */
  private readonly listeners = new Map<StateListener, (() => void) | undefined>();

  /** `id`: the plan id or ARN the ECS service names the group by. */
  constructor(readonly id: ResourceId) {}

  /** Connects the real group: subscribers first, so no state change of a handed-over target is missed. */
  bind(group: TargetGroupPort): void {
    if (this.group) throw new Error(`target group ${this.id} is already bound`);
    this.group = group;
    for (const listener of this.listeners.keys()) this.listeners.set(listener, group.onStateChange(listener));
    const waiting = [...this.waiting.values()];
    this.waiting.clear();
    for (const target of waiting) group.register(target);
  }

  register(target: TaskTarget): void {
    if (this.group) this.group.register(target);
    else this.waiting.set(target.id, target);
  }

  deregister(targetId: string): Promise<void> {
    if (this.group) return this.group.deregister(targetId);
    this.waiting.delete(targetId);
    return Promise.resolve();
  }

  health(targetId: string): TargetHealth {
    return this.group?.health(targetId) ?? 'unused';
  }

  onStateChange(listener: StateListener): () => void {
    this.listeners.set(listener, this.group?.onStateChange(listener));
    return () => {
      this.listeners.get(listener)?.();
      this.listeners.delete(listener);
    };
  }
}

/** One LateTargetGroup per id the ECS services name, bound together once the load balancers run. */
export class LateTargetGroups {
  private readonly groups = new Map<string, LateTargetGroup>();

  get(id: ResourceId): LateTargetGroup {
    let group = this.groups.get(id);
    if (group === undefined) this.groups.set(id, (group = new LateTargetGroup(id)));
    return group;
  }

  bindAll(resolve: (id: ResourceId) => TargetGroupPort): void {
    for (const group of this.groups.values()) group.bind(resolve(group.id));
  }
}
