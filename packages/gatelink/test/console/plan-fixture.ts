/**
 * A small plan with every kind the console draws: an HTTP API route → VPC link → ALB listener (a
 * rule and a default action) → target group → ECS service, a DynamoDB table the service names. With
 * `taskIngress: false` the task security group does not admit the load balancer (the SG gap).
 */
import type { Plan, SecurityGroupPlan } from '../../src/plan/types.js';

const allOut = { ipProtocol: '-1', fromPort: 0, toPort: 65535, cidrIp: '0.0.0.0/0', declaredBy: 'x' };

function group(id: string, ingress?: { from: string; port: number }): SecurityGroupPlan {
  return { id, physicalId: `sg-${id.split('/')[1]}`, description: id, ingress: ingress ? [{ ipProtocol: 'tcp', fromPort: ingress.port, toPort: ingress.port, sourceSecurityGroupId: ingress.from, declaredBy: id }] : [], egress: [allOut] };
}

export function consolePlan(options: { taskIngress?: boolean } = {}): Plan {
  const healthCheck = { enabled: true, protocol: 'HTTP' as const, port: 'traffic-port' as const, path: '/health', intervalSeconds: 5, timeoutSeconds: 2, healthyThreshold: 2, unhealthyThreshold: 2, matcher: '200' };
  return {
    region: 'us-east-1',
    accountId: '000000000000',
    stacks: [],
    httpApis: [
      {
        id: 'S/Api',
        apiId: 'abc123',
        name: 'shop-api',
        routes: [{ id: 'S/Route', routeKey: 'ANY /{proxy+}', method: 'ANY', path: '/{proxy+}', integrationId: 'S/Integration', authorizationType: 'NONE', authorizationScopes: [] }],
        integrations: [{ id: 'S/Integration', type: 'HTTP_PROXY', method: 'ANY', connectionType: 'VPC_LINK', vpcLinkId: 'S/Link', target: { kind: 'listener', listenerId: 'S/Listener' }, payloadFormatVersion: '1.0', timeoutMs: 30_000, requestParameters: {}, responseParameters: {} }],
        stages: [{ id: 'S/Default', name: '$default', autoDeploy: true, stageVariables: {}, defaultRouteSettings: {}, routeSettings: {} }],
        authorizers: [],
        disableExecuteApiEndpoint: false,
      },
    ],
    vpcLinks: [{ id: 'S/Link', physicalId: 'link1', name: 'shop-link', subnetIds: [], securityGroupIds: ['S/LinkSg'] }],
    loadBalancers: [
      {
        id: 'S/Lb',
        physicalId: 'arn:lb',
        name: 'shop-alb',
        type: 'application',
        scheme: 'internal',
        securityGroupIds: ['S/AlbSg'],
        subnetIds: [],
        attributes: {},
        listeners: [
          {
            id: 'S/Listener',
            physicalId: 'arn:listener',
            loadBalancerId: 'S/Lb',
            port: 80,
            protocol: 'HTTP',
            defaultActions: [{ type: 'fixed-response', statusCode: 404 }],
            rules: [{ id: 'S/Rule', priority: 10, conditions: [{ field: 'path-pattern', values: ['/api/*'] }], actions: [{ type: 'forward', targetGroups: [{ targetGroupId: 'S/Tg', weight: 1 }] }] }],
          },
        ],
      },
    ],
    targetGroups: [{ id: 'S/Tg', physicalId: 'arn:tg', name: 'shop-tg', port: 8080, protocol: 'HTTP', targetType: 'ip', healthCheck, deregistrationDelaySeconds: 5, algorithm: 'round_robin', slowStartSeconds: 0, attributes: {} }],
    securityGroups: [group('S/LinkSg'), group('S/AlbSg', { from: 'S/LinkSg', port: 80 }), group('S/TaskSg', options.taskIngress === false ? undefined : { from: 'S/AlbSg', port: 8080 })],
    subnets: [],
    ecsServices: [
      {
        id: 'S/Service',
        name: 'shopService',
        clusterName: 'cluster',
        desiredCount: 2,
        taskDefinition: { id: 'S/TaskDef', family: 'shop', cpu: 256, memoryMiB: 512, containers: [{ name: 'web', image: { kind: 'registry', uri: 'x' }, essential: true, environment: { TABLE_NAME: 'shop-items' }, portMappings: [{ containerPort: 8080, protocol: 'tcp' }], stopTimeoutSeconds: 30, readonlyRootFilesystem: false }] },
        securityGroupIds: ['S/TaskSg'],
        subnetIds: [],
        loadBalancers: [{ targetGroupId: 'S/Tg', containerName: 'web', containerPort: 8080 }],
        serviceRegistries: [],
        minimumHealthyPercent: 100,
        maximumPercent: 200,
        circuitBreaker: { enable: false, rollback: false, resetOnHealthyTask: true },
        healthCheckGracePeriodSeconds: 0,
      },
    ],
    cloudMapNamespaces: [],
    cloudMapServices: [],
    tables: [{ id: 'S/Items', tableName: 'shop-items', keySchema: [{ attributeName: 'id', keyType: 'HASH' }], attributeDefinitions: [{ attributeName: 'id', attributeType: 'S' }], globalSecondaryIndexes: [], localSecondaryIndexes: [], billingMode: 'PAY_PER_REQUEST' }],
    restApis: [],
    restVpcLinks: [],
    apiKeys: [],
    usagePlans: [],
    support: [],
  };
}
