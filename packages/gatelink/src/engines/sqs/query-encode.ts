/**
 * The JSON protocol's answer rendered as the query protocol's: XML by default
 * (`<SendMessageResponse><SendMessageResult>…</SendMessageResult><ResponseMetadata>…`), or the same
 * structure as JSON when the caller asks for `application/json`, as API Gateway's SQS integration
 * does. Undocumented: the JSON variant's exact shape; this follows the XML element for element and
 * gives absent optional members of SendMessage as null, as observed responses show.
 */
import { XMLBuilder } from 'fast-xml-parser';

const NAMESPACE = 'http://queue.amazonaws.com/doc/2012-11-05/';
const builder = new XMLBuilder({ ignoreAttributes: false, suppressEmptyNode: false, processEntities: true });

type Json = Record<string, unknown>;

/** JSON member → [query element, how each entry of a map is written]. */
const RENAMES: ReadonlyMap<string, string> = new Map([['Messages', 'Message'], ['QueueUrls', 'QueueUrl'], ['Failed', 'BatchResultErrorEntry']]);
const MAP_MEMBERS: ReadonlyMap<string, readonly [string, string]> = new Map([
  ['Attributes', ['Attribute', 'Name']],
  ['MessageAttributes', ['MessageAttribute', 'Name']],
  ['Tags', ['Tag', 'Key']],
]);
/** SendMessage members that the JSON variant gives as null when absent (observed). */
const SEND_MESSAGE_NULLS = ['MD5OfMessageAttributes', 'MD5OfMessageBody', 'MD5OfMessageSystemAttributes', 'MessageId', 'SequenceNumber'];

/**
 * AWS's common errors carry no `AWS.SimpleQueueService.` prefix in the query protocol
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/CommonErrors.html); fauxqs
 * prefixes every code in its x-amzn-query-error header.
 */
const COMMON_ERRORS = new Set(['AccessDenied', 'IncompleteSignature', 'InternalFailure', 'InvalidAction', 'InvalidClientTokenId', 'InvalidParameterCombination', 'InvalidParameterValue', 'InvalidQueryParameter', 'MalformedQueryString', 'MissingAction', 'MissingAuthenticationToken', 'MissingParameter', 'NotAuthorized', 'OptInRequired', 'RequestExpired', 'ServiceUnavailable', 'ThrottlingException', 'ValidationError']);

export interface Encoded {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

export function wantsJson(accept: string | undefined): boolean {
  return (accept ?? '').split(',')[0]?.trim().toLowerCase().startsWith('application/json') ?? false;
}

export function encodeResult(action: string, result: Json, requestId: string, json: boolean): Encoded {
  const members = queryMembers(action, result);
  if (json) {
    if (action === 'SendMessage') for (const name of SEND_MESSAGE_NULLS) members[name] ??= null;
    const body = { [`${action}Response`]: { [`${action}Result`]: members, ResponseMetadata: { RequestId: requestId } } };
    return { status: 200, contentType: 'application/json', body: JSON.stringify(body) };
  }
  const xml = { [`${action}Response`]: { '@_xmlns': NAMESPACE, [`${action}Result`]: members, ResponseMetadata: { RequestId: requestId } } };
  return { status: 200, contentType: 'text/xml', body: `<?xml version="1.0"?>${builder.build(xml) as string}` };
}

/**
 * An error of the JSON protocol (`x-amzn-query-error: AWS.SimpleQueueService.NonExistentQueue;Sender`
 * and `{"__type": …, "message": …}`) as the query protocol's ErrorResponse.
 */
export function encodeError(status: number, queryError: string | undefined, payload: Json, requestId: string, json: boolean): Encoded {
  const [prefixed, type] = (queryError ?? '').split(';');
  const code = prefixed || String(payload.__type ?? 'InternalFailure').replace(/^.*#/, '');
  const unprefixed = code.replace(/^AWS\.SimpleQueueService\./, '');
  const error = {
    Type: type || (status >= 500 ? 'Receiver' : 'Sender'),
    Code: COMMON_ERRORS.has(unprefixed) ? unprefixed : code,
    Message: String(payload.message ?? payload.Message ?? ''),
  };
  if (json) return { status, contentType: 'application/json', body: JSON.stringify({ Error: error, RequestId: requestId }) };
  const xml = { ErrorResponse: { '@_xmlns': NAMESPACE, Error: { ...error, Detail: '' }, RequestId: requestId } };
  return { status, contentType: 'text/xml', body: `<?xml version="1.0"?>${builder.build(xml) as string}` };
}

/** The JSON result's members under the query protocol's element names. */
function queryMembers(action: string, result: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(result)) {
    const map = MAP_MEMBERS.get(key);
    if (key === 'Successful') out[`${action}ResultEntry`] = asList(value).map((entry) => queryMembers(action, entry));
    else if (map && isRecord(value)) out[map[0]] = mapEntries(value, map[1]);
    else if (Array.isArray(value)) out[RENAMES.get(key) ?? key] = value.map((item) => (isRecord(item) ? queryMembers(action, item) : item));
    else out[key] = value;
  }
  return out;
}

function mapEntries(value: Json, keyField: string): Json[] {
  return Object.entries(value).map(([key, item]) => ({ [keyField]: key, Value: item }));
}

function asList(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
