/**
 * What makes one resource service different from another: its name, its table, the JSON schema of
 * its items, and the seed data of the original sample. Everything else is shared.
 */
export interface ResourceDefinition {
  /** Plural path segment: `books` serves `/api/books`. */
  readonly resource: string;
  /** Environment variable holding the DynamoDB table name. */
  readonly tableEnv: string;
  /** JSON schema `properties` of an item's writable fields (id and version are managed). */
  readonly properties: Readonly<Record<string, object>>;
  /** Fields a create or a replace must carry. */
  readonly required: readonly string[];
  /** The original sample's items, written once on first start. */
  readonly seed: readonly Readonly<Record<string, unknown>>[];
}

/** What clients see: the writable fields plus the managed `id` and `version`. */
export type Item = Record<string, unknown> & { id: number; version: number };
