/**
 * zod for gatelink's option and config schemas: the `zod/mini` API with zod's English messages.
 * Mini, not classic: classic cannot be tree-shaken and took ~0.17 s to load on every `gatelink up`,
 * before anything else could start; mini, bundled into the CLI, ~10 ms. Same validation, same words.
 * Import it as a namespace (`import * as z from '../zod.js'`): members used as `z.string` let the
 * bundler keep only those, where a namespace object passed around would keep all of zod.
 */
import { config } from 'zod/mini';
import { en } from 'zod/locales';

config(en());

export * from 'zod/mini';
