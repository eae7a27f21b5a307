/**
 * Mapping templates: Velocity (velocityjs) with the variables API Gateway gives a REST API template —
 * `$input` (body, json, path, params), `$util`, `$context` (with `requestOverride` / `responseOverride`)
 * and `$stageVariables`.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-override-request-response-parameters.html
 */
import { JSONPath } from 'jsonpath-plus';
import { Compile, parse } from 'velocityjs';

export interface TemplateParams {
  readonly path: Readonly<Record<string, string>>;
  readonly querystring: Readonly<Record<string, string>>;
  readonly header: Readonly<Record<string, string>>;
}

export interface TemplateInput {
  /** The payload: the request body for request templates, the integration's body for response templates. */
  readonly body: string;
  readonly params: TemplateParams;
  /** `$context` as a nested object (`identity.sourceIp` → `{ identity: { sourceIp } }`). */
  readonly context: Record<string, unknown>;
  readonly stageVariables: Readonly<Record<string, string>>;
}

/** What a template set through `$context.requestOverride` / `$context.responseOverride`. */
export interface TemplateOverrides {
  readonly requestHeaders: Record<string, string>;
  readonly requestPath: Record<string, string>;
  readonly requestQuery: Record<string, string>;
  readonly responseHeaders: Record<string, string>;
  readonly responseStatus?: number;
}

export interface TemplateResult {
  readonly output: string;
  readonly overrides: TemplateOverrides;
}

/** A compiled template; compiled once per integration, rendered per request. */
export class MappingTemplate {
  private readonly ast: ReturnType<typeof parse>;

  constructor(readonly source: string) {
    this.ast = parse(source);
  }

  render(input: TemplateInput): TemplateResult {
    const requestOverride = { header: {}, path: {}, querystring: {} };
    const responseOverride: { header: Record<string, string>; status?: unknown } = { header: {} };
    const context = { ...input.context, requestOverride, responseOverride };
    const compiled = new Compile(this.ast, { escape: false });
    const output = compiled.render({ input: inputVariable(input), util: UTIL, context, stageVariables: { ...input.stageVariables } }, undefined, true);
    const status = Number(responseOverride.status);
    return {
      output,
      overrides: {
        requestHeaders: strings(requestOverride.header),
        requestPath: strings(requestOverride.path),
        requestQuery: strings(requestOverride.querystring),
        responseHeaders: strings(responseOverride.header),
        ...(responseOverride.status !== undefined && Number.isInteger(status) ? { responseStatus: status } : {}),
      },
    };
  }
}

function inputVariable(input: TemplateInput) {
  let parsed: { value: unknown } | undefined;
  const json = (): unknown => {
    if (!parsed) parsed = { value: parseOrUndefined(input.body) };
    return parsed.value;
  };
  const evaluate = (path: string): unknown => {
    const document = json();
    if (path === '$' || document === undefined) return path === '$' ? document : undefined;
    return JSONPath({ path, json: document as object, wrap: false });
  };
  return {
    body: input.body,
    json: (path: string): string => JSON.stringify(evaluate(String(path)) ?? null),
    path: (path: string): unknown => evaluate(String(path)),
    params: (name?: string): unknown => {
      if (name === undefined) return { path: { ...input.params.path }, querystring: { ...input.params.querystring }, header: { ...input.params.header } };
      const key = String(name);
      return input.params.path[key] ?? input.params.querystring[key] ?? input.params.header[key] ?? '';
    },
  };
}

/** `$util`: https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-mapping-template-reference.html#util-template-reference */
export const UTIL = {
  escapeJavaScript: (value: unknown): string => escapeJavaScript(String(value ?? '')),
  parseJson: (value: unknown): unknown => parseOrUndefined(String(value ?? '')),
  // Java's URLEncoder: form encoding, space as `+`.
  urlEncode: (value: unknown): string => new URLSearchParams({ v: String(value ?? '') }).toString().slice(2),
  urlDecode: (value: unknown): string => new URLSearchParams(`v=${String(value ?? '')}`).get('v') ?? '',
  base64Encode: (value: unknown): string => Buffer.from(String(value ?? ''), 'utf8').toString('base64'),
  base64Decode: (value: unknown): string => Buffer.from(String(value ?? ''), 'base64').toString('utf8'),
};

const ESCAPES: Readonly<Record<string, string>> = { '"': '\\"', "'": "\\'", '\\': '\\\\', '/': '\\/', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

/** Like Apache Commons' escapeJavaScript, which API Gateway uses: quotes (both), `\`, `/` and control characters. */
function escapeJavaScript(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/["'\\/\n\r\t\b\f]|[\u0000-\u001f\u007f-\u009f]/g, (char) => ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

function parseOrUndefined(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function strings(values: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, String(value)]));
}
