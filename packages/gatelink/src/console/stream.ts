/**
 * The console's one live stream (Server-Sent Events, `GET /v1/console/stream`): the page opens it
 * once and never polls. While at least one page is connected, the hub
 * - captures requests (the collector subscribes to the data plane's channels) and sends them in
 *   batches (`requests`, every 200 ms, the newest 50 at most, so a load test does not mean an event
 *   per request);
 * - sends the status (`status`: services, tasks, deployments, target and Cloud Map health) when it
 *   changed, checked twice a second;
 * - follows the services' task logs (`logs`).
 * With the last page gone all of it stops, and the data plane publishes nothing again.
 */
import type { ServerResponse } from 'node:http';
import type { Status } from '../admin/status.js';
import type { RequestCollector } from '../trace/collector.js';
import type { CapturedRequest } from '../trace/captured.js';
import type { LogTail } from './log-tail.js';

const STATUS_MS = 500;
const LOGS_MS = 1_000;
const REQUESTS_MS = 200;
const HEARTBEAT_MS = 15_000;
/**
 * The most request rows one batch carries (250 a second): under a load test the page gets the
 * newest, not every request; its search asks the server, which keeps the last 1,000.
 */
const MAX_BATCH = 50;
const INITIAL_REQUESTS = 200;

export class ConsoleStream {
  private readonly clients = new Set<ServerResponse>();
  private timers: NodeJS.Timeout[] = [];
  private stopCapture?: () => void;
  /** Requests since the last flush, summarized when sent: at most MAX_BATCH per flush, whatever the request rate. */
  private batch: CapturedRequest[] = [];
  private lastStatus = '';

  constructor(
    private readonly deps: {
      readonly status: () => Status;
      readonly collector: RequestCollector;
      readonly logs: LogTail;
    },
  ) {}

  get connected(): number {
    return this.clients.size;
  }

  open(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-content-type-options': 'nosniff' });
    res.write('retry: 1000\n\n');
    if (this.clients.size === 0) this.start();
    this.clients.add(res);
    res.once('close', () => {
      this.clients.delete(res);
      if (this.clients.size === 0) this.stop();
    });
    send(res, 'status', this.currentStatus());
    send(res, 'requests', this.deps.collector.buffer.query({ limit: INITIAL_REQUESTS }).map((captured) => captured.summary()).reverse());
    send(res, 'logs', this.deps.logs.history());
  }

  close(): void {
    for (const client of this.clients) client.end();
    this.clients.clear();
    this.stop();
  }

  private start(): void {
    this.stopCapture = this.deps.collector.listen((captured) => this.onRequest(captured));
    this.timers = [
      setInterval(() => this.pushStatus(), STATUS_MS),
      setInterval(() => void this.pushLogs(), LOGS_MS),
      setInterval(() => this.flushRequests(), REQUESTS_MS),
      setInterval(() => this.broadcastRaw(': keep-alive\n\n'), HEARTBEAT_MS),
    ];
    void this.pushLogs();
  }

  private stop(): void {
    this.stopCapture?.();
    this.stopCapture = undefined;
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    this.batch = [];
  }

  private onRequest(captured: CapturedRequest): void {
    // Only the last MAX_BATCH are sent; trimmed now and then so a burst holds no more than a few batches.
    if (this.batch.push(captured) >= 4 * MAX_BATCH) this.batch.splice(0, this.batch.length - MAX_BATCH);
  }

  private flushRequests(): void {
    if (this.batch.length === 0) return;
    const batch = this.batch.slice(-MAX_BATCH);
    this.batch = [];
    this.broadcast('requests', batch.map((captured) => captured.summary()));
  }

  private currentStatus(): Status {
    const status = this.deps.status();
    this.lastStatus = JSON.stringify(status);
    return status;
  }

  private pushStatus(): void {
    const text = JSON.stringify(this.deps.status());
    if (text === this.lastStatus) return;
    this.lastStatus = text;
    this.broadcastRaw(`event: status\ndata: ${text}\n\n`);
  }

  private async pushLogs(): Promise<void> {
    const lines = await this.deps.logs.read().catch(() => []);
    if (lines.length > 0 && this.clients.size > 0) this.broadcast('logs', lines);
  }

  private broadcast(event: string, data: unknown): void {
    this.broadcastRaw(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  private broadcastRaw(text: string): void {
    for (const client of this.clients) client.write(text);
  }
}

function send(res: ServerResponse, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}
