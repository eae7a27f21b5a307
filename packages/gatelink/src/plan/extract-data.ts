/** Cloud Map namespaces and services, and DynamoDB tables. */
import type { CloudMapNamespacePlan, CloudMapServicePlan, KeySchemaElement, TablePlan } from './types.js';
import type { ResolvedAssembly } from './resources.js';
import { list, record, refId, str } from './values.js';

const NAMESPACE_TYPES: Record<string, CloudMapNamespacePlan['type']> = {
  'AWS::ServiceDiscovery::PrivateDnsNamespace': 'DNS_PRIVATE',
  'AWS::ServiceDiscovery::PublicDnsNamespace': 'DNS_PUBLIC',
  'AWS::ServiceDiscovery::HttpNamespace': 'HTTP',
};

export function extractCloudMap(resolved: ResolvedAssembly): { namespaces: CloudMapNamespacePlan[]; services: CloudMapServicePlan[] } {
  const namespaces = Object.entries(NAMESPACE_TYPES).flatMap(([type, kind]) =>
    resolved.ofType(type).map((ns) => ({ id: ns.id, physicalId: ns.physicalId, name: str(ns.props.Name), type: kind })),
  );
  const services = resolved.ofType('AWS::ServiceDiscovery::Service').map((service) => {
    const dns = record(service.props.DnsConfig);
    return {
      id: service.id,
      physicalId: service.physicalId,
      arn: `arn:aws:servicediscovery:${resolved.region}:${resolved.accountId}:service/${service.physicalId}`,
      name: str(service.props.Name, service.logicalId),
      namespaceId: refId(resolved, service.props.NamespaceId ?? dns.NamespaceId),
      dnsRecordTypes: list(dns.DnsRecords).map((r) => str(record(r).Type) as CloudMapServicePlan['dnsRecordTypes'][number]),
      customHealthCheck: service.props.HealthCheckCustomConfig !== undefined,
    };
  });
  return { namespaces, services };
}

const keys = (value: unknown): KeySchemaElement[] => list(value).map(record).map((k) => ({ attributeName: str(k.AttributeName), keyType: str(k.KeyType) === 'RANGE' ? 'RANGE' : 'HASH' }));
const index = (value: unknown) =>
  list(value).map(record).map((i) => ({
    indexName: str(i.IndexName),
    keySchema: keys(i.KeySchema),
    projectionType: str(record(i.Projection).ProjectionType, 'ALL'),
    nonKeyAttributes: list(record(i.Projection).NonKeyAttributes).map((a) => str(a)),
  }));

export function extractTables(resolved: ResolvedAssembly): TablePlan[] {
  return resolved.ofType('AWS::DynamoDB::Table').map((table) => ({
    id: table.id,
    tableName: table.physicalId,
    keySchema: keys(table.props.KeySchema),
    attributeDefinitions: list(table.props.AttributeDefinitions).map(record).map((a) => ({ attributeName: str(a.AttributeName), attributeType: str(a.AttributeType) as 'S' | 'N' | 'B' })),
    globalSecondaryIndexes: index(table.props.GlobalSecondaryIndexes),
    localSecondaryIndexes: index(table.props.LocalSecondaryIndexes),
    billingMode: str(table.props.BillingMode, 'PROVISIONED') === 'PAY_PER_REQUEST' ? 'PAY_PER_REQUEST' : 'PROVISIONED',
  }));
}
