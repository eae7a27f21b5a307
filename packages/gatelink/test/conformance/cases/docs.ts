/** The AWS documentation pages the conformance cases encode. */
const APIGW = 'https://docs.aws.amazon.com/apigateway/latest/developerguide';
const ELB = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application';
const NLB = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/network';

export const DOC = {
  routes: `${APIGW}/http-api-develop-routes.html`,
  stages: `${APIGW}/http-api-stages.html`,
  privateIntegrations: `${APIGW}/http-api-develop-integrations-private.html`,
  jwt: `${APIGW}/http-api-jwt-authorizer.html`,
  jwtTroubleshooting: `${APIGW}/http-api-troubleshooting-jwt.html`,
  cors: `${APIGW}/http-api-cors.html`,
  throttling: `${APIGW}/http-api-throttling.html`,
  mapping: `${APIGW}/http-api-parameter-mapping.html`,
  quotas: `${APIGW}/http-api-quotas.html`,
  logging: `${APIGW}/http-api-logging-variables.html`,
  albRules: `${ELB}/listener-update-rules.html`,
  albActions: `${ELB}/rule-action-types.html`,
  targetHealth: `${ELB}/target-group-health-checks.html`,
  nlbListeners: `${NLB}/load-balancer-listeners.html`,
  nlbIntroduction: `${NLB}/introduction.html`,
  nlbTargetGroups: `${NLB}/load-balancer-target-groups.html`,
  nlbAlbTarget: `${NLB}/application-load-balancer-target.html`,
  nlbHealthChecks: `${NLB}/target-group-health-checks.html`,
  nlbSecurityGroups: `${NLB}/load-balancer-security-groups.html`,
  httpIntegrations: `${APIGW}/http-api-develop-integrations-http.html`,
  nlbPrivateIntegration: `${APIGW}/http-api-develop-integrations-private.html`,
} as const;
