/**
 * The gatelink console: one page, five views (topology, requests, services, logs, data), fed by one
 * Server-Sent Events stream and a few JSON reads. The URL hash names the view (`#/requests`), so a
 * view can be linked to and reloaded.
 */
import './style.css';
import { getJson, openStream } from './api.js';
import { h, replace } from './dom.js';
import { Store } from './store.js';
import type { LogLine, RequestSummary, Status, Topology } from './types.js';
import { DataView } from './views/data.js';
import { LogsView } from './views/logs.js';
import { RequestsView } from './views/requests.js';
import { ServicesView } from './views/services.js';
import { TopologyView } from './views/topology.js';

interface View {
  readonly element: HTMLElement;
  update(): void;
  shown?(): void;
}

const store = new Store();
const views: Record<string, { title: string; view: View }> = {
  topology: { title: 'Topology', view: new TopologyView(store) },
  requests: { title: 'Requests', view: new RequestsView(store) },
  services: { title: 'Services', view: new ServicesView(store) },
  logs: { title: 'Logs', view: new LogsView(store) },
  data: { title: 'Data', view: new DataView() },
};

const nav = h('nav', { class: 'tabs' });
const main = h('main');
const connection = h('span', { class: 'connection', 'data-testid': 'connection' }, 'connecting…');
const endpoints = h('span', { class: 'endpoints' });
document.querySelector('#app')?.append(h('header', {}, h('h1', {}, 'gatelink', h('span', {}, ' console')), nav, endpoints, connection), main);

function current(): string {
  const name = location.hash.replace(/^#\/?/, '').split('/')[0] ?? '';
  return name in views ? name : 'topology';
}

function show(): void {
  const name = current();
  replace(nav, ...Object.entries(views).map(([key, { title }]) => h('a', { href: `#/${key}`, class: key === name ? 'active' : '', 'data-view': key }, title)));
  const entry = views[name];
  if (!entry) return;
  replace(main, entry.view.element);
  entry.view.shown?.();
  entry.view.update();
}

store.subscribe(() => {
  connection.textContent = store.connected ? '● live' : '○ reconnecting…';
  connection.className = `connection ${store.connected ? 'live' : 'down'}`;
  if (store.status) replace(endpoints, 'HTTP API ', h('code', {}, store.status.endpoints.gateway));
  views[current()]?.view.update();
});

window.addEventListener('hashchange', show);
show();
void getJson<Topology>('/v1/console/topology').then((topology) => store.setTopology(topology));
openStream(
  {
    status: (data) => store.setStatus(data as Status),
    requests: (data) => store.addRequests(data as RequestSummary[]),
    logs: (data) => store.addLogs(data as LogLine[]),
  },
  (connected) => store.setConnected(connected),
);
