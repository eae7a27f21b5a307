/**
 * Notices that the process which started gatelink has gone: its parent pid changes (to init or a
 * subreaper). That is the only sign left when npm dies of a signal it does not pass on (SIGHUP), or
 * when the `sh -c` npm wraps a command in dies of one it does (dash does not exec a lone command).
 * Linux offers no event for this to Node (prctl(PR_SET_PDEATHSIG) needs native code), so it polls:
 * one getppid() per interval, on an unref'd timer. stdin is not watched instead: under a supervisor it
 * is often /dev/null (closed from the start), and reading a terminal from a background job stops the
 * process (SIGTTIN).
 */
const DEFAULT_POLL_MS = 250;

/** Started by a process that is already init (a container's PID 1 starter, `setsid … &`): nothing to watch. */
export function watchParent(onGone: () => void, pollMs = DEFAULT_POLL_MS, readParent: () => number = () => process.ppid): () => void {
  const original = readParent();
  if (original <= 1) return () => undefined;
  const timer = setInterval(() => {
    if (readParent() === original) return;
    clearInterval(timer);
    onGone();
  }, pollMs);
  timer.unref();
  return () => clearInterval(timer);
}
