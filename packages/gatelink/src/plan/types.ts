/**
 * The plan: one typed, validated model of what a cloud assembly asks for, with every intrinsic
 * already resolved. Everything downstream (gateway, elb, ecs, cloudmap, engines, admin) reads only
 * this; nothing downstream ever looks at a raw CloudFormation template.
 *
 * Identity: each planned resource keeps `id` = `<StackName>/<LogicalId>` (unique across stacks) and,
 * where CloudFormation would give it one, `physicalId` = what `Ref` resolves to locally (an ARN for
 * listeners/target groups/load balancers, a name for tables, an `sg-…` id for security groups…).
 * Cross-references between planned resources always use `id`.
 */

/** A resource address: `<StackName>/<LogicalId>`. */
export type ResourceId = string;

export interface Plan {
  readonly region: string;
  readonly accountId: string;
  readonly stacks: readonly StackPlan[];
  readonly httpApis: readonly HttpApiPlan[];
  readonly vpcLinks: readonly VpcLinkPlan[];
  readonly loadBalancers: readonly LoadBalancerPlan[];
  readonly targetGroups: readonly TargetGroupPlan[];
  readonly securityGroups: readonly SecurityGroupPlan[];
  readonly subnets: readonly SubnetPlan[];
  readonly ecsServices: readonly EcsServicePlan[];
  readonly cloudMapNamespaces: readonly CloudMapNamespacePlan[];
  readonly cloudMapServices: readonly CloudMapServicePlan[];
  readonly tables: readonly TablePlan[];
  /** One line per resource/property that was not emulated: what was done with it and why. */
  readonly support: readonly SupportNote[];
}

export interface StackPlan {
  readonly name: string;
  readonly templateFile: string;
  readonly resourceCount: number;
}

export type SupportLevel = 'emulated' | 'ignored' | 'rejected';

export interface SupportNote {
  readonly resource: ResourceId;
  readonly type: string;
  /** Property path, when the note is about one property rather than the whole resource. */
  readonly property?: string;
  readonly level: SupportLevel;
  readonly reason: string;
}

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

// ───────────────────────────── Elastic Load Balancing v2 ─────────────────────────────

export interface LoadBalancerPlan {
  readonly id: ResourceId;
  readonly physicalId: string;
  readonly name: string;
  readonly type: 'application' | 'network';
  readonly scheme: 'internal' | 'internet-facing';
  readonly securityGroupIds: readonly ResourceId[];
  readonly subnetIds: readonly ResourceId[];
  readonly listeners: readonly ListenerPlan[];
  /** Load balancer attributes by key (`idle_timeout.timeout_seconds` …), values as strings. */
  readonly attributes: Readonly<Record<string, string>>;
}

export interface ListenerPlan {
  readonly id: ResourceId;
  /** The listener ARN that `Ref` resolves to; integration URIs point at this. */
  readonly physicalId: string;
  readonly loadBalancerId: ResourceId;
  readonly port: number;
  readonly protocol: 'HTTP' | 'HTTPS';
  readonly defaultActions: readonly ActionPlan[];
  /** Sorted by ascending priority. */
  readonly rules: readonly RulePlan[];
}

export interface RulePlan {
  readonly id: ResourceId;
  readonly priority: number;
  readonly conditions: readonly ConditionPlan[];
  readonly actions: readonly ActionPlan[];
}

export type ConditionPlan =
  | { readonly field: 'path-pattern'; readonly values: readonly string[] }
  | { readonly field: 'host-header'; readonly values: readonly string[] }
  | { readonly field: 'http-request-method'; readonly values: readonly string[] }
  | { readonly field: 'source-ip'; readonly values: readonly string[] }
  | { readonly field: 'http-header'; readonly headerName: string; readonly values: readonly string[] }
  | { readonly field: 'query-string'; readonly values: readonly { readonly key?: string; readonly value: string }[] };

export type ActionPlan =
  | {
      readonly type: 'forward';
      readonly targetGroups: readonly { readonly targetGroupId: ResourceId; readonly weight: number }[];
      readonly stickinessSeconds?: number;
    }
  | { readonly type: 'fixed-response'; readonly statusCode: number; readonly contentType?: string; readonly messageBody?: string }
  | {
      readonly type: 'redirect';
      readonly statusCode: 301 | 302;
      readonly protocol?: string;
      readonly host?: string;
      readonly port?: string;
      readonly path?: string;
      readonly query?: string;
    };

export interface HealthCheckPlan {
  readonly enabled: boolean;
  readonly protocol: 'HTTP' | 'HTTPS';
  /** `traffic-port` or a fixed port number. */
  readonly port: 'traffic-port' | number;
  readonly path: string;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly healthyThreshold: number;
  readonly unhealthyThreshold: number;
  /** Success codes as AWS writes them: `200`, `200,202`, `200-299`. */
  readonly matcher: string;
}

export interface TargetGroupPlan {
  readonly id: ResourceId;
  readonly physicalId: string;
  readonly name: string;
  readonly port: number;
  readonly protocol: 'HTTP' | 'HTTPS';
  readonly targetType: 'ip' | 'instance' | 'lambda' | 'alb';
  readonly healthCheck: HealthCheckPlan;
  readonly deregistrationDelaySeconds: number;
  readonly algorithm: 'round_robin' | 'least_outstanding_requests' | 'weighted_random';
  readonly slowStartSeconds: number;
  /** Target group attributes by key, values as strings (everything, including the ones above). */
  readonly attributes: Readonly<Record<string, string>>;
}

