/**
 * ECS stops a task with SIGTERM (Ctrl-C sends SIGINT locally): run `stop` once, then exit 0, or 1
 * if stopping failed — a clean exit is what ECS and the load balancer's draining expect.
 */
import type { Logger } from 'pino';

export function exitOnStopSignal(logger: Pick<Logger, 'error'>, stop: (signal: string) => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    stop(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  process.once('SIGINT', () => onSignal('SIGINT'));
}
