/**
 * The support matrix as data: for each CloudFormation resource type, whether gatelink emulates it,
 * accepts and ignores it (and why), or rejects it. docs/support-matrix.md lists every entry (a test
 * keeps them in step).
 */
import type { SupportLevel } from './types.js';

export interface SupportEntry {
  readonly level: SupportLevel;
  readonly reason: string;
}

const LOCAL_CREDENTIALS = 'tasks get dummy credentials and the embedded engines do not enforce IAM';
const CONTROL_PLANE = 'AWS plumbing with no local equivalent; every hop runs on loopback';
const LOGS = 'task output goes to per-task files in the data dir (`gatelink logs`)';

export const SUPPORT: Readonly<Record<string, SupportEntry>> = {
  'AWS::ApiGatewayV2::Api': { level: 'emulated', reason: 'HTTP APIs: stages, routes, CORS (preflights answered by the gateway); WEBSOCKET APIs are rejected' },
  'AWS::ApiGatewayV2::Route': { level: 'emulated', reason: 'route keys and AWS precedence, `$default`, greedy paths, JWT authorization and scopes' },
  'AWS::ApiGatewayV2::Integration': { level: 'emulated', reason: 'HTTP_PROXY over a VPC link to a listener or Cloud Map service, timeouts, request and response parameter mapping; other types are rejected' },
  'AWS::ApiGatewayV2::Stage': { level: 'emulated', reason: 'named and `$default` stages, stage variables, throttling (token buckets), access logs in the stage format' },
  'AWS::ApiGatewayV2::VpcLink': { level: 'emulated', reason: 'its security groups and subnets decide what it can reach' },
  'AWS::ApiGatewayV2::Authorizer': { level: 'emulated', reason: 'JWT authorizers: RSA signatures against the issuer JWKS, iss/aud/client_id/exp/nbf, scopes; Lambda authorizers answer 500' },
  'AWS::ApiGatewayV2::Deployment': { level: 'ignored', reason: 'routes are live at once locally (as with AutoDeploy)' },
  'AWS::ElasticLoadBalancingV2::LoadBalancer': { level: 'emulated', reason: 'application load balancers and their attributes; network load balancers are accepted but not served' },
  'AWS::ElasticLoadBalancingV2::Listener': { level: 'emulated', reason: 'HTTP listeners and default actions' },
  'AWS::ElasticLoadBalancingV2::ListenerRule': { level: 'emulated', reason: 'conditions and forward / fixed-response / redirect actions by priority' },
  'AWS::ElasticLoadBalancingV2::TargetGroup': { level: 'emulated', reason: 'health checks, target states, draining, balancing algorithm' },
  'AWS::EC2::SecurityGroup': { level: 'emulated', reason: 'ingress and egress rules are evaluated on every hop' },
  'AWS::EC2::SecurityGroupIngress': { level: 'emulated', reason: 'attached to its group' },
  'AWS::EC2::SecurityGroupEgress': { level: 'emulated', reason: 'attached to its group' },
  'AWS::EC2::Subnet': { level: 'emulated', reason: 'CIDR blocks give each network interface a private address for CIDR rules' },
  'AWS::ECS::Service': { level: 'emulated', reason: 'desired count, load balancers, service registries, deployment settings' },
  'AWS::ECS::TaskDefinition': { level: 'emulated', reason: 'containers run as native processes (image asset → Dockerfile / package.json)' },
  'AWS::ECS::Cluster': { level: 'emulated', reason: 'a name for its services' },
  'AWS::ServiceDiscovery::PrivateDnsNamespace': { level: 'emulated', reason: 'Cloud Map registry (API discovery; no DNS server)' },
  'AWS::ServiceDiscovery::PublicDnsNamespace': { level: 'emulated', reason: 'Cloud Map registry (API discovery; no DNS server)' },
  'AWS::ServiceDiscovery::HttpNamespace': { level: 'emulated', reason: 'Cloud Map registry' },
  'AWS::ServiceDiscovery::Service': { level: 'emulated', reason: 'instances registered from ECS tasks, health from the target group' },
  'AWS::DynamoDB::Table': { level: 'emulated', reason: 'embedded DynamoDB (dynalite) with the key schema and indexes, persisted in the data dir' },
  'AWS::SecretsManager::Secret': { level: 'emulated', reason: 'values kept in the data dir (file mode 0600): `SecretString` as given, `GenerateSecretString` generated once; served by the embedded Secrets Manager API and injected as container secrets' },
  'AWS::SecretsManager::SecretTargetAttachment': { level: 'ignored', reason: 'no database runs locally to attach to: the secret keeps its value, without the host/port/engine keys AWS adds' },
  'AWS::SecretsManager::RotationSchedule': { level: 'ignored', reason: 'secrets are not rotated locally (no rotation Lambda runs); `PutSecretValue` changes a value' },
  'AWS::SecretsManager::ResourcePolicy': { level: 'ignored', reason: LOCAL_CREDENTIALS },
  'AWS::SSM::Parameter': { level: 'emulated', reason: 'String and StringList parameters in the local SSM store: the embedded SSM API, container secrets, `{{resolve:ssm:…}}`' },
  'AWS::KMS::Key': { level: 'ignored', reason: 'no KMS locally: secret values are kept unencrypted in the data dir, readable only by its owner' },
  'AWS::KMS::Alias': { level: 'ignored', reason: 'no KMS locally' },
  'AWS::EC2::VPC': { level: 'ignored', reason: CONTROL_PLANE },
  'AWS::EC2::InternetGateway': { level: 'ignored', reason: CONTROL_PLANE },
  'AWS::EC2::VPCGatewayAttachment': { level: 'ignored', reason: CONTROL_PLANE },
  'AWS::EC2::RouteTable': { level: 'ignored', reason: CONTROL_PLANE },
  'AWS::EC2::Route': { level: 'ignored', reason: CONTROL_PLANE },
  'AWS::EC2::SubnetRouteTableAssociation': { level: 'ignored', reason: CONTROL_PLANE },
  'AWS::EC2::NatGateway': { level: 'ignored', reason: 'egress to the internet is the machine’s own' },
  'AWS::EC2::EIP': { level: 'ignored', reason: 'egress to the internet is the machine’s own' },
  'AWS::EC2::Instance': { level: 'ignored', reason: 'EC2 instances (e.g. a NAT instance) are not run locally' },
  'AWS::EC2::VPCEndpoint': { level: 'ignored', reason: 'tasks reach the embedded engines directly' },
  'AWS::EC2::FlowLog': { level: 'ignored', reason: 'blocked hops are logged by gatelink itself, naming the missing rule' },
  'AWS::IAM::Role': { level: 'ignored', reason: LOCAL_CREDENTIALS },
  'AWS::IAM::Policy': { level: 'ignored', reason: LOCAL_CREDENTIALS },
  'AWS::IAM::ManagedPolicy': { level: 'ignored', reason: LOCAL_CREDENTIALS },
  'AWS::IAM::InstanceProfile': { level: 'ignored', reason: LOCAL_CREDENTIALS },
  'AWS::Logs::LogGroup': { level: 'ignored', reason: LOGS },
  'AWS::ApplicationAutoScaling::ScalableTarget': { level: 'ignored', reason: 'the service’s desired count is used; no scaling locally' },
  'AWS::ApplicationAutoScaling::ScalingPolicy': { level: 'ignored', reason: 'the service’s desired count is used; no scaling locally' },
  'AWS::CDK::Metadata': { level: 'ignored', reason: 'CDK version reporting' },
  'AWS::ApiGateway::RestApi': { level: 'rejected', reason: 'REST APIs (v1) are not emulated; gatelink emulates HTTP APIs (v2)' },
  'AWS::Lambda::Function': { level: 'ignored', reason: 'Lambda functions are not run (custom resources they back are not executed)' },
  'AWS::CloudFormation::CustomResource': { level: 'ignored', reason: 'custom resources are not executed locally' },
};

/** Types not in the table: accepted and ignored, with this reason. */
export const UNKNOWN_TYPE: SupportEntry = { level: 'ignored', reason: 'not emulated: gatelink does not know this type; it takes no part in serving requests locally' };

export function supportOf(type: string): SupportEntry {
  if (type.startsWith('Custom::')) return SUPPORT['AWS::CloudFormation::CustomResource'] as SupportEntry;
  return SUPPORT[type] ?? UNKNOWN_TYPE;
}
