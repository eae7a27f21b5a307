/**
 * The most recent requests, in a fixed-size ring: memory stays bounded however long gatelink runs
 * (the console's request list; docs/configuration.md gives what it holds at its cap).
 */
/** What the ring searches on (a captured request, or a record in tests). */
export interface Searchable {
  readonly id: string;
  readonly path: string;
  readonly routeKey: string;
  readonly status: number;
}

export const REQUEST_BUFFER_SIZE = 1_000;

export interface RequestQuery {
  /** Matches the request id, the path or the route key (substring, case-insensitive). */
  readonly text?: string;
  /** `503`, or a class: `5xx`, `4xx`. */
  readonly status?: string;
  readonly limit?: number;
}

export class RequestBuffer<T extends Searchable> {
  private readonly slots: (T | undefined)[];
  private next = 0;
  private count = 0;
  private readonly byId = new Map<string, T>();

  constructor(readonly capacity = REQUEST_BUFFER_SIZE) {
    this.slots = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  add(record: T): void {
    const evicted = this.slots[this.next];
    if (evicted) this.byId.delete(evicted.id);
    this.slots[this.next] = record;
    this.byId.set(record.id, record);
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  get(id: string): T | undefined {
    return this.byId.get(id);
  }

  /** Newest first. */
  query(query: RequestQuery = {}): T[] {
    const matches = compile(query);
    const limit = query.limit ?? this.capacity;
    const found: T[] = [];
    for (let i = 1; i <= this.count && found.length < limit; i++) {
      const record = this.slots[(this.next - i + this.capacity) % this.capacity] as T;
      if (matches(record)) found.push(record);
    }
    return found;
  }
}

function compile(query: RequestQuery): (record: Searchable) => boolean {
  const text = query.text?.trim().toLowerCase();
  const status = query.status?.trim().toLowerCase();
  const statusClass = status && /^[1-5]xx$/.test(status) ? Number(status[0]) : undefined;
  return (record) => {
    if (text && !record.id.toLowerCase().includes(text) && !record.path.toLowerCase().includes(text) && !record.routeKey.toLowerCase().includes(text)) return false;
    if (statusClass !== undefined) return Math.floor(record.status / 100) === statusClass;
    if (status) return String(record.status) === status;
    return true;
  };
}
