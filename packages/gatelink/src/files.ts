/** Small file-system reads shared by the log keepers. */
import { statSync } from 'node:fs';
import type { Stats } from 'node:fs';

/** The file's stats, or undefined when it does not exist (yet, or any more) or cannot be read. */
export function statIfPresent(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}
