/** Plan types: API Gateway v2 (HTTP APIs, routes, integrations, stages, VPC links). See ./types.ts for the plan as a whole. */
import type { ResourceId } from './types.js';

// ───────────────────────────── API Gateway v2 ─────────────────────────────

export interface HttpApiPlan {
  readonly id: ResourceId;
  readonly apiId: string;
  readonly name: string;
  readonly routes: readonly RoutePlan[];
  readonly integrations: readonly IntegrationPlan[];
  readonly stages: readonly StagePlan[];
  readonly authorizers: readonly AuthorizerPlan[];
  readonly cors?: CorsPlan;
  /** `DisableExecuteApiEndpoint`: when true the default endpoint answers 403 Forbidden in AWS. */
  readonly disableExecuteApiEndpoint: boolean;
}

export interface RoutePlan {
  readonly id: ResourceId;
  /** As written in the template: `GET /pets/{id}`, `ANY /{proxy+}` or `$default`. */
  readonly routeKey: string;
  /** Upper-case method, `ANY`, or `$default` for the default route. */
  readonly method: string;
  /** Path part of the route key, `undefined` for `$default`. */
  readonly path?: string;
  /** Integration `id` this route targets (from `Target: integrations/<id>`). */
  readonly integrationId?: ResourceId;
  readonly authorizationType: 'NONE' | 'JWT' | 'AWS_IAM' | 'CUSTOM';
  readonly authorizerId?: ResourceId;
  readonly authorizationScopes: readonly string[];
}

export type IntegrationTarget =
  /** `IntegrationUri` is an ALB/NLB listener ARN reached over a VPC link. */
  | { readonly kind: 'listener'; readonly listenerId: ResourceId }
  /** `IntegrationUri` is a Cloud Map service ARN reached over a VPC link (optional attribute filter). */
  | { readonly kind: 'cloudmap'; readonly serviceId: ResourceId; readonly queryParameters: Readonly<Record<string, string>> }
  /** A public HTTP URL (`HTTP_PROXY` with `INTERNET` connection). May contain `{proxy}` etc. */
  | { readonly kind: 'url'; readonly url: string };

export interface IntegrationPlan {
  readonly id: ResourceId;
  readonly type: 'HTTP_PROXY';
  /** `ANY` or an upper-case method. */
  readonly method: string;
  readonly connectionType: 'VPC_LINK' | 'INTERNET';
  readonly vpcLinkId?: ResourceId;
  readonly target: IntegrationTarget;
  readonly payloadFormatVersion: '1.0';
  /** 50..30000, default 30000. */
  readonly timeoutMs: number;
  /** `RequestParameters` as written (`overwrite:path` → `$request.path` …). */
  readonly requestParameters: Readonly<Record<string, string>>;
  /** `ResponseParameters`: status code → mapping. */
  readonly responseParameters: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly tlsServerNameToVerify?: string;
}

export interface ThrottlePlan {
  readonly burstLimit?: number;
  readonly rateLimit?: number;
}

export interface StagePlan {
  readonly id: ResourceId;
  /** `$default` or a named stage. */
  readonly name: string;
  readonly autoDeploy: boolean;
  readonly stageVariables: Readonly<Record<string, string>>;
  readonly defaultRouteSettings: ThrottlePlan;
  /** Keyed by route key. */
  readonly routeSettings: Readonly<Record<string, ThrottlePlan>>;
  readonly accessLogFormat?: string;
}

export interface AuthorizerPlan {
  readonly id: ResourceId;
  readonly name: string;
  readonly type: 'JWT' | 'REQUEST';
  readonly identitySource: readonly string[];
  readonly issuer?: string;
  readonly audience: readonly string[];
}

export interface CorsPlan {
  readonly allowOrigins: readonly string[];
  readonly allowMethods: readonly string[];
  readonly allowHeaders: readonly string[];
  readonly exposeHeaders: readonly string[];
  readonly maxAge?: number;
  readonly allowCredentials: boolean;
}

export interface VpcLinkPlan {
  readonly id: ResourceId;
  readonly physicalId: string;
  readonly name: string;
  readonly subnetIds: readonly ResourceId[];
  /** Security groups of the link's ENIs. Empty means the VPC's default security group. */
  readonly securityGroupIds: readonly ResourceId[];
}

