/**
 * The most recent requests (gatelink keeps the last 1,000 while a console is open), newest first,
 * searchable by request id, path or route and by status; each row shows the time spent in each hop,
 * and opens as a trace.
 */
import { getJson } from '../api.js';
import { clock, h, ms, replace, statusClass } from '../dom.js';
import type { Store } from '../store.js';
import type { HopSummary, RequestRecord, RequestSummary } from '../types.js';
import { renderTrace } from './trace.js';

const SHOWN = 300;
const HOP_LABELS: Record<string, string> = { gateway: 'gateway', link: 'VPC link', loadBalancer: 'load balancer', task: 'task' };

export class RequestsView {
  readonly element = h('section', { class: 'view requests' });
  private readonly search = h('input', { type: 'search', placeholder: 'request id, path or route', 'data-testid': 'request-search', 'aria-label': 'search requests' });
  private readonly status = h('select', { 'aria-label': 'status', 'data-testid': 'status-filter' }, ['', '2xx', '3xx', '4xx', '5xx'].map((value) => h('option', { value }, value || 'any status')));
  private readonly count = h('span', { class: 'muted' });
  private readonly rows = h('tbody');
  private readonly trace = h('aside', { class: 'trace', 'data-testid': 'trace' });
  private openId: string | undefined;
  /** What the server found for the current search (it keeps the last 1,000; the stream sends only the newest under load). */
  private found: RequestSummary[] | undefined;
  private searchTimer: number | undefined;

  constructor(private readonly store: Store) {
    this.search.addEventListener('input', () => this.searchSoon());
    this.status.addEventListener('change', () => this.searchSoon());
    this.element.append(
      h('div', { class: 'toolbar' }, this.search, this.status, this.count),
      h('div', { class: 'split' }, h('div', { class: 'list' }, h('table', { class: 'grid', 'data-testid': 'request-list' }, h('thead', {}, h('tr', {}, ['time', 'method', 'path', 'status', 'total', 'per hop'].map((title) => h('th', {}, title)))), this.rows)), this.trace),
    );
    replace(this.trace, h('p', { class: 'muted' }, 'Select a request to see its trace: every hop, what it decided, and the headers as it saw them.'));
  }

  update(): void {
    const filter = matcher(this.search.value, this.status.value);
    // Server results first, then what arrived since, newest first.
    const fresh = this.store.requests.filter(filter);
    const known = new Set(fresh.map((request) => request.id));
    const found = this.found ? [...fresh, ...this.found.filter((request) => !known.has(request.id))] : fresh;
    this.count.textContent = `${found.length} of ${this.store.requests.length} requests${this.store.connected ? '' : ' (stream disconnected)'}`;
    replace(this.rows, found.slice(0, SHOWN).map((request) => this.row(request)));
  }

  /** A search asks the server (an explicit action, debounced), not just the rows the page has. */
  private searchSoon(): void {
    window.clearTimeout(this.searchTimer);
    this.update();
    if (!this.search.value.trim() && !this.status.value) {
      this.found = undefined;
      return;
    }
    this.searchTimer = window.setTimeout(() => {
      const query = new URLSearchParams({ q: this.search.value.trim(), status: this.status.value, limit: '300' });
      void getJson<{ requests: RequestSummary[] }>(`/v1/console/requests?${query.toString()}`).then(({ requests }) => {
        this.found = requests;
        this.update();
      });
    }, 250);
  }

  private row(request: RequestSummary): HTMLElement {
    const open = () => void this.open(request.id);
    return h(
      'tr',
      { class: `${this.openId === request.id ? 'selected' : ''}`, 'data-request-id': request.id, onclick: open },
      h('td', { class: 'mono' }, clock(request.startedAt)),
      h('td', {}, request.method),
      h('td', { class: 'mono path' }, request.path),
      h('td', {}, h('span', { class: `pill ${statusClass(request.status)}` }, request.status)),
      h('td', { class: 'num' }, ms(request.durationMs)),
      h('td', { class: 'hops', 'data-testid': 'hop-timings' }, hopTimings(request.hops).map(({ hop, self }) => h('span', { class: `hop ${hop.kind}${hop.error ? ' failed' : ''}`, title: hop.name }, `${HOP_LABELS[hop.kind] ?? hop.kind} ${ms(self)}`))),
    );
  }

  private async open(id: string): Promise<void> {
    this.openId = id;
    this.update();
    try {
      renderTrace(this.trace, await getJson<RequestRecord>(`/v1/console/requests/${encodeURIComponent(id)}`));
    } catch (error) {
      replace(this.trace, h('p', { class: 'bad' }, String(error)));
    }
  }
}

/** Hops are nested (the gateway's time includes the link's, which includes the load balancer's…): each hop's own share. */
export function hopTimings(hops: HopSummary[]): { hop: HopSummary; self: number }[] {
  return hops.map((hop, index) => {
    const inner = hops[index + 1];
    return { hop, self: Math.max(0, hop.durationMs - (inner?.durationMs ?? 0)) };
  });
}

function matcher(text: string, status: string): (request: RequestSummary) => boolean {
  const needle = text.trim().toLowerCase();
  return (request) => {
    if (needle && !request.id.toLowerCase().includes(needle) && !request.path.toLowerCase().includes(needle) && !request.routeKey.toLowerCase().includes(needle)) return false;
    if (status) return String(request.status).startsWith(status[0] ?? '');
    return true;
  };
}
