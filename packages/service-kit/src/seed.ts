/**
 * First-start seeding: the original sample's items, each written only if its id is free, and the id
 * counter started past them — idempotent, and safe when several tasks start at once.
 */
import type { ResourceDefinition } from './definition.js';
import type { Repository } from './repository.js';
import { COUNTER_ID } from './repository.js';

export async function seed(repository: Repository, definition: ResourceDefinition): Promise<number> {
  // The counter is written last: if it exists, an earlier start finished seeding (one read, not seven writes).
  if (await repository.hasCounter()) return 0;
  let written = 0;
  for (const item of definition.seed) {
    if (await repository.putIfAbsent({ ...item, version: 1 })) written += 1;
  }
  const highest = Math.max(0, ...definition.seed.map((item) => Number(item.id)));
  await repository.putIfAbsent({ id: COUNTER_ID, seq: highest });
  return written;
}
