/**
 * What `Ref` and `Fn::GetAtt` give for each resource type, locally. Values look like AWS's and are
 * deterministic; attributes nobody emulates get a readable placeholder (`<Logical.Attr>`).
 */
import type { CfnResource } from '../assembly/index.js';
import { arn, elbName, generatedName, hex, suffix } from './physical-ids.js';
import type { IdContext } from './physical-ids.js';

export interface AttributeInput {
  readonly ctx: IdContext;
  readonly logicalId: string;
  readonly resource: CfnResource;
  /** `undefined` for `Ref`. */
  readonly attribute: string | undefined;
  /** Resolves one property of this resource (for names the template sets itself). */
  prop(name: string): unknown;
}

type Handler = (input: AttributeInput) => unknown;

const seed = (i: AttributeInput): string => `${i.ctx.stackName}/${i.logicalId}`;
const shortId = (i: AttributeInput, length = 10): string => suffix(seed(i), length).toLowerCase();

const HANDLERS: Record<string, Handler> = {
  'AWS::EC2::SecurityGroup': (i) => (i.attribute === 'VpcId' ? i.prop('VpcId') : `sg-${hex(seed(i), 17)}`),
  'AWS::EC2::Subnet': (i) => (i.attribute === 'AvailabilityZone' ? i.prop('AvailabilityZone') : `subnet-${hex(seed(i), 17)}`),
  'AWS::EC2::VPC': (i) => {
    if (i.attribute === 'CidrBlock') return i.prop('CidrBlock');
    if (i.attribute === 'DefaultSecurityGroup') return `sg-${hex(`${seed(i)}/default`, 17)}`;
    if (i.attribute === 'CidrBlockAssociations') return [];
    return `vpc-${hex(seed(i), 17)}`;
  },
  'AWS::ElasticLoadBalancingV2::LoadBalancer': (i) => {
    const name = (i.prop('Name') as string | undefined) ?? elbName(i.ctx, i.logicalId);
    const id = hex(seed(i), 16);
    const internal = i.prop('Scheme') === 'internal' ? 'internal-' : '';
    switch (i.attribute) {
      case 'DNSName':
        return `${internal}${name}-${parseInt(id.slice(0, 8), 16)}.${i.ctx.region}.elb.amazonaws.com`;
      case 'LoadBalancerFullName':
        return `app/${name}/${id}`;
      case 'LoadBalancerName':
        return name;
      case 'CanonicalHostedZoneID':
        return 'Z1H1FL5HABSF5';
      case 'SecurityGroups':
        return i.prop('SecurityGroups');
      default:
        return arn(i.ctx, 'elasticloadbalancing', `loadbalancer/app/${name}/${id}`);
    }
  },
  'AWS::ElasticLoadBalancingV2::Listener': (i) => `${String(i.prop('LoadBalancerArn')).replace(':loadbalancer/', ':listener/')}/${hex(seed(i), 16)}`,
  'AWS::ElasticLoadBalancingV2::ListenerRule': (i) => `${String(i.prop('ListenerArn')).replace(':listener/', ':listener-rule/')}/${hex(seed(i), 16)}`,
  'AWS::ElasticLoadBalancingV2::TargetGroup': (i) => {
    const name = (i.prop('Name') as string | undefined) ?? elbName(i.ctx, i.logicalId);
    const id = hex(seed(i), 16);
    if (i.attribute === 'TargetGroupFullName') return `targetgroup/${name}/${id}`;
    if (i.attribute === 'TargetGroupName') return name;
    if (i.attribute === 'LoadBalancerArns') return [];
    return arn(i.ctx, 'elasticloadbalancing', `targetgroup/${name}/${id}`);
  },
  'AWS::ApiGatewayV2::Api': (i) => (i.attribute === 'ApiEndpoint' ? `https://${shortId(i)}.execute-api.${i.ctx.region}.amazonaws.com` : shortId(i)),
  'AWS::ApiGatewayV2::VpcLink': (i) => shortId(i),
  'AWS::ApiGatewayV2::Integration': (i) => shortId(i, 7),
  'AWS::ApiGatewayV2::Route': (i) => shortId(i, 7),
  'AWS::ApiGatewayV2::Authorizer': (i) => shortId(i, 6),
  'AWS::ApiGatewayV2::Stage': (i) => i.prop('StageName'),
  'AWS::DynamoDB::Table': (i) => {
    const name = (i.prop('TableName') as string | undefined) ?? generatedName(i.ctx, i.logicalId);
    if (i.attribute === 'Arn') return arn(i.ctx, 'dynamodb', `table/${name}`);
    if (i.attribute === 'StreamArn') return arn(i.ctx, 'dynamodb', `table/${name}/stream/1970-01-01T00:00:00.000`);
    return name;
  },
  'AWS::ServiceDiscovery::Service': (i) => {
    const id = `srv-${shortId(i, 16)}`;
    if (i.attribute === 'Arn') return arn(i.ctx, 'servicediscovery', `service/${id}`);
    if (i.attribute === 'Name') return i.prop('Name');
    return id;
  },
  'AWS::ECS::Cluster': (i) => {
    const name = (i.prop('ClusterName') as string | undefined) ?? generatedName(i.ctx, i.logicalId);
    return i.attribute === 'Arn' ? arn(i.ctx, 'ecs', `cluster/${name}`) : name;
  },
  'AWS::ECS::Service': (i) => {
    const name = (i.prop('ServiceName') as string | undefined) ?? generatedName(i.ctx, i.logicalId);
    return i.attribute === 'Name' ? name : arn(i.ctx, 'ecs', `service/${name}`);
  },
  'AWS::ECS::TaskDefinition': (i) => arn(i.ctx, 'ecs', `task-definition/${(i.prop('Family') as string | undefined) ?? i.logicalId}:1`),
  'AWS::IAM::Role': (i) => {
    const name = (i.prop('RoleName') as string | undefined) ?? generatedName(i.ctx, i.logicalId, 64);
    return i.attribute === 'Arn' ? `arn:aws:iam::${i.ctx.accountId}:role/${name}` : i.attribute === 'RoleId' ? `AROA${suffix(seed(i), 17)}` : name;
  },
  'AWS::Logs::LogGroup': (i) => {
    const name = (i.prop('LogGroupName') as string | undefined) ?? generatedName(i.ctx, i.logicalId, 512);
    return i.attribute === 'Arn' ? arn(i.ctx, 'logs', `log-group:${name}:*`) : name;
  },
  // Ref and GetAtt Id: the full ARN, whose name ends in `-` and six characters Secrets Manager adds.
  'AWS::SecretsManager::Secret': (i) => secretArn(i, secretName(i)),
  // Ref: the ARN of the secret it attaches to.
  'AWS::SecretsManager::SecretTargetAttachment': (i) => i.prop('SecretId'),
  'AWS::SSM::Parameter': (i) => {
    const name = ssmParameterName(i);
    if (i.attribute === 'Type') return i.prop('Type') ?? 'String';
    if (i.attribute === 'Value') return i.prop('Value');
    return name;
  },
};

