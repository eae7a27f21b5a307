/**
 * The REST API of seed 002, one API with an API key and usage plan on every method:
 * - POST /messages → SQS SendMessage directly (an AWS service integration, no code): a VTL request
 *   template turns the JSON body into the query protocol's form, and the answer is mapped to
 *   `202 {"messageId": …}`;
 * - GET /items and GET /items/{id} → VPC link → NLB → ALB → api-service.
 */
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { QueueWorkerConfig } from './config.js';

export interface RestApiProps {
  readonly queue: sqs.IQueue;
  readonly nlb: elbv2.INetworkLoadBalancer;
  readonly port: number;
  readonly config: QueueWorkerConfig;
}

/** The JSON body as SendMessage's form: the whole body is the message. */
export const SEND_MESSAGE_TEMPLATE = 'Action=SendMessage&MessageBody=$util.urlEncode($input.body)';
/** SQS's answer (JSON, as API Gateway asks for it) mapped to what clients get. */
export const SENT_TEMPLATE = '{"messageId": "$input.path(\'$.SendMessageResponse.SendMessageResult.MessageId\')"}';

/**
 * `SendMessage` as an AWS integration, no code: the request body becomes the message (VTL, form
 * encoded, `NEVER` passthrough so only JSON is sent on) and SQS's answer becomes `202 {messageId}`.
 * The role API Gateway assumes may only send to this queue.
 */
export function sqsSendMessageIntegration(scope: Construct, queue: sqs.IQueue): apigw.AwsIntegration {
  const role = new iam.Role(scope, 'SendMessageRole', { assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'), description: 'API Gateway sends POST /messages bodies to the queue' });
  queue.grantSendMessages(role);
  return new apigw.AwsIntegration({
    service: 'sqs',
    path: `${Stack.of(scope).account}/${queue.queueName}`,
    integrationHttpMethod: 'POST',
    options: {
      credentialsRole: role,
      passthroughBehavior: apigw.PassthroughBehavior.NEVER,
      requestParameters: { 'integration.request.header.Content-Type': "'application/x-www-form-urlencoded'" },
      requestTemplates: { 'application/json': SEND_MESSAGE_TEMPLATE },
      integrationResponses: [
        { statusCode: '202', selectionPattern: '2\\d{2}', responseTemplates: { 'application/json': SENT_TEMPLATE } },
        { statusCode: '500', responseTemplates: { 'application/json': '{"message": "the message could not be queued"}' } },
      ],
    },
  });
}

export class QueueWorkerApi extends Construct {
  readonly api: apigw.RestApi;
  readonly apiKey: apigw.IApiKey;
  readonly vpcLink: apigw.VpcLink;

  constructor(scope: Construct, id: string, props: RestApiProps) {
    super(scope, id);
    const { config } = props;
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    this.api = new apigw.RestApi(this, 'Api', {
      description: 'Seed 002: messages into SQS, results read through VPC link → NLB → ALB',
      endpointTypes: [apigw.EndpointType.REGIONAL],
      apiKeySourceType: apigw.ApiKeySourceType.HEADER,
      cloudWatchRole: false,
      deployOptions: {
        stageName: 'prod',
        throttlingRateLimit: config.throttle.rateLimit,
        throttlingBurstLimit: config.throttle.burstLimit,
        accessLogDestination: new apigw.LogGroupLogDestination(accessLogs),
        accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields(),
      },
      defaultMethodOptions: { apiKeyRequired: true },
    });
    this.apiKey = this.api.addApiKey('ApiKey', { description: 'Key of the queue-worker API (read it with aws apigateway get-api-key --include-value)' });
    const plan = this.api.addUsagePlan('UsagePlan', {
      description: 'Every client of the queue-worker API',
      throttle: { rateLimit: config.throttle.rateLimit, burstLimit: config.throttle.burstLimit },
      quota: { limit: 100_000, period: apigw.Period.DAY },
    });
    plan.addApiKey(this.apiKey);
    plan.addApiStage({ stage: this.api.deploymentStage });

    this.addMessages(props.queue);
    this.vpcLink = new apigw.VpcLink(this, 'VpcLink', { targets: [props.nlb], description: 'REST API to the internal NLB in front of the ALB' });
    this.addItems(props);
    if (config.tls) {
      const certificate = acm.Certificate.fromCertificateArn(this, 'Certificate', config.tls.certificateArn);
      this.api.addDomainName('Domain', { domainName: config.tls.domainName, certificate, endpointType: apigw.EndpointType.REGIONAL, securityPolicy: apigw.SecurityPolicy.TLS_1_2 });
    }
  }

  private addMessages(queue: sqs.IQueue): void {
    const integration = sqsSendMessageIntegration(this, queue);
    const model = this.api.addModel('Message', {
      contentType: 'application/json',
      modelName: 'Message',
      schema: {
        schema: apigw.JsonSchemaVersion.DRAFT4,
        type: apigw.JsonSchemaType.OBJECT,
        required: ['text'],
        properties: {
          text: { type: apigw.JsonSchemaType.STRING, minLength: 1, maxLength: 10_000 },
          workMs: { type: apigw.JsonSchemaType.INTEGER, minimum: 0, maximum: 10_000 },
          poison: { type: apigw.JsonSchemaType.BOOLEAN },
        },
      },
    });
    const validator = this.api.addRequestValidator('BodyValidator', { validateRequestBody: true, validateRequestParameters: true });
    this.api.root.addResource('messages').addMethod('POST', integration, {
      requestModels: { 'application/json': model },
      requestValidator: validator,
      methodResponses: [{ statusCode: '202' }, { statusCode: '500' }],
    });
  }

  private addItems(props: RestApiProps): void {
    const origin = props.config.tls ? `https://${props.config.tls.domainName}` : `http://${props.nlb.loadBalancerDnsName}`;
    const proxy = (path: string, requestParameters: Record<string, string> = {}) =>
      new apigw.Integration({
        type: apigw.IntegrationType.HTTP_PROXY,
        integrationHttpMethod: 'GET',
        uri: `${origin}${path}`,
        options: { connectionType: apigw.ConnectionType.VPC_LINK, vpcLink: this.vpcLink, requestParameters },
      });
    const items = this.api.root.addResource('items');
    items.addMethod('GET', proxy('/items', { 'integration.request.querystring.limit': 'method.request.querystring.limit', 'integration.request.querystring.nextToken': 'method.request.querystring.nextToken' }), {
      requestParameters: { 'method.request.querystring.limit': false, 'method.request.querystring.nextToken': false },
    });
    items.addResource('{id}').addMethod('GET', proxy('/items/{id}', { 'integration.request.path.id': 'method.request.path.id' }), {
      requestParameters: { 'method.request.path.id': true },
    });
  }
}
