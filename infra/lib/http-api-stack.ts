/**
 * HttpApiStack (the seed's name): the HTTP API, its `$default` auto-deploy stage with access logs and
 * default-route throttling, and one HTTP_PROXY integration over the VPC link to the ALB listener for
 * `ANY /{proxy+}`. The seed's consumer VPC and SSH bastion are gone: the HTTP API is the way in.
 */
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpAlbIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { CfnOutput } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { BookstoreConfig } from './config.js';
import { suppressHttpApiFindings } from './nag-suppressions.js';

export interface HttpApiStackProps extends StackProps {
  readonly config: BookstoreConfig;
  readonly httpVpcLink: apigwv2.IVpcLink;
  readonly httpApiListener: elbv2.IApplicationListener;
}

/** The access-log line: the request, the route, and what the integration answered. */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  routeKey: '$context.routeKey',
  path: '$context.path',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  integrationStatus: '$context.integrationStatus',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
});

export class HttpApiStack extends Stack {
  readonly api: apigwv2.HttpApi;

  constructor(scope: Construct, id: string, props: HttpApiStackProps) {
    super(scope, id, props);
    const accessLogs = new logs.LogGroup(this, 'HttpApiAccessLogs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    this.api = new apigwv2.HttpApi(this, 'http-api', { createDefaultStage: false, description: 'Bookstore HTTP API: books and authors over a VPC link' });
    new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.config.throttle.rateLimit, burstLimit: props.config.throttle.burstLimit },
      accessLogSettings: { destination: new apigwv2.LogGroupLogDestination(accessLogs), format: apigw.AccessLogFormat.custom(ACCESS_LOG_FORMAT) },
    });
    const integration = new HttpAlbIntegration('BookstoreAlbIntegration', props.httpApiListener, {
      vpcLink: props.httpVpcLink,
      method: apigwv2.HttpMethod.ANY,
    });
    this.api.addRoutes({ path: '/{proxy+}', methods: [apigwv2.HttpMethod.ANY], integration });
    new CfnOutput(this, 'HttpApiUrl', { value: this.api.apiEndpoint, description: 'curl -s $URL/api/books | jq' });
    suppressHttpApiFindings(this);
  }
}
