/**
 * One captured request as the ring keeps it: the hops' events as they were published (headers by
 * reference, not copied), assembled into the record the console shows only when someone looks —
 * a trace opened, a row sent to a page (bounded per batch), a span exported. So an open console
 * costs the data plane an object and a map entry per request, whatever the request rate.
 */
import { assembleRecord } from './assemble.js';
import type { AssembleContext, PendingHops } from './assemble.js';
import type { GatewayRequestEvent } from './channels.js';
import { summarize } from './record.js';
import type { RequestRecord, RequestSummary } from './record.js';

export class CapturedRequest {
  private assembled?: RequestRecord;

  constructor(
    readonly gateway: GatewayRequestEvent,
    readonly hops: PendingHops,
    private readonly context: AssembleContext,
  ) {}

  get id(): string {
    return this.gateway.requestId;
  }

  get path(): string {
    return this.gateway.path;
  }

  get routeKey(): string {
    return this.gateway.routeKey;
  }

  get status(): number {
    return this.gateway.status;
  }

  /** The full record, headers redacted; assembled once. */
  record(): RequestRecord {
    return (this.assembled ??= assembleRecord(this.gateway, this.hops, this.context));
  }

  /** A list row: no headers, so nothing to copy or redact. */
  summary(): RequestSummary {
    return summarize(this.assembled ?? assembleRecord(this.gateway, this.hops, this.context, { headers: false }));
  }
}
