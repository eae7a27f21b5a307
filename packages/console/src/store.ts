/** What the page knows, fed by the stream; views subscribe and re-render on the next animation frame. */
import type { LogLine, RequestSummary, Status, Topology } from './types.js';

const MAX_REQUESTS = 1_000;
const MAX_LOG_LINES = 2_000;

export class Store {
  status: Status | undefined;
  topology: Topology | undefined;
  requests: RequestSummary[] = [];
  logs: LogLine[] = [];
  connected = false;
  private readonly listeners = new Set<() => void>();
  private scheduled = false;

  subscribe(listener: () => void): void {
    this.listeners.add(listener);
  }

  setStatus(status: Status): void {
    this.status = status;
    this.changed();
  }

  setTopology(topology: Topology): void {
    this.topology = topology;
    this.changed();
  }

  addRequests(batch: RequestSummary[]): void {
    const known = new Set(this.requests.map((request) => request.id));
    this.requests = [...batch.filter((request) => !known.has(request.id)).reverse(), ...this.requests].slice(0, MAX_REQUESTS);
    this.changed();
  }

  addLogs(lines: LogLine[]): void {
    this.logs = [...this.logs, ...lines].slice(-MAX_LOG_LINES);
    this.changed();
  }

  setConnected(connected: boolean): void {
    this.connected = connected;
    this.changed();
  }

  changed(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => {
      this.scheduled = false;
      for (const listener of this.listeners) listener();
    });
  }
}
