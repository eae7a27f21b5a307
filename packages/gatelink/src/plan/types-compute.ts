/** Plan types: EC2 networking, ECS, Cloud Map and DynamoDB. See ./types.ts for the plan as a whole. */
import type { ResourceId } from './types.js';
import type { ContainerSecretPlan } from './types-secrets.js';

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
  | {
      readonly kind: 'asset';
      readonly directory: string;
      readonly dockerfile: string;
      readonly assetHash: string;
      /** The multi-stage build's `target` (`ContainerImage.fromAsset(dir, { target })`): that stage runs. */
      readonly target?: string;
      /** `ContainerImage.fromAsset(dir, { buildArgs })`: ARG values in the Dockerfile (WORKDIR, ENV, FROM, COPY). */
      readonly buildArgs?: Readonly<Record<string, string>>;
    }
  /** Anything else (a registry image): cannot run natively without an override. */
  | { readonly kind: 'registry'; readonly uri: string };

export interface ContainerPlan {
  readonly name: string;
  readonly image: ContainerImage;
  readonly essential: boolean;
  /** Resolved environment (references already substituted). */
  readonly environment: Readonly<Record<string, string>>;
  /** `Secrets`: environment variables filled from Secrets Manager / SSM when a task starts. */
  readonly secrets?: readonly ContainerSecretPlan[];
  readonly portMappings: readonly { readonly containerPort: number; readonly protocol: string }[];
  readonly command?: readonly string[];
  readonly entryPoint?: readonly string[];
  readonly workingDirectory?: string;
  /** Seconds, Fargate default 30, max 120. */
  readonly stopTimeoutSeconds: number;
  readonly readonlyRootFilesystem: boolean;
  readonly user?: string;
  /** The container `HealthCheck`, with ECS's defaults applied; absent when none (or `NONE`). */
  readonly healthCheck?: ContainerHealthCheckPlan;
  /** `DependsOn`: containers that must reach a condition before this one starts (reversed on stop). */
  readonly dependsOn?: readonly ContainerDependencyPlan[];
}

export interface ContainerHealthCheckPlan {
  /** `['CMD-SHELL', line]` or `['CMD', program, ...args]`, as in the task definition. */
  readonly command: readonly string[];
  /** Seconds between checks (5–300, default 30). */
  readonly intervalSeconds: number;
  /** Seconds a check may take (2–60, default 5). */
  readonly timeoutSeconds: number;
  /** Consecutive failures that make the container UNHEALTHY (1–10, default 3). */
  readonly retries: number;
  /** Seconds after the start during which failures do not count (0–300, default 0: off). */
  readonly startPeriodSeconds: number;
}

export type ContainerCondition = 'START' | 'COMPLETE' | 'SUCCESS' | 'HEALTHY';

export interface ContainerDependencyPlan {
  readonly containerName: string;
  readonly condition: ContainerCondition;
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
  /**
   * `DeploymentCircuitBreaker`; `resetOnHealthyTask` (default true): a task of the deployment that
   * becomes healthy sets its failure count back to 0.
   * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentCircuitBreaker.html
   */
  readonly circuitBreaker: CircuitBreakerPlan;
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

export interface CircuitBreakerPlan {
  readonly enable: boolean;
  readonly rollback: boolean;
  readonly resetOnHealthyTask: boolean;
}
