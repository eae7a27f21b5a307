/**
 * REST APIs (API Gateway v1) from CloudFormation resources: the resource tree (RootResourceId →
 * Resource → PathPart), methods with their integrations, stages (or a Deployment's StageName),
 * authorizers, validators, models and gateway responses. An OpenAPI `Body` (SpecRestApi) is read by
 * ./extract-openapi.ts into the same shapes.
 */
import { methodsFromOpenApi, openApiExtras } from './extract-openapi.js';
import type { ResolvedAssembly, ResolvedResource } from './resources.js';
import type { RestApiPlan, RestAuthorizerPlan, RestGatewayResponsePlan, RestIntegrationPlan, RestMethodPlan, RestModelPlan, RestStagePlan, RestValidatorPlan, MethodThrottlePlan } from './types.js';
import { list, num, record, refId, str, stringRecord } from './values.js';

export function extractRestApis(resolved: ResolvedAssembly, problems: string[]): RestApiPlan[] {
  return resolved.ofType('AWS::ApiGateway::RestApi').map((api) => restApiPlan(resolved, api, problems));
}

function restApiPlan(resolved: ResolvedAssembly, api: ResolvedResource, problems: string[]): RestApiPlan {
  const of = (type: string) => resolved.ofType(type).filter((r) => refId(resolved, r.props.RestApiId) === api.id);
  const body = api.props.Body !== undefined ? record(api.props.Body) : undefined;
  if (api.props.BodyS3Location !== undefined) problems.push(`${api.id}: BodyS3Location (an OpenAPI file in S3) cannot be read locally; use ApiDefinition.fromInline so the definition is in the template`);
  const extras = body ? openApiExtras(body) : undefined;
  const paths = resourcePaths(resolved, api);
  const resourceMethods = of('AWS::ApiGateway::Method').map((m) => methodPlan(resolved, m, paths, problems));
  return {
    id: api.id,
    apiId: api.physicalId,
    name: str(api.props.Name, str(record(body?.info).title, api.logicalId)),
    apiKeySource: str(api.props.ApiKeySourceType, extras?.apiKeySource ?? 'HEADER') === 'AUTHORIZER' ? 'AUTHORIZER' : 'HEADER',
    binaryMediaTypes: [...list(api.props.BinaryMediaTypes).map((t) => str(t)), ...(extras?.binaryMediaTypes ?? [])].map((t) => t.replace(/~1/g, '/')),
    disableExecuteApiEndpoint: api.props.DisableExecuteApiEndpoint === true || api.props.DisableExecuteApiEndpoint === 'true',
    methods: [...resourceMethods, ...(body ? methodsFromOpenApi(resolved, api.id, body, problems) : [])],
    stages: stagesOf(resolved, of),
    authorizers: of('AWS::ApiGateway::Authorizer').map(authorizerPlan),
    validators: [...of('AWS::ApiGateway::RequestValidator').map(validatorPlan), ...(extras?.validators ?? [])],
    models: [...of('AWS::ApiGateway::Model').map(modelPlan), ...(extras?.models ?? [])],
    gatewayResponses: [...of('AWS::ApiGateway::GatewayResponse').map(gatewayResponsePlan), ...(extras?.gatewayResponses ?? [])],
    source: body ? 'openapi' : 'resources',
  };
}

/** Physical id of each resource of the API (root included) → its full path. */
function resourcePaths(resolved: ResolvedAssembly, api: ResolvedResource): Map<string, string> {
  const paths = new Map<string, string>();
  const resources = resolved.ofType('AWS::ApiGateway::Resource').filter((r) => refId(resolved, r.props.RestApiId) === api.id);
  const rootId = rootResourceIdOf(resolved, resources, api);
  if (rootId) paths.set(rootId, '/');
  // Parents come before children in dependency order, but loop until stable to be safe.
  for (let changed = true; changed; ) {
    changed = false;
    for (const resource of resources) {
      if (paths.has(resource.physicalId)) continue;
      const parent = paths.get(str(resource.props.ParentId));
      if (parent === undefined) continue;
      paths.set(resource.physicalId, `${parent === '/' ? '' : parent}/${str(resource.props.PathPart)}`);
      changed = true;
    }
  }
  return paths;
}

/** The root resource id is whatever a child's ParentId is that names no Resource. */
function rootResourceIdOf(resolved: ResolvedAssembly, resources: ResolvedResource[], api: ResolvedResource): string | undefined {
  const ids = new Set(resources.map((r) => r.physicalId));
  const parent = resources.map((r) => str(r.props.ParentId)).find((id) => !ids.has(id));
  if (parent) return parent;
  const methods = resolved.ofType('AWS::ApiGateway::Method').filter((m) => refId(resolved, m.props.RestApiId) === api.id);
  return methods.map((m) => str(m.props.ResourceId)).find((id) => !ids.has(id));
}

