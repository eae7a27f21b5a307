/**
 * The long-poll loop: receive up to 10 messages (waiting up to 20 s), process each, store its result
 * once, delete it. A message that fails is not deleted: it comes back after a short backoff, and SQS
 * moves it to the dead-letter queue once it has been received maxReceiveCount times. `stop()` ends
 * the current long poll at once and resolves when the messages in hand are finished, so SIGTERM
 * never abandons work half done (what is not finished is redelivered anyway).
 */
import { ChangeMessageVisibilityCommand, DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Message } from '@aws-sdk/client-sqs';
import type { Logger } from 'pino';
import { PoisonMessageError, parseJob, resultOf } from './message.js';
import type { ResultStore } from './results.js';

export interface WorkerOptions {
  readonly queueUrl: string;
  readonly results: ResultStore;
  readonly logger: Logger;
  readonly sqs?: SQSClient;
  /** Seconds a failed message stays invisible before its next attempt (default 1). */
  readonly retryAfterSeconds?: number;
  /** Long-poll wait (default 20, SQS's maximum). */
  readonly waitTimeSeconds?: number;
}

export class Worker {
  private readonly sqs: SQSClient;
  private readonly stopping = new AbortController();
  private loop: Promise<void> | undefined;
  processed = 0;
  /** Messages received and not yet finished. */
  inHand = 0;

  constructor(private readonly options: WorkerOptions) {
    this.sqs = options.sqs ?? new SQSClient({});
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Ends the long poll, finishes the messages in hand, resolves when the loop has ended. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      let messages: Message[];
      try {
        messages = await this.receive();
      } catch (error) {
        if (this.stopping.signal.aborted) break;
        this.options.logger.error({ err: error }, 'receive failed; retrying in 1 s');
        await new Promise((resolve) => setTimeout(resolve, 1000));
        continue;
      }
      this.inHand += messages.length;
      await Promise.all(messages.map((message) => this.handle(message).finally(() => this.inHand--)));
    }
  }

  private async receive(): Promise<Message[]> {
    const { Messages = [] } = await this.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: this.options.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: this.options.waitTimeSeconds ?? 20, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }),
      { abortSignal: this.stopping.signal },
    );
    return Messages;
  }

  private async handle(message: Message): Promise<void> {
    const id = message.MessageId ?? '';
    const receiveCount = Number(message.Attributes?.ApproximateReceiveCount ?? 1);
    try {
      const job = parseJob(message.Body ?? '');
      if (job.workMs > 0) await new Promise((resolve) => setTimeout(resolve, job.workMs));
      const stored = await this.options.results.putOnce(resultOf(id, job, receiveCount));
      this.options.logger.info({ messageId: id, receiveCount, stored }, stored ? 'processed' : 'already processed: result kept, message deleted');
      await this.sqs.send(new DeleteMessageCommand({ QueueUrl: this.options.queueUrl, ReceiptHandle: message.ReceiptHandle }));
      this.processed++;
    } catch (error) {
      const poison = error instanceof PoisonMessageError;
      this.options.logger.warn({ messageId: id, receiveCount, reason: error instanceof Error ? error.message : String(error) }, poison ? 'cannot process: left for the dead-letter queue' : 'failed; will retry');
      await this.retryLater(message);
    }
  }

  /** Shortens the visibility timeout so the next attempt (or the move to the DLQ) comes soon. */
  private async retryLater(message: Message): Promise<void> {
    try {
      await this.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: this.options.queueUrl, ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: this.options.retryAfterSeconds ?? 1 }));
    } catch (error) {
      this.options.logger.warn({ err: error }, 'could not shorten the visibility timeout; the message returns after the queue’s');
    }
  }

  close(): void {
    this.sqs.destroy();
  }
}