/** A secret's name: `Name`, else `<LogicalId>-<12 characters>` as CloudFormation generates it. */
export function secretName(i: AttributeInput): string {
  return (i.prop('Name') as string | undefined) ?? `${i.logicalId}-${suffix(seed(i), 12)}`;
}

export function secretArn(i: Pick<AttributeInput, 'ctx'>, name: string): string {
  const tail = Array.from(hex(`secret/${name}`, 12).match(/../g) ?? [], (pair, index) => {
    const code = parseInt(pair, 16);
    return index % 2 === 0 ? String.fromCharCode(65 + (code % 26)) : String.fromCharCode(97 + (code % 26));
  }).join('');
  return arn(i.ctx, 'secretsmanager', `secret:${name}-${tail.slice(0, 6)}`);
}

/** An SSM parameter's name: `Name`, else `CFN-<LogicalId>-<suffix>` as CloudFormation generates it. */
export function ssmParameterName(i: AttributeInput): string {
  return (i.prop('Name') as string | undefined) ?? `CFN-${i.logicalId}-${suffix(seed(i), 12)}`;
}

/** Namespaces: `Id` and `Ref` are the namespace id, `Arn` its ARN. */
for (const type of ['AWS::ServiceDiscovery::PrivateDnsNamespace', 'AWS::ServiceDiscovery::PublicDnsNamespace', 'AWS::ServiceDiscovery::HttpNamespace']) {
  HANDLERS[type] = (i) => {
    const id = `ns-${shortId(i, 16)}`;
    if (i.attribute === 'Arn') return arn(i.ctx, 'servicediscovery', `namespace/${id}`);
    if (i.attribute === 'HostedZoneId') return `Z${suffix(seed(i), 13)}`;
    return id;
  };
}

export function attributeOf(input: AttributeInput): unknown {
  const handler = HANDLERS[input.resource.Type];
  if (handler) return handler(input);
  if (input.attribute === undefined) return `${input.logicalId}-${shortId(input, 12)}`;
  if (input.attribute === 'Arn') return arn(input.ctx, input.resource.Type.split('::')[1]?.toLowerCase() ?? 'unknown', `${input.logicalId}/${shortId(input, 12)}`);
  return `<${input.logicalId}.${input.attribute}>`;
}