function methodPlan(resolved: ResolvedAssembly, method: ResolvedResource, paths: Map<string, string>, problems: string[]): RestMethodPlan {
  const p = method.props;
  const resourcePath = paths.get(str(p.ResourceId));
  if (resourcePath === undefined) problems.push(`${method.id}: its ResourceId ${str(p.ResourceId)} is not a resource of its REST API`);
  return {
    id: method.id,
    resourcePath: resourcePath ?? '/',
    httpMethod: str(p.HttpMethod, 'GET').toUpperCase(),
    authorizationType: authorizationType(str(p.AuthorizationType, 'NONE')),
    ...(p.AuthorizerId !== undefined ? { authorizerId: refId(resolved, p.AuthorizerId) } : {}),
    authorizationScopes: list(p.AuthorizationScopes).map((s) => str(s)),
    apiKeyRequired: p.ApiKeyRequired === true || p.ApiKeyRequired === 'true',
    requestParameters: booleanRecord(p.RequestParameters),
    ...(p.RequestValidatorId !== undefined ? { requestValidatorId: refId(resolved, p.RequestValidatorId) } : {}),
    requestModels: stringRecord(p.RequestModels),
    integration: integrationPlan(resolved, method.id, record(p.Integration), problems),
    methodResponses: list(p.MethodResponses).map((raw) => ({ statusCode: str(record(raw).StatusCode), responseParameters: booleanRecord(record(raw).ResponseParameters) })),
  };
}

export function authorizationType(value: string): RestMethodPlan['authorizationType'] {
  const upper = value.toUpperCase();
  return upper === 'AWS_IAM' || upper === 'CUSTOM' || upper === 'COGNITO_USER_POOLS' ? upper : 'NONE';
}

export function booleanRecord(value: unknown): Record<string, boolean> {
  return Object.fromEntries(Object.entries(record(value)).map(([key, item]) => [key, item === true || item === 'true']));
}

const INTEGRATION_TYPES = new Set(['HTTP', 'HTTP_PROXY', 'MOCK', 'AWS', 'AWS_PROXY']);

/** An `Integration` property, or an `x-amazon-apigateway-integration` object (same fields, camelCase). */
export function integrationPlan(resolved: ResolvedAssembly, where: string, raw: Record<string, unknown>, problems: string[]): RestIntegrationPlan {
  const field = (pascal: string): unknown => raw[pascal] ?? raw[pascal.charAt(0).toLowerCase() + pascal.slice(1)];
  const type = str(field('Type'), 'MOCK').toUpperCase();
  if (!INTEGRATION_TYPES.has(type)) problems.push(`${where}: integration type ${type} is not one of ${[...INTEGRATION_TYPES].join(', ')}`);
  const timeoutMs = num(field('TimeoutInMillis'), 29_000);
  if (timeoutMs < 50 || timeoutMs > 29_000) problems.push(`${where}: TimeoutInMillis must be 50..29000 (got ${timeoutMs})`);
  const connectionType = str(field('ConnectionType'), 'INTERNET').toUpperCase() === 'VPC_LINK' ? 'VPC_LINK' : 'INTERNET';
  const connectionId = field('ConnectionId');
  const passthrough = str(field('PassthroughBehavior'), 'WHEN_NO_MATCH').toUpperCase();
  const handling = str(field('ContentHandling'));
  return {
    type: type as RestIntegrationPlan['type'],
    ...(field('IntegrationHttpMethod') ?? field('HttpMethod') ? { httpMethod: str(field('IntegrationHttpMethod') ?? field('HttpMethod')).toUpperCase() } : {}),
    ...(field('Uri') !== undefined ? { uri: str(field('Uri')) } : {}),
    connectionType,
    ...(connectionId !== undefined ? { connectionId: refId(resolved, connectionId) } : {}),
    timeoutMs,
    requestParameters: stringRecord(field('RequestParameters')),
    requestTemplates: stringRecord(field('RequestTemplates')),
    passthroughBehavior: passthrough === 'NEVER' || passthrough === 'WHEN_NO_TEMPLATES' ? passthrough : 'WHEN_NO_MATCH',
    ...(handling === 'CONVERT_TO_BINARY' || handling === 'CONVERT_TO_TEXT' ? { contentHandling: handling } : {}),
    integrationResponses: integrationResponses(field('IntegrationResponses') ?? field('Responses')),
  };
}

/** A list (CloudFormation) or an object keyed by selection pattern (OpenAPI `responses`). */
function integrationResponses(raw: unknown): RestIntegrationPlan['integrationResponses'] {
  const entries = Array.isArray(raw) ? raw.map((item) => [undefined, record(item)] as const) : Object.entries(record(raw)).map(([pattern, item]) => [pattern, record(item)] as const);
  return entries.map(([key, item]) => {
    const pattern = item.SelectionPattern ?? (key === 'default' ? undefined : key);
    const handling = str(item.ContentHandling ?? item.contentHandling);
    return {
      statusCode: str(item.StatusCode ?? item.statusCode, '200'),
      ...(pattern !== undefined && pattern !== '' ? { selectionPattern: str(pattern) } : {}),
      responseParameters: stringRecord(item.ResponseParameters ?? item.responseParameters),
      responseTemplates: stringRecord(item.ResponseTemplates ?? item.responseTemplates),
      ...(handling === 'CONVERT_TO_BINARY' || handling === 'CONVERT_TO_TEXT' ? { contentHandling: handling } : {}),
    };
  });
}

