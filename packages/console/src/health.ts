/** Live health of a topology node from the status stream: `ok`, `warn`, `bad`, or `none` for nodes without health. */
import type { Status, TopologyNode } from './types.js';

export type Health = 'ok' | 'warn' | 'bad' | 'none';

export interface NodeHealth {
  readonly health: Health;
  readonly text?: string;
  readonly tasks?: readonly { id: string; health: string; revision: number }[];
}

export function nodeHealth(node: TopologyNode, status: Status | undefined): NodeHealth {
  if (!node.live || !status) return { health: 'none' };
  const { kind, name } = node.live;
  if (kind === 'service') {
    const service = status.services.find((candidate) => candidate.name === name);
    if (!service) return { health: 'warn', text: 'not running' };
    const healthy = service.tasks.filter((task) => task.health === 'healthy').length;
    const deploying = service.deployments.some((deployment) => deployment.status === 'IN_PROGRESS');
    const health: Health = healthy >= service.desiredCount ? 'ok' : healthy > 0 ? 'warn' : 'bad';
    return { health, text: `${healthy}/${service.desiredCount} healthy${deploying ? ' · deploying' : ''}`, tasks: service.tasks.map((task) => ({ id: task.id, health: task.status === 'RUNNING' ? task.health : task.status.toLowerCase(), revision: task.revision })) };
  }
  if (kind === 'targetGroup') {
    const group = status.targetGroups.find((candidate) => candidate.name === name);
    const targets = group?.targets ?? [];
    const healthy = targets.filter((target) => target.state === 'healthy').length;
    const unhealthy = targets.filter((target) => target.state === 'unhealthy').length;
    const health: Health = targets.length === 0 ? 'warn' : unhealthy > 0 && healthy === 0 ? 'bad' : healthy === targets.length ? 'ok' : 'warn';
    return { health, text: `${healthy}/${targets.length} targets healthy` };
  }
  const [namespace, service] = name.split('/');
  const entry = status.cloudMap.find((candidate) => candidate.namespace === namespace && candidate.service === service);
  const instances = entry?.instances ?? [];
  const healthy = instances.filter((instance) => instance.health === 'HEALTHY').length;
  return { health: instances.length === 0 ? 'warn' : healthy === instances.length ? 'ok' : healthy > 0 ? 'warn' : 'bad', text: `${healthy}/${instances.length} instances healthy` };
}
