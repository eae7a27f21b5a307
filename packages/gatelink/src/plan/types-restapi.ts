/** Plan types: API Gateway v1 (REST APIs, their methods, stages, keys and usage plans, VPC links). See ./types.ts for the plan as a whole. */
import type { ResourceId } from './types.js';

// ───────────────────────────── API Gateway v1 (REST APIs) ─────────────────────────────

export interface RestApiPlan {
  readonly id: ResourceId;
  /** The REST API id (`Ref`), as in `{apiId}.execute-api.{region}.amazonaws.com`. */
  readonly apiId: string;
  readonly name: string;
  /** Where API keys come from: the `x-api-key` header, or a Lambda authorizer (not emulated). */
  readonly apiKeySource: 'HEADER' | 'AUTHORIZER';
  /** `BinaryMediaTypes`, `~1` already decoded to `/` (`image/png`, `*\/*`). */
  readonly binaryMediaTypes: readonly string[];
  readonly disableExecuteApiEndpoint: boolean;
  readonly methods: readonly RestMethodPlan[];
  readonly stages: readonly RestStagePlan[];
  readonly authorizers: readonly RestAuthorizerPlan[];
  readonly validators: readonly RestValidatorPlan[];
  readonly models: readonly RestModelPlan[];
  readonly gatewayResponses: readonly RestGatewayResponsePlan[];
  /** Where the definition came from: CloudFormation resources, or an OpenAPI `Body` (SpecRestApi). */
  readonly source: 'resources' | 'openapi';
}

export interface RestMethodPlan {
  readonly id: ResourceId;
  /** The resource's full path template: `/`, `/pets/{id}`, `/{proxy+}`. */
  readonly resourcePath: string;
  /** Upper-case method or `ANY`. */
  readonly httpMethod: string;
  readonly authorizationType: 'NONE' | 'AWS_IAM' | 'CUSTOM' | 'COGNITO_USER_POOLS';
  readonly authorizerId?: ResourceId;
  readonly authorizationScopes: readonly string[];
  readonly apiKeyRequired: boolean;
  /** `method.request.{path|querystring|header}.NAME` → required. */
  readonly requestParameters: Readonly<Record<string, boolean>>;
  readonly requestValidatorId?: ResourceId;
  /** Content type → model name. */
  readonly requestModels: Readonly<Record<string, string>>;
  readonly integration: RestIntegrationPlan;
  readonly methodResponses: readonly RestMethodResponsePlan[];
}

export type RestIntegrationType = 'HTTP' | 'HTTP_PROXY' | 'MOCK' | 'AWS' | 'AWS_PROXY';

export interface RestIntegrationPlan {
  readonly type: RestIntegrationType;
  /** The method sent to the backend (`IntegrationHttpMethod`); the client's for `ANY`-less proxies. */
  readonly httpMethod?: string;
  readonly uri?: string;
  readonly connectionType: 'INTERNET' | 'VPC_LINK';
  /** The VPC link's plan id, or a `${stageVariables.x}` reference kept as written. */
  readonly connectionId?: string;
  /** 50..29000, default 29000. */
  readonly timeoutMs: number;
  readonly requestParameters: Readonly<Record<string, string>>;
  /** Content type → VTL template. */
  readonly requestTemplates: Readonly<Record<string, string>>;
  /** Undocumented default when omitted: AWS's console and CLI create WHEN_NO_MATCH. */
  readonly passthroughBehavior: 'WHEN_NO_MATCH' | 'WHEN_NO_TEMPLATES' | 'NEVER';
  readonly contentHandling?: 'CONVERT_TO_BINARY' | 'CONVERT_TO_TEXT';
  readonly integrationResponses: readonly RestIntegrationResponsePlan[];
}

export interface RestIntegrationResponsePlan {
  readonly statusCode: string;
  /** Java-style regex over the backend status (HTTP/AWS); absent = the default response. */
  readonly selectionPattern?: string;
  /** `method.response.header.NAME` → source expression. */
  readonly responseParameters: Readonly<Record<string, string>>;
  readonly responseTemplates: Readonly<Record<string, string>>;
  readonly contentHandling?: 'CONVERT_TO_BINARY' | 'CONVERT_TO_TEXT';
}

export interface RestMethodResponsePlan {
  readonly statusCode: string;
  readonly responseParameters: Readonly<Record<string, boolean>>;
}

export interface MethodThrottlePlan {
  readonly burstLimit?: number;
  readonly rateLimit?: number;
}

export interface RestStagePlan {
  readonly id: ResourceId;
  readonly name: string;
  readonly deploymentId?: ResourceId;
  readonly stageVariables: Readonly<Record<string, string>>;
  /** `MethodSettings` keyed `{resourcePath} {METHOD}` (`/* *` for the stage-wide default). */
  readonly methodThrottles: Readonly<Record<string, MethodThrottlePlan>>;
  readonly accessLogFormat?: string;
  readonly tracingEnabled: boolean;
}

export interface RestAuthorizerPlan {
  readonly id: ResourceId;
  readonly name: string;
  readonly type: 'COGNITO_USER_POOLS' | 'TOKEN' | 'REQUEST';
  /** `method.request.header.Authorization` … */
  readonly identitySource: string;
  /** Issuers the tokens must come from: one per user pool (`https://cognito-idp.{region}.amazonaws.com/{poolId}`). */
  readonly issuers: readonly string[];
}

export interface RestValidatorPlan {
  readonly id: ResourceId;
  readonly name: string;
  readonly validateBody: boolean;
  readonly validateParameters: boolean;
}

export interface RestModelPlan {
  readonly id: ResourceId;
  readonly name: string;
  readonly contentType: string;
  readonly schema: unknown;
}

export interface RestGatewayResponsePlan {
  /** `DEFAULT_4XX`, `MISSING_AUTHENTICATION_TOKEN`, … */
  readonly responseType: string;
  readonly statusCode?: number;
  /** `gatewayresponse.header.NAME` → `'static'` or `method.request.*`/`stageVariables.*`/`context.*`. */
  readonly responseParameters: Readonly<Record<string, string>>;
  readonly responseTemplates: Readonly<Record<string, string>>;
}

/** A v1 VPC link: its targets are network load balancers (plan ids). */
export interface RestVpcLinkPlan {
  readonly id: ResourceId;
  readonly physicalId: string;
  readonly name: string;
  readonly targetLoadBalancerIds: readonly ResourceId[];
}

export interface ApiKeyPlan {
  readonly id: ResourceId;
  readonly name: string;
  /** The key's value: the template's, or a deterministic local one (logged when gatelink starts). */
  readonly value: string;
  /** True when the template sets no `Value` and the value above was derived locally. */
  readonly generated: boolean;
  readonly enabled: boolean;
}

export interface UsagePlanPlan {
  readonly id: ResourceId;
  readonly name: string;
  readonly stages: readonly { readonly apiId: ResourceId; readonly stage: string; readonly methodThrottles: Readonly<Record<string, MethodThrottlePlan>> }[];
  readonly throttle?: MethodThrottlePlan;
  readonly quota?: { readonly limit: number; readonly period: 'DAY' | 'WEEK' | 'MONTH'; readonly offset: number };
  readonly apiKeyIds: readonly ResourceId[];
}
