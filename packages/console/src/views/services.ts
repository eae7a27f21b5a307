/**
 * ECS services as they run: tasks (revision, health, pid, port, last log lines), recently stopped
 * tasks and why, deployments as they progress; and the operations the CLI has: deploy (`gatelink
 * deploy`) and stop a task to watch the scheduler replace it.
 */
import { post } from '../api.js';
import { clock, h, replace } from '../dom.js';
import type { Store } from '../store.js';
import type { Deployment, ServiceStatus, StatusTask, StoppedTask } from '../types.js';

export class ServicesView {
  readonly element = h('section', { class: 'view services' });
  private readonly notice = h('div', { class: 'notice', role: 'status', 'data-testid': 'notice' });
  private readonly cards = h('div', { class: 'cards' });

  constructor(private readonly store: Store) {
    this.element.append(this.notice, this.cards);
  }

  update(): void {
    const services = this.store.status?.services ?? [];
    replace(this.cards, services.length === 0 ? h('p', { class: 'muted' }, 'No ECS services in this system.') : services.map((service) => this.card(service)));
  }

  private card(service: ServiceStatus): HTMLElement {
    const healthy = service.tasks.filter((task) => task.health === 'healthy').length;
    const deploy = () => void this.act(`deploying ${service.name}`, `/v1/services/${encodeURIComponent(service.name)}/deployments`);
    const replaced = service.stoppedTasks.length;
    return h(
      'article',
      { class: 'card', 'data-service': service.name },
      h(
        'header',
        {},
        h('h3', {}, service.name),
        h('span', { class: `pill ${healthy >= service.desiredCount ? 'ok' : healthy > 0 ? 'warn' : 'bad'}`, 'data-testid': 'service-health' }, `${healthy}/${service.desiredCount} healthy`),
        h('span', { class: 'muted' }, `${service.runningCount} running · ${replaced} stopped recently`),
        h('button', { type: 'button', class: 'primary', 'data-action': 'deploy', onclick: deploy }, 'Deploy'),
      ),
      h('table', { class: 'grid' }, h('thead', {}, h('tr', {}, ['task', 'revision', 'status', 'health', 'pid', 'port', 'started', 'last lines', ''].map((title) => h('th', {}, title)))), h('tbody', {}, service.tasks.map((task) => this.taskRow(service, task)))),
      deployments(service.deployments),
      stopped(service.stoppedTasks),
    );
  }

  private taskRow(service: ServiceStatus, task: StatusTask): HTMLElement {
    const lines = this.store.logs.filter((line) => line.taskId === task.id).slice(-3);
    const stop = () => void this.act(`stopping task ${task.id.slice(0, 12)}`, `/v1/services/${encodeURIComponent(service.name)}/tasks/${task.id}/stop`);
    return h(
      'tr',
      { 'data-task': task.id },
      h('td', { class: 'mono' }, task.id.slice(0, 12)),
      h('td', {}, task.revision),
      h('td', {}, task.status),
      h('td', {}, h('span', { class: `pill ${task.health === 'healthy' ? 'ok' : task.health === 'unhealthy' ? 'bad' : 'warn'}` }, task.health)),
      h('td', { class: 'mono' }, task.pid ?? '–'),
      h('td', { class: 'mono' }, task.port),
      h('td', { class: 'mono' }, clock(task.startedAt)),
      h('td', { class: 'mono last-lines' }, lines.map((line) => h('div', {}, line.text.slice(0, 140)))),
      h('td', {}, h('button', { type: 'button', 'data-action': 'stop', onclick: stop, disabled: task.status !== 'RUNNING' }, 'Stop')),
    );
  }

  private async act(what: string, path: string): Promise<void> {
    replace(this.notice, `${what}…`);
    try {
      const result = await post<{ id?: string; revision?: number; stoppedReason?: string }>(path);
      replace(this.notice, result.id ? `deployment ${result.id} (revision ${result.revision ?? '?'}) started` : `${what}: ${result.stoppedReason ?? 'done'}`);
    } catch (error) {
      replace(this.notice, h('span', { class: 'bad' }, `${what} failed: ${String(error)}`));
    }
  }
}

function deployments(list: Deployment[]): HTMLElement {
  if (list.length === 0) return h('p', { class: 'muted' }, 'No deployments since gatelink started.');
  return h(
    'div',
    { class: 'deployments' },
    h('h4', {}, 'Deployments'),
    h('ul', {}, list.map((deployment) => h('li', { 'data-deployment': deployment.id, 'data-status': deployment.status }, h('span', { class: `pill ${deployment.status === 'COMPLETED' ? 'ok' : deployment.status === 'IN_PROGRESS' ? 'warn' : 'bad'}` }, deployment.status), ` revision ${deployment.revision} · ${clock(deployment.startedAt)} · ${deployment.reason}`))),
  );
}

function stopped(list: StoppedTask[]): HTMLElement | null {
  if (list.length === 0) return null;
  return h(
    'details',
    { class: 'stopped', 'data-testid': 'stopped-tasks' },
    h('summary', {}, `Stopped tasks (${list.length})`),
    h('ul', {}, list.map((task) => h('li', { 'data-stopped-task': task.id }, h('span', { class: 'mono' }, task.id.slice(0, 12)), ` r${task.revision ?? 1} · ${clock(task.stoppedAt)} · ${task.stoppedReason}${task.signal ? ` (${task.signal})` : task.exitCode !== null ? ` (exit ${task.exitCode})` : ''}`, task.lastLines.length > 0 ? h('pre', {}, task.lastLines.slice(-5).join('\n')) : null))),
  );
}
