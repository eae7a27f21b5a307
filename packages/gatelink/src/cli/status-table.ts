/** `gatelink status`: the admin API's status as tables a person can read at a glance. */
import type { Status } from '../admin/status.js';

export function renderStatus(status: Status): string {
  const lines: string[] = [];
  lines.push(`gateway ${status.endpoints.gateway}   admin ${status.endpoints.admin}   timings ${status.timings}`, '');
  lines.push(...table(['SERVICE', 'DESIRED', 'RUNNING', 'TASK', 'REV', 'PID', 'PORT', 'HEALTH'], serviceRows(status)));
  lines.push('');
  const stopped = stoppedRows(status);
  if (stopped.length > 0) lines.push(...table(['SERVICE', 'STOPPED TASK', 'REV', 'EXIT', 'REASON', 'LAST LINE'], stopped), '');
  const deployments = deploymentRows(status);
  if (deployments.length > 0) lines.push(...table(['SERVICE', 'DEPLOYMENT', 'REV', 'STATUS', 'FAILED TASKS', 'REASON'], deployments), '');
  const balancers = loadBalancerRows(status);
  if (balancers.length > 0) lines.push(...table(['LOAD BALANCER', 'TYPE', 'LISTENER', 'HOST PORT', 'FLOWS (new/active/reset)'], balancers), '');
  lines.push(...table(['TARGET GROUP', 'TARGET', 'PORT', 'STATE', 'REASON'], targetRows(status)));
  lines.push('');
  lines.push(...table(['API', 'STAGE', 'ROUTE', 'INTEGRATION'], status.routes.map((route) => [route.api, route.stage, route.routeKey, route.integration])));
  if (status.queues && status.queues.length > 0) lines.push('', ...table(['QUEUE', 'VISIBLE', 'IN FLIGHT', 'DELAYED', 'DEAD-LETTER QUEUE'], queueRows(status.queues)));
  return `${lines.join('\n')}\n`;
}

function serviceRows(status: Status): string[][] {
  const rows: string[][] = [];
  for (const service of status.services) {
    if (service.tasks.length === 0) rows.push([service.name, String(service.desiredCount), String(service.runningCount), '-', '-', '-', '-', '-']);
    service.tasks.forEach((task, index) => {
      const head = index === 0 ? [service.name, String(service.desiredCount), String(service.runningCount)] : ['', '', ''];
      rows.push([...head, task.id.slice(0, 12), String(task.revision), String(task.pid ?? '-'), String(task.port), (task.status === 'RUNNING' ? task.health : task.status.toLowerCase()) + containerNote(task)]);
    });
  }
  return rows;
}

/** ` · task HEALTHY · 2 containers` when container health checks or sidecars have something to say. */
function containerNote(task: Status['services'][number]['tasks'][number]): string {
  const containers = task.containers ?? [];
  const checked = containers.some((container) => container.health !== 'UNKNOWN');
  return `${checked ? ` · task ${task.healthStatus ?? 'UNKNOWN'}` : ''}${containers.length > 1 ? ` · ${containers.length} containers` : ''}`;
}

/** The last three stopped tasks per service: exit code or signal, why, and the last thing they printed. */
function stoppedRows(status: Status): string[][] {
  return status.services.flatMap((service) =>
    service.stoppedTasks.slice(0, 3).map((task, index) => [
      index === 0 ? service.name : '',
      task.id.slice(0, 12),
      String(task.revision ?? 1),
      task.signal ?? String(task.exitCode ?? '-'),
      task.stoppedReason,
      (task.lastLines.at(-1) ?? '').slice(0, 60),
    ]),
  );
}

function deploymentRows(status: Status): string[][] {
  return status.services.flatMap((service) =>
    (service.deployments ?? []).slice(0, 3).map((record, index) => [index === 0 ? service.name : '', record.id, String(record.revision), record.status, String(record.failedTasks), record.reason]),
  );
}

/** Load balancers and their listeners: internet-facing ones with the host URL, NLB ones with flow counters. */
function loadBalancerRows(status: Status): string[][] {
  return (status.loadBalancers ?? []).flatMap((lb) =>
    lb.listeners.map((listener, index) => {
      const flows = listener.flows ? `${listener.flows.NewFlowCount ?? 0}/${listener.flows.ActiveFlowCount ?? 0}/${listener.flows.TCP_ELB_Reset_Count ?? 0}` : '';
      return [index === 0 ? lb.name : '', index === 0 ? `${lb.type === 'network' ? 'network' : 'application'} ${lb.scheme}` : '', `${listener.protocol}:${listener.port}`, listener.url ?? '(internal)', flows];
    }),
  );
}

/** An ALB registered as an NLB target is named by its ARN: show `loadbalancer/app/<name>` rather than the ARN's head. */
function targetLabel(id: string): string {
  return id.startsWith('arn:') ? (id.split(':').pop() ?? id).split('/').slice(0, 3).join('/') : id.slice(0, 12);
}

function targetRows(status: Status): string[][] {
  const rows: string[][] = [];
  for (const group of status.targetGroups) {
    if (group.targets.length === 0) rows.push([group.name, '(no registered targets)', '', '', '']);
    group.targets.forEach((target, index) => rows.push([index === 0 ? group.name : '', targetLabel(target.id), String(target.port), target.state, target.reason ?? '']));
  }
  return rows;
}

function queueRows(queues: NonNullable<Status['queues']>): string[][] {
  return queues.map((queue) => [
    queue.name,
    String(queue.visible),
    String(queue.inFlight),
    String(queue.delayed),
    queue.deadLetter ? `${queue.deadLetter.queue} (after ${queue.deadLetter.maxReceiveCount} receives)` : '-',
  ]);
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const render = (row: string[]): string => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [render(header), ...rows.map(render)];
}
