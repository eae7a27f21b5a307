/**
 * What a message asks for and what its result is. A message is JSON `{ "text": string, "workMs"?: n }`;
 * one marked `"poison": true` (or that is not such JSON at all) can never be processed: it fails on
 * every receive until SQS moves it to the dead-letter queue.
 */

export interface Job {
  readonly text: string;
  /** Simulated work, so a test can stop the service while it holds a message. */
  readonly workMs: number;
}

export interface Result {
  /** The SQS message id: one message, one result, however often it is delivered. */
  readonly id: string;
  readonly text: string;
  readonly words: number;
  readonly upper: string;
  readonly receiveCount: number;
  readonly processedAt: string;
}

/** Always thrown for a message that will never succeed. */
export class PoisonMessageError extends Error {
  override readonly name = 'PoisonMessageError';
}

const MAX_WORK_MS = 10_000;

export function parseJob(body: string): Job {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new PoisonMessageError('the body is not JSON');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new PoisonMessageError('the body is not a JSON object');
  const job = value as { text?: unknown; workMs?: unknown; poison?: unknown };
  if (job.poison === true) throw new PoisonMessageError('the message is marked poison');
  if (typeof job.text !== 'string' || job.text.length === 0) throw new PoisonMessageError('text must be a non-empty string');
  const workMs = job.workMs === undefined ? 0 : Number(job.workMs);
  if (!Number.isInteger(workMs) || workMs < 0 || workMs > MAX_WORK_MS) throw new PoisonMessageError(`workMs must be an integer from 0 to ${MAX_WORK_MS}`);
  return { text: job.text, workMs };
}

export function resultOf(id: string, job: Job, receiveCount: number, now = new Date()): Result {
  return {
    id,
    text: job.text,
    words: job.text.trim().split(/\s+/).filter(Boolean).length,
    upper: job.text.toUpperCase(),
    receiveCount,
    processedAt: now.toISOString(),
  };
}
