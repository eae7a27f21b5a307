/**
 * A REST API defined by an OpenAPI (2.0 or 3.x) `Body`, as SpecRestApi / ApiDefinition.fromInline
 * produce: each path's operations with `x-amazon-apigateway-integration`, API-key security,
 * request validators, models (`definitions` / `components.schemas`) and gateway responses.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions.html
 */
import { booleanRecord, integrationPlan } from './extract-restapi.js';
import type { ResolvedAssembly } from './resources.js';
import type { RestGatewayResponsePlan, RestMethodPlan, RestModelPlan, RestValidatorPlan } from './types.js';
import { list, num, record, str, stringRecord } from './values.js';

const OPERATIONS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'x-amazon-apigateway-any-method'];

export interface OpenApiExtras {
  readonly apiKeySource?: string;
  readonly binaryMediaTypes: readonly string[];
  readonly validators: readonly RestValidatorPlan[];
  readonly models: readonly RestModelPlan[];
  readonly gatewayResponses: readonly RestGatewayResponsePlan[];
}

export function openApiExtras(body: Record<string, unknown>): OpenApiExtras {
  const validators = Object.entries(record(body['x-amazon-apigateway-request-validators'])).map(([name, raw]) => ({
    id: `openapi-validator:${name}`,
    name,
    validateBody: record(raw).validateRequestBody === true,
    validateParameters: record(raw).validateRequestParameters === true,
  }));
  const schemas = { ...record(body.definitions), ...record(record(body.components).schemas) };
  const models = Object.entries(schemas).map(([name, schema]) => ({ id: `openapi-model:${name}`, name, contentType: 'application/json', schema: inlineRefs(schema, schemas) }));
  const gatewayResponses = Object.entries(record(body['x-amazon-apigateway-gateway-responses'])).map(([responseType, raw]) => {
    const r = record(raw);
    return { responseType, ...(r.statusCode !== undefined ? { statusCode: num(r.statusCode, 0) } : {}), responseParameters: stringRecord(r.responseParameters), responseTemplates: stringRecord(r.responseTemplates) };
  });
  const source = body['x-amazon-apigateway-api-key-source'];
  return { ...(source !== undefined ? { apiKeySource: str(source) } : {}), binaryMediaTypes: list(body['x-amazon-apigateway-binary-media-types']).map((t) => str(t)), validators, models, gatewayResponses };
}

export function methodsFromOpenApi(resolved: ResolvedAssembly, apiId: string, body: Record<string, unknown>, problems: string[]): RestMethodPlan[] {
  const defaultValidator = body['x-amazon-apigateway-request-validator'];
  const keySchemes = apiKeySchemes(body);
  const methods: RestMethodPlan[] = [];
  for (const [path, rawItem] of Object.entries(record(body.paths))) {
    const item = record(rawItem);
    for (const operation of OPERATIONS) {
      if (item[operation] === undefined) continue;
      const op = record(item[operation]);
      const where = `${apiId} ${operation.toUpperCase()} ${path}`;
      const integration = op['x-amazon-apigateway-integration'];
      if (integration === undefined) problems.push(`${where}: the operation has no x-amazon-apigateway-integration; API Gateway would refuse to import it`);
      const security = [...list(op.security), ...(op.security === undefined ? list(body.security) : [])].flatMap((entry) => Object.keys(record(entry)));
      const validator = op['x-amazon-apigateway-request-validator'] ?? defaultValidator;
      methods.push({
        id: `${apiId}#${operation.toUpperCase()} ${path}`,
        resourcePath: path,
        httpMethod: operation === 'x-amazon-apigateway-any-method' ? 'ANY' : operation.toUpperCase(),
        authorizationType: 'NONE',
        authorizationScopes: [],
        apiKeyRequired: security.some((name) => keySchemes.has(name)),
        requestParameters: parametersOf([...list(item.parameters), ...list(op.parameters)]),
        ...(validator !== undefined ? { requestValidatorId: `openapi-validator:${str(validator)}` } : {}),
        requestModels: requestModelsOf(op),
        integration: integrationPlan(resolved, where, record(integration), problems),
        methodResponses: Object.entries(record(op.responses)).map(([statusCode, raw]) => ({ statusCode, responseParameters: booleanRecord(Object.fromEntries(Object.keys(record(record(raw).headers)).map((h) => [`method.response.header.${h}`, false]))) })),
      });
    }
  }
  return methods;
}

/** Security schemes that are API keys (`x-api-key` in a header). */
function apiKeySchemes(body: Record<string, unknown>): Set<string> {
  const schemes = { ...record(body.securityDefinitions), ...record(record(body.components).securitySchemes) };
  return new Set(Object.entries(schemes).filter(([, raw]) => record(raw).type === 'apiKey' && str(record(raw).name).toLowerCase() === 'x-api-key').map(([name]) => name));
}

const PARAMETER_SOURCE: Readonly<Record<string, string>> = { path: 'path', query: 'querystring', header: 'header' };

function parametersOf(parameters: unknown[]): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const raw of parameters) {
    const parameter = record(raw);
    const source = PARAMETER_SOURCE[str(parameter.in)];
    if (source) out[`method.request.${source}.${str(parameter.name)}`] = parameter.required === true;
  }
  return out;
}

/** OpenAPI 3 `requestBody.content.{type}.schema.$ref`, or a 2.0 `in: body` parameter's schema. */
function requestModelsOf(op: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [contentType, raw] of Object.entries(record(record(op.requestBody).content))) {
    const ref = str(record(record(raw).schema).$ref);
    if (ref) out[contentType] = ref.split('/').pop() ?? ref;
  }
  for (const raw of list(op.parameters)) {
    const ref = str(record(record(raw).schema).$ref);
    if (record(raw).in === 'body' && ref) out['application/json'] = ref.split('/').pop() ?? ref;
  }
  return out;
}

/** Replaces `$ref`s to sibling schemas with the schemas themselves (one level per reference, cycles cut). */
function inlineRefs(schema: unknown, schemas: Record<string, unknown>, seen: ReadonlySet<string> = new Set()): unknown {
  if (Array.isArray(schema)) return schema.map((item) => inlineRefs(item, schemas, seen));
  if (!schema || typeof schema !== 'object') return schema;
  const ref = (schema as Record<string, unknown>).$ref;
  if (typeof ref === 'string') {
    const name = ref.split('/').pop() ?? '';
    return seen.has(name) ? {} : inlineRefs(schemas[name] ?? {}, schemas, new Set([...seen, name]));
  }
  return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, inlineRefs(value, schemas, seen)]));
}
