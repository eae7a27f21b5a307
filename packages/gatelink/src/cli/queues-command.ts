/** `gatelink queues peek <queue>`: a queue's messages, read from the running gatelink without consuming them. */
import type { PeekedMessage } from '../engines/sqs/inspect.js';
import { GatelinkError } from '../errors.js';
import { DEFAULTS } from './options.js';

export interface PeekFlags {
  readonly adminPort?: string;
  readonly limit?: string;
  readonly json?: boolean;
}

export async function runPeek(queue: string, flags: PeekFlags): Promise<number> {
  const port = Number(flags.adminPort ?? process.env.GATELINK_ADMIN_PORT ?? DEFAULTS.adminPort);
  const url = `http://${DEFAULTS.host}:${port}/v1/queues/${encodeURIComponent(queue)}/messages?limit=${Number(flags.limit ?? 10)}`;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  } catch (error) {
    throw new GatelinkError('GL_ERR_ADMIN_UNREACHABLE', { url, detail: error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error) });
  }
  const body = (await response.json()) as { messages?: PeekedMessage[]; message?: string };
  if (!response.ok || !body.messages) {
    process.stderr.write(`gatelink: ${body.message ?? `admin API answered ${response.status}`}\n`);
    return 1;
  }
  process.stdout.write(flags.json ? `${JSON.stringify(body.messages, null, 2)}\n` : renderPeek(body.messages));
  return 0;
}

export function renderPeek(messages: readonly PeekedMessage[]): string {
  if (messages.length === 0) return '(no messages)\n';
  return `${messages
    .map((message) => {
      const when = message.visibleAt ? `  visible at ${message.visibleAt}` : '';
      const group = message.messageGroupId ? `  group ${message.messageGroupId}` : '';
      return `${message.state.padEnd(9)}  ${message.messageId}  received ${message.receiveCount}×  sent ${message.sentAt}${group}${when}\n  ${message.body.slice(0, 500)}`;
    })
    .join('\n')}\n`;
}
