/**
 * REST APIs buffer the request: templates, validators and parameter mappings read the whole body.
 * Past the payload quota the rest is read and dropped (so the 413 can still be written on the same
 * socket) and the caller answers REQUEST_TOO_LARGE.
 */
import type { IncomingMessage } from 'node:http';

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large' | 'incomplete'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        return;
      }
      if (!over) chunks.push(chunk);
    };
    const finish = (): void => {
      req.off('data', onData);
      req.off('end', finish);
      req.off('close', finish);
      req.off('error', finish);
      // A client gone mid-body leaves a truncated body: it must never be sent on as if whole.
      resolve(over ? 'too-large' : req.complete ? Buffer.concat(chunks) : 'incomplete');
    };
    req.on('data', onData);
    req.once('end', finish);
    req.once('close', finish);
    req.once('error', finish);
  });
}
