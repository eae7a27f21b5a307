/** The part of gatelink's `GET /v1/status` the bench reads (see packages/gatelink/src/admin/status.ts). */

export interface StatusTask {
  readonly id: string;
  readonly pid: number | undefined;
  readonly port: number;
  readonly health: string;
}

export interface Status {
  readonly endpoints: { readonly gateway: string; readonly admin: string };
  readonly services: readonly { readonly name: string; readonly desiredCount: number; readonly tasks: readonly StatusTask[] }[];
  readonly targetGroups: readonly { readonly name: string; readonly targets: readonly { readonly id: string; readonly port: number; readonly state: string }[] }[];
}

export async function fetchStatus(adminUrl: string): Promise<Status> {
  const response = await fetch(`${adminUrl}/v1/status`);
  if (!response.ok) throw new Error(`GET ${adminUrl}/v1/status answered ${response.status}`);
  return (await response.json()) as Status;
}

/**
 * `GET /v1/ready`: 200 once every service has its desired count of healthy tasks. Far cheaper for
 * gatelink to answer than the whole status, which matters when polling it every 10 ms during a
 * start that is itself CPU-bound.
 */
export async function fetchReady(adminUrl: string): Promise<boolean> {
  const response = await fetch(`${adminUrl}/v1/ready`);
  await response.arrayBuffer();
  if (response.status !== 200 && response.status !== 503) throw new Error(`GET ${adminUrl}/v1/ready answered ${response.status}`);
  return response.status === 200;
}

/** Every service has its desired count of healthy tasks. */
export function allHealthy(status: Status): boolean {
  return status.services.length > 0 && status.services.every((service) => service.tasks.filter((task) => task.health === 'healthy').length >= service.desiredCount);
}

/** Every task process gatelink reports, so that the bench can make sure none outlives it. */
export function taskPids(status: Status): number[] {
  return status.services.flatMap((service) => service.tasks.flatMap((task) => (task.pid === undefined ? [] : [task.pid])));
}
