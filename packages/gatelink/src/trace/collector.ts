/**
 * Listens to the data plane's hop channels while anyone wants requests (an open console stream, an
 * OpenTelemetry collector), assembles each request's record when the gateway's event ends it, keeps
 * it in the ring buffer (assembled only when looked at: ./captured.ts) and hands it to the listeners. With no one listening it unsubscribes, so the
 * data plane goes back to publishing nothing.
 */
import type { Plan } from '../plan/types.js';
import { gatewayChannel, linkChannel, ruleChannel, targetChannel } from './channels.js';
import type { GatewayRequestEvent, LinkHopEvent, RuleHopEvent, TargetHopEvent } from './channels.js';
import type { AssembleContext, PendingHops } from './assemble.js';
import { CapturedRequest } from './captured.js';
import { RequestBuffer } from './request-buffer.js';

/** Hop events waiting for their gateway event; past this many the oldest are dropped (a request whose end never came). */
const MAX_PENDING = 5_000;

export type RecordListener = (request: CapturedRequest) => void;

export class RequestCollector {
  readonly buffer: RequestBuffer<CapturedRequest>;
  private readonly context: AssembleContext;
  private readonly pending = new Map<string, PendingHops>();
  private readonly listeners = new Set<RecordListener>();
  private subscribed = false;

  constructor(plan: Plan, serviceOfTask: (taskId: string) => string | undefined, capacity?: number) {
    this.buffer = new RequestBuffer(capacity);
    this.context = { plan, serviceOfTask };
  }

  /** Starts capture for `listener`; the returned function ends it (capture stops with the last one). */
  listen(listener: RecordListener): () => void {
    this.listeners.add(listener);
    this.update();
    return () => {
      this.listeners.delete(listener);
      this.update();
    };
  }

  get capturing(): boolean {
    return this.subscribed;
  }

  close(): void {
    this.listeners.clear();
    this.update();
  }

  private update(): void {
    const wanted = this.listeners.size > 0;
    if (wanted === this.subscribed) return;
    this.subscribed = wanted;
    const method = wanted ? 'subscribe' : 'unsubscribe';
    linkChannel[method](this.onLink);
    ruleChannel[method](this.onRule);
    targetChannel[method](this.onTarget);
    gatewayChannel[method](this.onGateway);
    if (!wanted) this.pending.clear();
  }

  private hops(requestId: string): PendingHops {
    let hops = this.pending.get(requestId);
    if (!hops) {
      if (this.pending.size >= MAX_PENDING) this.pending.delete(this.pending.keys().next().value as string);
      hops = {};
      this.pending.set(requestId, hops);
    }
    return hops;
  }

  private readonly onLink = (message: unknown): void => {
    const event = message as LinkHopEvent;
    this.hops(event.requestId).link = event;
  };

  private readonly onRule = (message: unknown): void => {
    const event = message as RuleHopEvent;
    this.hops(event.requestId).rule = event;
  };

  private readonly onTarget = (message: unknown): void => {
    const event = message as TargetHopEvent;
    this.hops(event.requestId).target = event;
  };

  private readonly onGateway = (message: unknown): void => {
    const event = message as GatewayRequestEvent;
    const hops = this.pending.get(event.requestId) ?? {};
    this.pending.delete(event.requestId);
    const captured = new CapturedRequest(event, hops, this.context);
    this.buffer.add(captured);
    for (const listener of this.listeners) listener(captured);
  };
}
