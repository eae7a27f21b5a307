/** Test doubles for the scheduler's neighbours: a target group whose health the test controls. */
import type { TargetGroupPort, TargetHealth, TaskTarget } from '../../src/ecs/ports-of-call.js';
import type { EcsServicePlan } from '../../src/plan/types.js';

export class FakeTargetGroup implements TargetGroupPort {
  readonly id = 'Stack/TG';
  readonly targets = new Map<string, TaskTarget & { state: TargetHealth }>();
  readonly deregistered: string[] = [];
  private readonly listeners = new Set<(id: string, state: TargetHealth, reason?: string) => void>();

  /** `autoHealthy: false` leaves new targets in `initial` until the test calls `set`. */
  constructor(private readonly options: { autoHealthy?: boolean } = {}) {}

  register(target: TaskTarget): void {
    this.targets.set(target.id, { ...target, state: 'initial' });
    if (this.options.autoHealthy !== false) this.set(target.id, 'healthy');
  }

  healthyCount(): number {
    return [...this.targets.values()].filter((target) => target.state === 'healthy').length;
  }

  async deregister(targetId: string): Promise<void> {
    this.deregistered.push(targetId);
    this.targets.delete(targetId);
  }

  health(targetId: string): TargetHealth {
    return this.targets.get(targetId)?.state ?? 'unused';
  }

  onStateChange(listener: (id: string, state: TargetHealth, reason?: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  set(targetId: string, state: TargetHealth, reason?: string): void {
    const target = this.targets.get(targetId);
    if (target) target.state = state;
    for (const listener of this.listeners) listener(targetId, state, reason);
  }
}

export function servicePlan(overrides: Partial<EcsServicePlan> = {}): EcsServicePlan {
  return {
    id: 'Stack/Service',
    name: 'web',
    clusterName: 'cluster',
    desiredCount: 2,
    taskDefinition: {
      id: 'Stack/TaskDef',
      family: 'web',
      cpu: 256,
      memoryMiB: 512,
      containers: [
        {
          name: 'web',
          image: { kind: 'registry', uri: 'unused' },
          essential: true,
          environment: { TABLE: 'books' },
          portMappings: [{ containerPort: 8080, protocol: 'tcp' }],
          stopTimeoutSeconds: 30,
          readonlyRootFilesystem: true,
        },
      ],
    },
    securityGroupIds: ['Stack/TaskSG'],
    subnetIds: [],
    loadBalancers: [{ targetGroupId: 'Stack/TG', containerName: 'web', containerPort: 8080 }],
    serviceRegistries: [{ cloudMapServiceId: 'Stack/CloudMapService' }],
    minimumHealthyPercent: 100,
    maximumPercent: 200,
    circuitBreaker: { enable: true, rollback: true, resetOnHealthyTask: true },
    healthCheckGracePeriodSeconds: 0,
    ...overrides,
  };
}

/** Polls `check` until it returns a truthy value or the deadline passes. */
export async function eventually<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 5_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
