/**
 * QueueWorkerStack: seed 002's system in one stack. A VPC (2 public, 2 private subnets), the jobs
 * queue with its dead-letter queue, the results table, processing-service (consumes the queue,
 * writes the table), api-service (reads the table) behind NLB → ALB, and the REST API in front.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { QueueWorkerConfig } from './config.js';
import { Network } from '../../../infra/lib/network.js';
import { LoadBalancers } from './load-balancers.js';
import { suppressQueueWorkerFindings } from './nag-suppressions.js';
import { QueueWorkerApi } from './rest-api.js';
import { QueueWorkerService } from './services.js';

export interface QueueWorkerStackProps extends StackProps {
  readonly config: QueueWorkerConfig;
}

export class QueueWorkerStack extends Stack {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly table: dynamodb.Table;
  readonly apiService: QueueWorkerService;
  readonly processingService: QueueWorkerService;
  readonly loadBalancers: LoadBalancers;
  readonly restApi: QueueWorkerApi;
  readonly network: Network;

  constructor(scope: Construct, id: string, props: QueueWorkerStackProps) {
    super(scope, id, props);
    const { config } = props;
    // The bookstore's network: 2 public + 2 private subnets, one t4g.nano NAT instance (image pulls,
    // logs, SQS), free gateway endpoints for DynamoDB and S3, REJECT-only flow logs.
    this.network = new Network(this, 'Network', { natGatewayPerAz: false });
    const vpc = this.network.vpc;

    this.deadLetterQueue = new sqs.Queue(this, 'JobsDeadLetterQueue', { retentionPeriod: Duration.days(14), enforceSSL: true, encryption: sqs.QueueEncryption.SQS_MANAGED });
    this.queue = new sqs.Queue(this, 'JobsQueue', {
      visibilityTimeout: Duration.seconds(config.visibilityTimeoutSeconds),
      receiveMessageWaitTime: Duration.seconds(20),
      retentionPeriod: Duration.days(4),
      enforceSSL: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: config.maxReceiveCount },
    });
    this.table = new dynamodb.Table(this, 'Results', {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const cluster = new ecs.Cluster(this, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
    this.processingService = new QueueWorkerService(this, 'Processing', {
      cluster,
      name: 'processing-service',
      desiredCount: config.desiredCount.processing,
      environment: { QUEUE_URL: this.queue.queueUrl, RESULTS_TABLE: this.table.tableName },
    });
    this.processingService.grantConsume(this.queue);
    this.processingService.grantTable(this.table, 'write');
    this.apiService = new QueueWorkerService(this, 'Api', {
      cluster,
      name: 'api-service',
      desiredCount: config.desiredCount.api,
      containerPort: config.containerPort,
      environment: { PORT: String(config.containerPort), RESULTS_TABLE: this.table.tableName },
    });
    this.apiService.grantTable(this.table, 'read');
    this.loadBalancers = new LoadBalancers(this, 'LoadBalancers', { vpc, apiService: this.apiService.service, apiSecurityGroup: this.apiService.securityGroup, config });
    this.restApi = new QueueWorkerApi(this, 'RestApi', { queue: this.queue, nlb: this.loadBalancers.nlb, port: this.loadBalancers.port, config });

    new CfnOutput(this, 'ApiUrl', { value: this.restApi.api.url, description: 'curl -s -H "x-api-key: $KEY" -d \'{"text":"hello"}\' ${URL}messages' });
    new CfnOutput(this, 'ApiKeyId', { value: this.restApi.apiKey.keyId, description: 'aws apigateway get-api-key --api-key $ID --include-value' });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.deadLetterQueue.queueUrl });
    suppressQueueWorkerFindings(this, this.loadBalancers.nlbSecurityGroup, this.network);
  }
}
