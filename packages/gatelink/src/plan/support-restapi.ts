/**
 * The REST API (API Gateway v1) rows of the support matrix, and the per-resource checks that turn an
 * accepted type into a refusal (a Lambda proxy integration, a Lambda authorizer). Spread into
 * ./support.ts; docs/support-matrix.md lists every row.
 */
import type { ResolvedResource } from './resources.js';
import type { SupportEntry } from './support.js';
import { record, str } from './values.js';

const NO_LAMBDA = 'gatelink does not run Lambda functions';

export const REST_SUPPORT: Readonly<Record<string, SupportEntry>> = {
  'AWS::ApiGateway::RestApi': { level: 'emulated', reason: 'REST APIs from resources or an inline OpenAPI `Body` (SpecRestApi): `/{stage}/path` invocation, API-key source, binary media types; `BodyS3Location` is rejected' },
  'AWS::ApiGateway::Resource': { level: 'emulated', reason: 'the resource tree: literal parts, `{param}` and `{proxy+}` with AWS precedence; unmatched paths answer 403 Missing Authentication Token' },
  'AWS::ApiGateway::Method': { level: 'emulated', reason: 'HTTP, HTTP_PROXY, MOCK and AWS (SQS, DynamoDB) integrations, VTL mapping templates, parameter mappings, integration and method responses, API keys, validators, Cognito authorizers; AWS_PROXY (Lambda) is rejected' },
  'AWS::ApiGateway::Deployment': { level: 'emulated', reason: 'its `StageName` creates a stage; every deployment serves the methods of the template (no deployment snapshots)' },
  'AWS::ApiGateway::Stage': { level: 'emulated', reason: 'stage variables, MethodSettings throttling, access logs in the stage format, X-Ray trace header' },
  'AWS::ApiGateway::VpcLink': { level: 'emulated', reason: 'v1 VPC links: the integration URI’s port picks the listener of the target network load balancer' },
  'AWS::ApiGateway::Authorizer': { level: 'emulated', reason: `COGNITO_USER_POOLS: ID/access tokens verified against the pool issuer (gatelink's local issuer stands in: \`gatelink token\`); TOKEN/REQUEST Lambda authorizers are rejected (${NO_LAMBDA})` },
  'AWS::ApiGateway::RequestValidator': { level: 'emulated', reason: 'required parameters and JSON Schema draft 4 bodies, with AWS’s 400 answers' },
  'AWS::ApiGateway::Model': { level: 'emulated', reason: 'JSON Schema draft 4 models for request validation' },
  'AWS::ApiGateway::GatewayResponse': { level: 'emulated', reason: 'status, headers and body templates of the gateway’s own answers, DEFAULT_4XX/DEFAULT_5XX fallbacks' },
  'AWS::ApiGateway::ApiKey': { level: 'emulated', reason: '`x-api-key` values (a value the template leaves out is derived locally and logged at start)' },
  'AWS::ApiGateway::UsagePlan': { level: 'emulated', reason: 'per-key throttling (token buckets) and quotas (DAY/WEEK/MONTH, in memory) for the plan’s API stages' },
  'AWS::ApiGateway::UsagePlanKey': { level: 'emulated', reason: 'ties an API key to a usage plan' },
  'AWS::ApiGateway::Account': { level: 'ignored', reason: 'the CloudWatch role of the account; access logs are written by gatelink itself' },
  'AWS::ApiGateway::DomainName': { level: 'ignored', reason: 'custom domains: call the gateway port with `Host: {apiId}.execute-api.localhost` instead' },
  'AWS::ApiGateway::BasePathMapping': { level: 'ignored', reason: 'custom domains are not served locally' },
  'AWS::ApiGateway::ClientCertificate': { level: 'ignored', reason: 'gatelink calls backends over plain HTTP' },
  'AWS::ApiGateway::DocumentationPart': { level: 'ignored', reason: 'documentation only' },
  'AWS::ApiGateway::DocumentationVersion': { level: 'ignored', reason: 'documentation only' },
};

/** A refusal for a resource whose type is accepted but whose properties ask for something gatelink cannot run. */
export function restSupportOverride(resource: ResolvedResource): SupportEntry | undefined {
  if (resource.type === 'AWS::ApiGateway::Method') {
    const type = str(record(resource.props.Integration).Type).toUpperCase();
    if (type === 'AWS_PROXY') return { level: 'rejected', reason: `AWS_PROXY (Lambda proxy) integrations are not run: ${NO_LAMBDA} (LambdaRestApi and LambdaIntegration produce them)` };
  }
  if (resource.type === 'AWS::ApiGateway::Authorizer') {
    const type = str(resource.props.Type, 'TOKEN').toUpperCase();
    if (type !== 'COGNITO_USER_POOLS') return { level: 'rejected', reason: `${type} (Lambda) authorizers are not run: ${NO_LAMBDA}; gatelink refuses rather than let requests through unchecked` };
  }
  return undefined;
}