/** Stages from `AWS::ApiGateway::Stage`, plus a Deployment's own `StageName` (a stage created with it). */
function stagesOf(resolved: ResolvedAssembly, of: (type: string) => ResolvedResource[]): RestStagePlan[] {
  const stages = of('AWS::ApiGateway::Stage').map((stage) => stagePlan(stage, stage.props, refId(resolved, stage.props.DeploymentId)));
  for (const deployment of of('AWS::ApiGateway::Deployment')) {
    const name = str(deployment.props.StageName);
    if (name && !stages.some((stage) => stage.name === name)) stages.push(stagePlan(deployment, { StageName: name, ...record(deployment.props.StageDescription) }, deployment.id));
  }
  return stages;
}

function stagePlan(resource: ResolvedResource, p: Record<string, unknown>, deploymentId: string): RestStagePlan {
  const format = record(p.AccessLogSetting).Format;
  const methodThrottles: Record<string, MethodThrottlePlan> = {};
  for (const raw of list(p.MethodSettings)) {
    const setting = record(raw);
    const key = `${decodeSettingPath(str(setting.ResourcePath, '/*'))} ${str(setting.HttpMethod, '*').toUpperCase()}`;
    methodThrottles[key] = throttleOf(setting.ThrottlingBurstLimit, setting.ThrottlingRateLimit);
  }
  if (p.ThrottlingBurstLimit !== undefined || p.ThrottlingRateLimit !== undefined) methodThrottles['/* *'] = throttleOf(p.ThrottlingBurstLimit, p.ThrottlingRateLimit);
  return {
    id: resource.id,
    name: str(p.StageName),
    deploymentId,
    stageVariables: stringRecord(p.Variables),
    methodThrottles,
    ...(format !== undefined ? { accessLogFormat: str(format) } : {}),
    tracingEnabled: p.TracingEnabled === true || p.TracingEnabled === 'true',
  };
}

/** MethodSettings paths escape `/` as `~1` (`/~1pets~1{id}`); `/*` stays. */
export function decodeSettingPath(path: string): string {
  if (path === '/*') return path;
  const decoded = path.replace(/~1/g, '/');
  return decoded.startsWith('//') ? decoded.slice(1) : decoded;
}

export function throttleOf(burst: unknown, rate: unknown): MethodThrottlePlan {
  return { ...(burst !== undefined ? { burstLimit: num(burst, 0) } : {}), ...(rate !== undefined ? { rateLimit: num(rate, 0) } : {}) };
}

function authorizerPlan(authorizer: ResolvedResource): RestAuthorizerPlan {
  const p = authorizer.props;
  const type = str(p.Type, 'TOKEN').toUpperCase();
  return {
    id: authorizer.id,
    name: str(p.Name, authorizer.logicalId),
    type: type === 'COGNITO_USER_POOLS' || type === 'REQUEST' ? type : 'TOKEN',
    identitySource: str(p.IdentitySource, 'method.request.header.Authorization'),
    issuers: list(p.ProviderARNs).map((arn) => cognitoIssuer(str(arn))),
  };
}

/** `arn:aws:cognito-idp:{region}:{account}:userpool/{poolId}` → the pool's token issuer. */
export function cognitoIssuer(arn: string): string {
  const match = /^arn:[^:]+:cognito-idp:([^:]*):[^:]*:userpool\/(.+)$/.exec(arn);
  return match ? `https://cognito-idp.${match[1]}.amazonaws.com/${match[2]}` : arn;
}

function validatorPlan(validator: ResolvedResource): RestValidatorPlan {
  const p = validator.props;
  return { id: validator.id, name: str(p.Name, validator.logicalId), validateBody: p.ValidateRequestBody === true || p.ValidateRequestBody === 'true', validateParameters: p.ValidateRequestParameters === true || p.ValidateRequestParameters === 'true' };
}

function modelPlan(model: ResolvedResource): RestModelPlan {
  const schema = typeof model.props.Schema === 'string' ? safeJson(model.props.Schema) : model.props.Schema;
  return { id: model.id, name: model.physicalId, contentType: str(model.props.ContentType, 'application/json'), schema: schema ?? {} };
}

function gatewayResponsePlan(response: ResolvedResource): RestGatewayResponsePlan {
  const p = response.props;
  return {
    responseType: str(p.ResponseType),
    ...(p.StatusCode !== undefined ? { statusCode: num(p.StatusCode, 0) } : {}),
    responseParameters: stringRecord(p.ResponseParameters),
    responseTemplates: stringRecord(p.ResponseTemplates),
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