// ───────────────────────────── EC2 networking ─────────────────────────────

export interface SecurityGroupRule {
  /** `-1` (all), `tcp`, `udp`, `icmp` … as in the template (numbers normalised: `6` → `tcp`). */
  readonly ipProtocol: string;
  readonly fromPort: number;
  readonly toPort: number;
  readonly cidrIp?: string;
  readonly cidrIpv6?: string;
  readonly sourceSecurityGroupId?: ResourceId;
  readonly description?: string;
  /** Where the rule is declared: the group itself, or a standalone `AWS::EC2::SecurityGroupIngress`. */
  readonly declaredBy: ResourceId;
}

export interface SecurityGroupPlan {
  readonly id: ResourceId;
  readonly physicalId: string;
  readonly description: string;
  readonly ingress: readonly SecurityGroupRule[];
  readonly egress: readonly SecurityGroupRule[];
}

export interface SubnetPlan {
  readonly id: ResourceId;
  readonly physicalId: string;
  readonly cidrBlock: string;
  readonly availabilityZone: string;
}

// ───────────────────────────── ECS ─────────────────────────────

export type ContainerImage =
  /** A container image asset: a build context directory on this machine and its Dockerfile. */
  | { readonly kind: 'asset'; readonly directory: string; readonly dockerfile: string; readonly assetHash: string }
  /** Anything else (a registry image): cannot run natively without an override. */
  | { readonly kind: 'registry'; readonly uri: string };

export interface ContainerPlan {
  readonly name: string;
  readonly image: ContainerImage;
  readonly essential: boolean;
  /** Resolved environment (references already substituted). */
  readonly environment: Readonly<Record<string, string>>;
  readonly portMappings: readonly { readonly containerPort: number; readonly protocol: string }[];
  readonly command?: readonly string[];
  readonly entryPoint?: readonly string[];
  readonly workingDirectory?: string;
  /** Seconds, Fargate default 30, max 120. */
  readonly stopTimeoutSeconds: number;
  readonly readonlyRootFilesystem: boolean;
  readonly user?: string;
}

export interface TaskDefinitionPlan {
  readonly id: ResourceId;
  readonly family: string;
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly containers: readonly ContainerPlan[];
}

export interface EcsServicePlan {
  readonly id: ResourceId;
  /** `ServiceName` if given, otherwise the logical id (CloudFormation would generate one). */
  readonly name: string;
  readonly clusterName: string;
  readonly desiredCount: number;
  readonly taskDefinition: TaskDefinitionPlan;
  readonly securityGroupIds: readonly ResourceId[];
  readonly subnetIds: readonly ResourceId[];
  readonly loadBalancers: readonly { readonly targetGroupId: ResourceId; readonly containerName: string; readonly containerPort: number }[];
  readonly serviceRegistries: readonly { readonly cloudMapServiceId: ResourceId; readonly containerName?: string; readonly containerPort?: number }[];
  readonly minimumHealthyPercent: number;
  readonly maximumPercent: number;
  readonly circuitBreaker: { readonly enable: boolean; readonly rollback: boolean };
  readonly healthCheckGracePeriodSeconds: number;
}

// ───────────────────────────── Cloud Map ─────────────────────────────

export interface CloudMapNamespacePlan {
  readonly id: ResourceId;
  readonly physicalId: string;
  readonly name: string;
  readonly type: 'DNS_PRIVATE' | 'DNS_PUBLIC' | 'HTTP';
}

export interface CloudMapServicePlan {
  readonly id: ResourceId;
  readonly physicalId: string;
  /** The service ARN that integration URIs point at. */
  readonly arn: string;
  readonly name: string;
  readonly namespaceId: ResourceId;
  readonly dnsRecordTypes: readonly ('A' | 'AAAA' | 'SRV' | 'CNAME')[];
  /** true when the service has `HealthCheckCustomConfig` (ECS pushes health). */
  readonly customHealthCheck: boolean;
}

// ───────────────────────────── DynamoDB ─────────────────────────────

export interface KeySchemaElement {
  readonly attributeName: string;
  readonly keyType: 'HASH' | 'RANGE';
}

export interface TablePlan {
  readonly id: ResourceId;
  /** `TableName` if given, otherwise `<Stack>-<LogicalId>-<suffix>` as CloudFormation names it. */
  readonly tableName: string;
  readonly keySchema: readonly KeySchemaElement[];
  readonly attributeDefinitions: readonly { readonly attributeName: string; readonly attributeType: 'S' | 'N' | 'B' }[];
  readonly globalSecondaryIndexes: readonly {
    readonly indexName: string;
    readonly keySchema: readonly KeySchemaElement[];
    readonly projectionType: string;
    readonly nonKeyAttributes: readonly string[];
  }[];
  readonly localSecondaryIndexes: readonly {
    readonly indexName: string;
    readonly keySchema: readonly KeySchemaElement[];
    readonly projectionType: string;
    readonly nonKeyAttributes: readonly string[];
  }[];
  readonly billingMode: 'PAY_PER_REQUEST' | 'PROVISIONED';
}
