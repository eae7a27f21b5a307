/** Task logs of every service, live and filterable; and each stage's access-log lines, in the stage's own format. */
import { clock, h, replace } from '../dom.js';
import type { Store } from '../store.js';

const SHOWN = 500;

export class LogsView {
  readonly element = h('section', { class: 'view logs' });
  private readonly service = h('select', { 'aria-label': 'service', 'data-testid': 'log-service' });
  private readonly filter = h('input', { type: 'search', placeholder: 'filter lines', 'aria-label': 'filter log lines', 'data-testid': 'log-filter' });
  private readonly lines = h('div', { class: 'log-lines', 'data-testid': 'log-lines' });
  private readonly stage = h('select', { 'aria-label': 'stage' });
  private readonly access = h('div', { class: 'log-lines access', 'data-testid': 'access-log' });

  constructor(private readonly store: Store) {
    for (const control of [this.service, this.filter, this.stage]) control.addEventListener('input', () => this.update());
    this.element.append(
      h('h3', {}, 'Task logs'),
      h('div', { class: 'toolbar' }, this.service, this.filter),
      this.lines,
      h('h3', {}, 'Access log ', h('span', { class: 'muted' }, '(requests seen while the console is open)')),
      h('div', { class: 'toolbar' }, this.stage),
      this.access,
    );
  }

  update(): void {
    const services = (this.store.status?.services ?? []).map((service) => service.name);
    syncOptions(this.service, services, 'all services');
    const stages = [...new Set(this.store.requests.map((request) => request.stage).filter((stage) => stage !== '-'))];
    syncOptions(this.stage, stages, 'all stages');
    const needle = this.filter.value.trim().toLowerCase();
    const shown = this.store.logs.filter((line) => (!this.service.value || line.service === this.service.value) && (!needle || line.text.toLowerCase().includes(needle))).slice(-SHOWN);
    const atBottom = this.lines.scrollTop + this.lines.clientHeight >= this.lines.scrollHeight - 4;
    replace(this.lines, shown.map((line) => h('div', { class: 'line' }, h('span', { class: 'time' }, clock(line.time)), h('span', { class: 'tag' }, `${line.service}/${line.taskId.slice(0, 8)}`), h('span', {}, line.text))));
    if (atBottom) this.lines.scrollTop = this.lines.scrollHeight;
    const access = this.store.requests.filter((request) => request.accessLogLine && (!this.stage.value || request.stage === this.stage.value)).slice(0, SHOWN).reverse();
    replace(this.access, access.map((request) => h('div', { class: 'line' }, h('span', { class: 'tag' }, request.stage), h('span', {}, request.accessLogLine ?? ''))));
  }
}

function syncOptions(select: HTMLSelectElement, values: string[], all: string): void {
  const wanted = ['', ...values];
  const current = [...select.options].map((option) => option.value);
  if (current.join('\n') === wanted.join('\n')) return;
  const selected = select.value;
  replace(select, wanted.map((value) => h('option', { value }, value || all)));
  select.value = wanted.includes(selected) ? selected : '';
}
