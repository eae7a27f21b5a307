/** `POST /v1/services/{name}/tasks/{id}/stop`: one task of one service stopped as ECS StopTask does. */
import type { EcsServiceRuntime } from '../ecs/service.js';
import { GatelinkError } from '../errors.js';

export function stopTask(services: readonly EcsServiceRuntime[], name: string, taskId: string): { taskId: string; stoppedReason: string } {
  const service = services.find((candidate) => candidate.name === name);
  if (!service) throw new GatelinkError('GL_ERR_DEPLOY_UNKNOWN_SERVICE', { service: name, known: services.map((candidate) => candidate.name).join(', ') });
  const stopped = service.stopTaskById(taskId, 'Task stopped by user (gatelink console or admin API)');
  if (!stopped) throw new GatelinkError('GL_ERR_TASK_UNKNOWN', { service: name, task: taskId });
  return stopped;
}
