/**
 * What asks `gatelink up` to stop: SIGINT (Ctrl-C), SIGTERM (supervisors, `kill`, npm passing on its
 * own), SIGHUP (a closed terminal), and the parent process going away (npm killed by a signal it does
 * not pass on, or the `sh -c` that `npx` runs us under killed by one it does): the first one starts a
 * graceful stop; a second one, later than DUPLICATE_WINDOW_MS, forces it.
 */
import { watchParent } from './parent-watch.js';

export const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * One Ctrl-C reaches gatelink twice: from the terminal (to the whole foreground group) and from npm,
 * which passes SIGINT and SIGTERM on to its script. Copies this close together are one request.
 */
export const DUPLICATE_WINDOW_MS = 1_000;

export type StopCause = NodeJS.Signals | 'parent exited';

export interface StopRequests {
  /** The first request: the graceful stop starts. */
  readonly requested: Promise<StopCause>;
  /** A second, distinct request: stop waiting and kill what is left. */
  readonly forced: Promise<StopCause>;
  /** Removes the handlers (for tests and in-process use). */
  dispose(): void;
}

export interface StopRequestOptions {
  readonly watchParent?: boolean;
  readonly parentPollMs?: number;
  readonly now?: () => number;
}

export function listenForStopRequests(options: StopRequestOptions = {}): StopRequests {
  const now = options.now ?? Date.now;
  let firstAt: number | undefined;
  let resolveRequested!: (cause: StopCause) => void;
  let resolveForced!: (cause: StopCause) => void;
  const requested = new Promise<StopCause>((resolve) => (resolveRequested = resolve));
  const forced = new Promise<StopCause>((resolve) => (resolveForced = resolve));
  const onRequest = (cause: StopCause): void => {
    if (firstAt === undefined) {
      firstAt = now();
      resolveRequested(cause);
    } else if (now() - firstAt > DUPLICATE_WINDOW_MS) {
      resolveForced(cause);
    }
  };
  const handlers = STOP_SIGNALS.map((signal) => [signal, () => onRequest(signal)] as const);
  for (const [signal, handler] of handlers) process.on(signal, handler);
  const unwatch = options.watchParent === false ? () => undefined : watchParent(() => onRequest('parent exited'), options.parentPollMs);
  return {
    requested,
    forced,
    dispose: () => {
      unwatch();
      for (const [signal, handler] of handlers) process.off(signal, handler);
    },
  };
}
