/** One request as a trace: a waterfall of its hops, what each decided, and the headers as each saw them (secrets redacted by gatelink). */
import { clock, h, ms, replace, statusClass } from '../dom.js';
import type { Hop, RequestRecord } from '../types.js';

export function renderTrace(target: HTMLElement, record: RequestRecord): void {
  const start = record.startedAt;
  const total = Math.max(record.durationMs, 0.001);
  replace(
    target,
    h('h3', {}, h('span', { class: `pill ${statusClass(record.status)}` }, record.status), ` ${record.method} ${record.path}`),
    h('table', { class: 'kv' }, row('request id', record.id), row('AWS trace id', record.traceId ?? '– (no load balancer hop)'), row('route', `${record.routeKey} (stage ${record.stage})`), row('started', clock(record.startedAt)), row('total', ms(record.durationMs))),
    h('div', { class: 'waterfall', 'data-testid': 'waterfall' }, record.hops.map((hop) => bar(hop, start, total))),
    record.hops.map((hop) => hopSection(hop)),
    record.accessLogLine ? h('details', {}, h('summary', {}, 'access-log line'), h('pre', {}, record.accessLogLine)) : null,
  );
}

function bar(hop: Hop, start: number, total: number): HTMLElement {
  const left = Math.min(100, Math.max(0, ((hop.startedAt - start) / total) * 100));
  const width = Math.max(0.5, Math.min(100 - left, (hop.durationMs / total) * 100));
  return h(
    'div',
    { class: 'bar-row' },
    h('span', { class: 'bar-label' }, hop.name),
    h('span', { class: 'bar-track' }, h('span', { class: `bar ${hop.kind}${hop.error ? ' failed' : ''}`, style: `left:${left}%;width:${width}%` })),
    h('span', { class: 'num' }, ms(hop.durationMs)),
  );
}

function hopSection(hop: Hop): HTMLElement {
  const headers = Object.entries(hop.headers ?? {});
  return h(
    'section',
    { class: `hop-detail ${hop.kind}`, 'data-hop': hop.kind },
    h('h4', {}, hop.name, hop.status !== undefined ? h('span', { class: `pill ${statusClass(hop.status)}` }, hop.status) : null, h('span', { class: 'num' }, ms(hop.durationMs))),
    h('table', { class: 'kv' }, Object.entries(hop.detail).map(([key, value]) => row(key, value))),
    hop.error ? h('p', { class: 'bad' }, hop.error) : null,
    headers.length > 0
      ? h('details', {}, h('summary', {}, `headers as the ${hop.kind === 'gateway' ? 'gateway received them' : `${hop.kind} received them`} (${headers.length})`), h('table', { class: 'kv headers' }, headers.map(([name, value]) => row(name, Array.isArray(value) ? value.join(', ') : value))))
      : null,
  );
}

function row(key: string, value: string): HTMLElement {
  return h('tr', {}, h('th', {}, key), h('td', {}, value));
}
