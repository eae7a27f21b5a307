/** What book-service and author-service share. */
export { buildApp, KEEP_ALIVE_TIMEOUT_MS } from './app.js';
export type { Item, ResourceDefinition } from './definition.js';
export { HttpError } from './http-error.js';
export { DEFAULT_LIMIT, MAX_LIMIT } from './pagination.js';
export { COUNTER_ID, Repository } from './repository.js';
export { runService } from './server.js';
export { seed } from './seed.js';
export { exitOnStopSignal } from './stop-signals.js';
