/** HTTP APIs: routes, integrations (listener / Cloud Map / URL targets), stages, authorizers, CORS. */
import type { AuthorizerPlan, CorsPlan, HttpApiPlan, IntegrationPlan, IntegrationTarget, RoutePlan, StagePlan, ThrottlePlan } from './types.js';
import type { ResolvedAssembly, ResolvedResource } from './resources.js';
import { list, num, record, refId, str, stringRecord } from './values.js';

export function extractHttpApis(resolved: ResolvedAssembly, problems: string[]): HttpApiPlan[] {
  const apis = resolved.ofType('AWS::ApiGatewayV2::Api').filter((api) => str(api.props.ProtocolType, 'HTTP') === 'HTTP');
  const belongsTo = (api: ResolvedResource) => (resource: ResolvedResource) => refId(resolved, resource.props.ApiId) === api.id;
  return apis.map((api) => {
    const integrations = resolved.ofType('AWS::ApiGatewayV2::Integration').filter(belongsTo(api)).map((i) => integrationPlan(resolved, i, problems));
    return {
      id: api.id,
      apiId: api.physicalId,
      name: str(api.props.Name, api.logicalId),
      routes: resolved.ofType('AWS::ApiGatewayV2::Route').filter(belongsTo(api)).map((route) => routePlan(resolved, route)),
      integrations,
      stages: resolved.ofType('AWS::ApiGatewayV2::Stage').filter(belongsTo(api)).map(stagePlan),
      authorizers: resolved.ofType('AWS::ApiGatewayV2::Authorizer').filter(belongsTo(api)).map(authorizerPlan),
      ...(api.props.CorsConfiguration !== undefined ? { cors: corsPlan(record(api.props.CorsConfiguration)) } : {}),
      disableExecuteApiEndpoint: api.props.DisableExecuteApiEndpoint === true || api.props.DisableExecuteApiEndpoint === 'true',
    };
  });
}

function routePlan(resolved: ResolvedAssembly, route: ResolvedResource): RoutePlan {
  const routeKey = str(route.props.RouteKey);
  const [method, path] = routeKey === '$default' ? ['$default', undefined] : routeKey.split(/\s+/, 2);
  const target = str(route.props.Target);
  const integration = target.startsWith('integrations/') ? refId(resolved, target.slice('integrations/'.length)) : undefined;
  return {
    id: route.id,
    routeKey,
    method: str(method).toUpperCase() === '$DEFAULT' ? '$default' : str(method).toUpperCase(),
    ...(path !== undefined ? { path } : {}),
    ...(integration !== undefined ? { integrationId: integration } : {}),
    authorizationType: (str(route.props.AuthorizationType, 'NONE').toUpperCase() as RoutePlan['authorizationType']),
    ...(route.props.AuthorizerId !== undefined ? { authorizerId: refId(resolved, route.props.AuthorizerId) } : {}),
    authorizationScopes: list(route.props.AuthorizationScopes).map((scope) => str(scope)),
  };
}

function integrationPlan(resolved: ResolvedAssembly, integration: ResolvedResource, problems: string[]): IntegrationPlan {
  const p = integration.props;
  const version = str(p.PayloadFormatVersion, '1.0');
  if (version !== '1.0') problems.push(`${integration.id}: HTTP_PROXY integrations accept only PayloadFormatVersion 1.0 (got ${version})`);
  const timeoutMs = num(p.TimeoutInMillis, 30_000);
  if (timeoutMs < 50 || timeoutMs > 30_000) problems.push(`${integration.id}: TimeoutInMillis must be 50..30000 for HTTP APIs (got ${timeoutMs})`);
  const connectionType = str(p.ConnectionType, 'INTERNET') === 'VPC_LINK' ? 'VPC_LINK' : 'INTERNET';
  return {
    id: integration.id,
    type: 'HTTP_PROXY',
    method: str(p.IntegrationMethod, 'ANY').toUpperCase(),
    connectionType,
    ...(connectionType === 'VPC_LINK' ? { vpcLinkId: refId(resolved, p.ConnectionId) } : {}),
    target: integrationTarget(resolved, str(p.IntegrationUri)),
    payloadFormatVersion: '1.0',
    timeoutMs,
    requestParameters: stringRecord(p.RequestParameters),
    responseParameters: Object.fromEntries(Object.entries(record(p.ResponseParameters)).map(([status, mapping]) => [status, stringRecord(mapping)])),
    ...(record(p.TlsConfig).ServerNameToVerify !== undefined ? { tlsServerNameToVerify: str(record(p.TlsConfig).ServerNameToVerify) } : {}),
  };
}

function integrationTarget(resolved: ResolvedAssembly, uri: string): IntegrationTarget {
  const listener = resolved.byPhysicalId(uri);
  if (listener?.type === 'AWS::ElasticLoadBalancingV2::Listener') return { kind: 'listener', listenerId: listener.id };
  const cloudMap = /^arn:[^:]+:servicediscovery:[^:]*:[^:]*:service\/(srv-[A-Za-z0-9]+)(?:\?(.*))?$/.exec(uri);
  if (cloudMap) {
    const service = resolved.byPhysicalId(cloudMap[1]);
    return { kind: 'cloudmap', serviceId: service?.id ?? str(cloudMap[1]), queryParameters: Object.fromEntries(new URLSearchParams(cloudMap[2] ?? '')) };
  }
  return { kind: 'url', url: uri };
}

function throttle(raw: unknown): ThrottlePlan {
  const settings = record(raw);
  return {
    ...(settings.ThrottlingBurstLimit !== undefined ? { burstLimit: num(settings.ThrottlingBurstLimit, 0) } : {}),
    ...(settings.ThrottlingRateLimit !== undefined ? { rateLimit: num(settings.ThrottlingRateLimit, 0) } : {}),
  };
}

function stagePlan(stage: ResolvedResource): StagePlan {
  const p = stage.props;
  const format = record(p.AccessLogSettings).Format;
  return {
    id: stage.id,
    name: str(p.StageName, '$default'),
    autoDeploy: p.AutoDeploy === true || p.AutoDeploy === 'true',
    stageVariables: stringRecord(p.StageVariables),
    defaultRouteSettings: throttle(p.DefaultRouteSettings),
    routeSettings: Object.fromEntries(Object.entries(record(p.RouteSettings)).map(([key, value]) => [key, throttle(value)])),
    ...(format !== undefined ? { accessLogFormat: str(format) } : {}),
  };
}

function authorizerPlan(authorizer: ResolvedResource): AuthorizerPlan {
  const p = authorizer.props;
  const jwt = record(p.JwtConfiguration);
  return {
    id: authorizer.id,
    name: str(p.Name, authorizer.logicalId),
    type: str(p.AuthorizerType) === 'JWT' ? 'JWT' : 'REQUEST',
    identitySource: list(p.IdentitySource).map((source) => str(source)),
    ...(jwt.Issuer !== undefined ? { issuer: str(jwt.Issuer) } : {}),
    audience: list(jwt.Audience).map((a) => str(a)),
  };
}

function corsPlan(raw: Record<string, unknown>): CorsPlan {
  const strings = (key: string) => list(raw[key]).map((item) => str(item));
  return {
    allowOrigins: strings('AllowOrigins'),
    allowMethods: strings('AllowMethods'),
    allowHeaders: strings('AllowHeaders'),
    exposeHeaders: strings('ExposeHeaders'),
    ...(raw.MaxAge !== undefined ? { maxAge: num(raw.MaxAge, 0) } : {}),
    allowCredentials: raw.AllowCredentials === true || raw.AllowCredentials === 'true',
  };
}
