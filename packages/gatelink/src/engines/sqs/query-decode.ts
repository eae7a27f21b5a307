/**
 * SQS's query protocol (`Action=SendMessage&QueueUrl=…&MessageAttribute.1.Name=…`, form-encoded, as
 * API Gateway's SQS integration and older SDKs send it) turned into the JSON protocol's input, so
 * one engine serves both. Names follow the SQS API reference: flattened lists are `Name.N`, maps
 * are lists of `{Name, Value}` (`{Key, Value}` for tags).
 */

/** Query list name → JSON member name (Maps: a parameter named `__proto__` must find nothing here). */
const LISTS: ReadonlyMap<string, string> = new Map([
  ['AttributeName', 'AttributeNames'],
  ['MessageAttributeName', 'MessageAttributeNames'],
  ['MessageSystemAttributeName', 'MessageSystemAttributeNames'],
  ['TagKey', 'TagKeys'],
  ['SendMessageBatchRequestEntry', 'Entries'],
  ['DeleteMessageBatchRequestEntry', 'Entries'],
  ['ChangeMessageVisibilityBatchRequestEntry', 'Entries'],
]);

/** Query map name → [JSON member name, key field]. */
const MAPS: ReadonlyMap<string, readonly [string, string]> = new Map([
  ['MessageAttribute', ['MessageAttributes', 'Name']],
  ['MessageSystemAttribute', ['MessageSystemAttributes', 'Name']],
  ['Attribute', ['Attributes', 'Name']],
  ['Tag', ['Tags', 'Key']],
]);

const NUMBERS = new Set(['DelaySeconds', 'MaxNumberOfMessages', 'VisibilityTimeout', 'WaitTimeSeconds', 'MaxResults']);

type Tree = Map<string, Tree | string>;

export interface QueryRequest {
  readonly action: string;
  /** The JSON protocol's input for the action. */
  readonly input: Record<string, unknown>;
}

/** Decodes a query-protocol request. Parameters come from the URL's query string and the form body (the body wins). */
export function decodeQuery(params: URLSearchParams): QueryRequest {
  const tree: Tree = new Map();
  for (const [key, value] of params) insert(tree, key.split('.'), value);
  const action = tree.get('Action');
  tree.delete('Action');
  tree.delete('Version');
  const input = convert(tree) as Record<string, unknown>;
  // CreateQueue's JSON member for tags is lower-case `tags`.
  if (action === 'CreateQueue' && input.Tags !== undefined) {
    input.tags = input.Tags;
    delete input.Tags;
  }
  return { action: typeof action === 'string' ? action : '', input };
}

function insert(tree: Tree, path: readonly string[], value: string): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    tree.set(head, value);
    return;
  }
  let child = tree.get(head);
  if (typeof child !== 'object') tree.set(head, (child = new Map()));
  insert(child, rest, value);
}

/** A tree whose keys are all positive integers is a list, ordered by index. */
function isList(tree: Tree): boolean {
  return tree.size > 0 && [...tree.keys()].every((key) => /^[1-9]\d*$/.test(key));
}

function ordered(tree: Tree): (Tree | string)[] {
  return [...tree.entries()].sort(([a], [b]) => Number(a) - Number(b)).map(([, value]) => value);
}

function convert(node: Tree | string, name?: string): unknown {
  if (typeof node === 'string') return name !== undefined && NUMBERS.has(name) && /^-?\d+$/.test(node) ? Number(node) : node;
  if (isList(node)) return ordered(node).map((item) => convert(item));
  const out: Record<string, unknown> = {};
  for (const [key, value] of node) {
    const map = MAPS.get(key);
    if (map && typeof value === 'object' && isList(value)) put(out, map[0], toRecord(ordered(value), map[1]));
    else put(out, LISTS.get(key) ?? key, convert(value, key));
  }
  return out;
}

/** `[{Name: n, Value: v}]` → `{n: v}` (Value may itself be a structure, as message attributes are). */
function toRecord(entries: readonly (Tree | string)[], keyField: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const entry of entries) {
    if (typeof entry === 'string') continue;
    const key = entry.get(keyField);
    const value = entry.get('Value');
    if (typeof key === 'string' && value !== undefined) put(out, key, convert(value));
  }
  return out;
}

/** Sets an own property even for names like `__proto__`, which plain assignment would treat specially. */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
