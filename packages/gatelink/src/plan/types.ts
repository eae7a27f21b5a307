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
import type { HttpApiPlan, VpcLinkPlan } from './types-apigw.js';
import type { LoadBalancerPlan, TargetGroupPlan } from './types-elb.js';
import type { SecretPlan, SsmParameterPlan } from './types-secrets.js';
import type { CloudMapNamespacePlan, CloudMapServicePlan, EcsServicePlan, SecurityGroupPlan, SubnetPlan, TablePlan } from './types-compute.js';

/** A resource address: `<StackName>/<LogicalId>`. */
export type ResourceId = string;

export type * from './types-apigw.js';
export type * from './types-elb.js';
export type * from './types-compute.js';
export type * from './types-secrets.js';

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
  /** Secrets Manager secrets and SSM parameters of the app (values are kept by ../secrets/). */
  readonly secrets?: readonly SecretPlan[];
  readonly ssmParameters?: readonly SsmParameterPlan[];
  /** SSM-typed template parameters whose SSM parameter is not in the local store: a stand-in was used. */
  readonly parameterStandIns?: readonly string[];
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

