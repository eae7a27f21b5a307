/**
 * "Stop working on this request": the client went away, the integration timed out, the body went
 * over its quota. The hops only need `aborted`, `reason` and an abort listener — the part of
 * `AbortSignal` they use. `AbortController` costs ~5 µs to create and as much again per listener
 * (it is an EventTarget), which at thousands of requests a second through one process was a
 * visible share of the gateway's CPU; this is a field and an array. An `AbortSignal` still fits
 * wherever a `CancelSignal` is asked for.
 */

export interface CancelSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export class Cancellation implements CancelSignal {
  aborted = false;
  reason: Error | undefined;
  private listeners: (() => void)[] | undefined;

  /** Marks the work aborted and calls each listener once; later calls change nothing. */
  abort(reason: Error): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const listeners = this.listeners;
    this.listeners = undefined;
    if (listeners) for (const listener of listeners) listener();
  }

  addEventListener(_type: 'abort', listener: () => void): void {
    if (!this.aborted) (this.listeners ??= []).push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const at = this.listeners?.indexOf(listener) ?? -1;
    if (at !== -1) this.listeners?.splice(at, 1);
  }
}
