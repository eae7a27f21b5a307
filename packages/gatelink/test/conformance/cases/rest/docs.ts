/** The AWS documentation pages the REST API conformance cases encode. */
const APIGW = 'https://docs.aws.amazon.com/apigateway/latest/developerguide';

export const REST_DOC = {
  invoke: `${APIGW}/how-to-call-api.html`,
  responses: `${APIGW}/supported-gateway-response-types.html`,
  forbidden: 'https://repost.aws/knowledge-center/api-gateway-troubleshoot-403-forbidden',
  knownIssues: `${APIGW}/api-gateway-known-issues.html`,
  proxyResource: `${APIGW}/api-gateway-set-up-simple-proxy.html`,
  httpIntegrations: `${APIGW}/setup-http-integrations.html`,
  stageVariables: `${APIGW}/stage-variables.html`,
  timeout: 'https://repost.aws/knowledge-center/api-gateway-504-errors',
  mock: `${APIGW}/how-to-mock-integration.html`,
  cors: `${APIGW}/how-to-cors.html`,
  templates: `${APIGW}/api-gateway-mapping-template-reference.html`,
  parameterMapping: `${APIGW}/request-response-data-mappings.html`,
  passthrough: `${APIGW}/integration-passthrough-behaviors.html`,
  overrides: `${APIGW}/apigateway-override-request-response-parameters.html`,
  integrationResponses: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-apigateway-method-integration-integrationresponse.html',
  usagePlans: `${APIGW}/api-gateway-create-usage-plans-with-rest-api.html`,
  apiKeySource: `${APIGW}/api-gateway-api-key-source.html`,
  validation: `${APIGW}/api-gateway-method-request-validation.html`,
  throttling: `${APIGW}/api-gateway-request-throttling.html`,
  cognito: `${APIGW}/apigateway-enable-cognito-user-pool.html`,
  awsIntegration: 'https://docs.aws.amazon.com/apigateway/latest/api/API_Integration.html',
  openapi: `${APIGW}/api-gateway-swagger-extensions.html`,
  gatewayResponses: `${APIGW}/api-gateway-gatewayResponse-definition.html`,
  accessLogs: `${APIGW}/set-up-logging.html`,
  limits: `${APIGW}/api-gateway-execution-service-limits-table.html`,
} as const;

/** The Spec API's base path on the shared gateway port. */
export const SPEC = '/restapis/{api:spec-shop}/live';
