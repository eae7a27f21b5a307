/** Read-only data browsing: the embedded DynamoDB's tables (a page of a scan, one item by key); queues once the system has them. */
import { getJson } from '../api.js';
import { h, replace } from '../dom.js';

interface TableInfo { name: string; keys: { name: string; type: string }[] }
interface Page { items: Record<string, unknown>[]; next?: string; count: number }

export class DataView {
  readonly element = h('section', { class: 'view data' });
  private readonly list = h('ul', { class: 'table-list', 'data-testid': 'tables' });
  private readonly body = h('div', { class: 'table-body' });
  private readonly queues = h('div', { class: 'queues', 'data-testid': 'queues' });
  private loaded = false;

  constructor() {
    this.element.append(h('div', { class: 'split' }, h('div', {}, h('h3', {}, 'DynamoDB tables'), this.list, h('h3', {}, 'Queues'), this.queues), this.body));
  }

  update(): void {}

  shown(): void {
    if (this.loaded) return;
    this.loaded = true;
    void getJson<{ tables: TableInfo[] }>('/v1/console/tables').then(({ tables }) => {
      replace(this.list, tables.length === 0 ? h('li', { class: 'muted' }, 'no tables') : tables.map((table) => h('li', {}, h('a', { href: '#/data', 'data-table': table.name, onclick: (event: Event) => { event.preventDefault(); void this.open(table); } }, table.name))));
      if (tables[0]) void this.open(tables[0]);
    });
    void getJson<{ queues: { name: string; visible: number; inFlight: number }[]; note?: string }>('/v1/console/queues').then(({ queues, note }) =>
      replace(this.queues, queues.length === 0 ? h('p', { class: 'muted' }, note ?? 'no queues') : h('ul', {}, queues.map((queue) => h('li', {}, `${queue.name}: ${queue.visible} visible, ${queue.inFlight} in flight`)))),
    );
  }

  private async open(table: TableInfo, start?: string): Promise<void> {
    const page = await getJson<Page>(`/v1/console/tables/${encodeURIComponent(table.name)}/scan?limit=25${start ? `&start=${encodeURIComponent(start)}` : ''}`);
    const keyInput = h('input', { type: 'text', class: 'mono', value: JSON.stringify(Object.fromEntries(table.keys.map((key) => [key.name, page.items[0]?.[key.name] ?? '']))), 'aria-label': 'key as JSON' });
    const result = h('pre', { class: 'item' });
    const get = (event: Event) => {
      event.preventDefault();
      getJson<{ item: unknown }>(`/v1/console/tables/${encodeURIComponent(table.name)}/item?key=${encodeURIComponent(keyInput.value)}`).then(
        (found) => (result.textContent = JSON.stringify(found.item, null, 2)),
        (error: unknown) => (result.textContent = String(error)),
      );
    };
    const next = page.next;
    replace(
      this.body,
      h('h3', {}, table.name, h('span', { class: 'muted' }, ` key: ${table.keys.map((key) => `${key.name} (${key.type})`).join(', ')} · read-only`)),
      h('form', { class: 'toolbar', onsubmit: get }, h('label', {}, 'Get by key '), keyInput, h('button', { type: 'submit' }, 'Get')),
      result,
      itemsTable(page.items),
      h('div', { class: 'toolbar' }, h('span', { class: 'muted' }, `${page.count} items on this page`), next ? h('button', { type: 'button', onclick: () => void this.open(table, next) }, 'Next page') : null),
    );
  }
}

function itemsTable(items: Record<string, unknown>[]): HTMLElement {
  const columns = [...new Set(items.flatMap((item) => Object.keys(item)))].slice(0, 8);
  return h('table', { class: 'grid', 'data-testid': 'items' }, h('thead', {}, h('tr', {}, columns.map((column) => h('th', {}, column)))), h('tbody', {}, items.map((item) => h('tr', {}, columns.map((column) => h('td', {}, format(item[column])))))));
}

function format(value: unknown): string {
  if (value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}
