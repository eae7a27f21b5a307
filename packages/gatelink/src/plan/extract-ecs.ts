/** ECS services with their task definitions; container images mapped back to their local assets. */
import type { AssemblyStack } from '../assembly/index.js';
import type { ContainerImage, ContainerPlan, EcsServicePlan, TaskDefinitionPlan } from './types.js';
import { containerDependencies, containerHealthCheck } from './extract-containers.js';
import type { ResolvedAssembly, ResolvedResource } from './resources.js';
import { list, num, record, refId, str } from './values.js';

export function extractEcsServices(resolved: ResolvedAssembly, stacks: readonly AssemblyStack[]): EcsServicePlan[] {
  const taskDefinitions = new Map(resolved.ofType('AWS::ECS::TaskDefinition').map((td) => [td.id, taskDefinitionPlan(td, stacks)]));
  return resolved.ofType('AWS::ECS::Service').flatMap((service) => {
    const p = service.props;
    const taskDefinition = taskDefinitions.get(refId(resolved, p.TaskDefinition));
    if (!taskDefinition) return [];
    const network = record(record(p.NetworkConfiguration).AwsvpcConfiguration);
    const deployment = record(p.DeploymentConfiguration);
    const breaker = record(deployment.DeploymentCircuitBreaker);
    const plan: EcsServicePlan = {
      id: service.id,
      name: serviceName(service),
      clusterName: str(resolved.byPhysicalId(p.Cluster)?.physicalId ?? p.Cluster, 'default'),
      desiredCount: num(p.DesiredCount, 1),
      taskDefinition,
      securityGroupIds: list(network.SecurityGroups).map((group) => refId(resolved, group)),
      subnetIds: list(network.Subnets).map((subnet) => refId(resolved, subnet)),
      loadBalancers: list(p.LoadBalancers).map(record).map((lb) => ({ targetGroupId: refId(resolved, lb.TargetGroupArn), containerName: str(lb.ContainerName), containerPort: num(lb.ContainerPort, 80) })),
      serviceRegistries: list(p.ServiceRegistries).map(record).map((registry) => ({
        cloudMapServiceId: cloudMapServiceId(resolved, str(registry.RegistryArn)),
        ...(registry.ContainerName !== undefined ? { containerName: str(registry.ContainerName) } : {}),
        ...(registry.ContainerPort !== undefined ? { containerPort: num(registry.ContainerPort, 80) } : {}),
      })),
      minimumHealthyPercent: num(deployment.MinimumHealthyPercent, 100),
      maximumPercent: num(deployment.MaximumPercent, 200),
      circuitBreaker: {
        enable: breaker.Enable === true || breaker.Enable === 'true',
        rollback: breaker.Rollback === true || breaker.Rollback === 'true',
        resetOnHealthyTask: !(breaker.ResetOnHealthyTask === false || breaker.ResetOnHealthyTask === 'false'),
      },
      healthCheckGracePeriodSeconds: num(p.HealthCheckGracePeriodSeconds, 0),
    };
    return [plan];
  });
}

/** `ServiceName` if set; otherwise the CDK construct id (`bookService`), which is what people call it. */
function serviceName(service: ResolvedResource): string {
  if (service.props.ServiceName !== undefined) return str(service.props.ServiceName);
  const parts = service.cdkPath?.split('/') ?? [];
  // `bookService/Service` (an L2 service) is `bookService`; aws-ecs-patterns nests one more level
  // (`Web/Service/Service`), so the pattern's id, `Web`, names it.
  while (parts.length > 2 && parts.at(-1) === 'Service') parts.pop();
  const construct = parts.at(-1);
  // Without path metadata, CDK's logical id is the construct path plus an 8-hex hash.
  return construct ?? service.logicalId.replace(/[0-9A-F]{8}$/, '');
}

export function cloudMapServiceId(resolved: ResolvedAssembly, arnOrId: string): string {
  const match = /service\/(srv-[A-Za-z0-9]+)/.exec(arnOrId);
  return resolved.byPhysicalId(match?.[1] ?? arnOrId)?.id ?? arnOrId;
}

function taskDefinitionPlan(td: ResolvedResource, stacks: readonly AssemblyStack[]): TaskDefinitionPlan {
  return {
    id: td.id,
    family: str(td.props.Family, td.logicalId),
    cpu: num(td.props.Cpu, 256),
    memoryMiB: num(td.props.Memory, 512),
    containers: list(td.props.ContainerDefinitions).map(record).map((c) => containerPlan(c, stacks)),
  };
}

function containerPlan(c: Record<string, unknown>, stacks: readonly AssemblyStack[]): ContainerPlan {
  const environment: Record<string, string> = {};
  for (const entry of list(c.Environment).map(record)) environment[str(entry.Name)] = str(entry.Value);
  const strings = (value: unknown) => (value === undefined ? undefined : list(value).map((item) => str(item)));
  const command = strings(c.Command);
  const entryPoint = strings(c.EntryPoint);
  return {
    name: str(c.Name),
    image: imageOf(str(c.Image), stacks),
    essential: c.Essential !== false && c.Essential !== 'false',
    environment,
    secrets: list(c.Secrets).map(record).map((secret) => ({ name: str(secret.Name), valueFrom: str(secret.ValueFrom) })),
    portMappings: list(c.PortMappings).map(record).map((m) => ({ containerPort: num(m.ContainerPort, 80), protocol: str(m.Protocol, 'tcp') })),
    ...(command ? { command } : {}),
    ...(entryPoint ? { entryPoint } : {}),
    ...(c.WorkingDirectory !== undefined ? { workingDirectory: str(c.WorkingDirectory) } : {}),
    stopTimeoutSeconds: Math.min(num(c.StopTimeout, 30), 120),
    readonlyRootFilesystem: c.ReadonlyRootFilesystem === true || c.ReadonlyRootFilesystem === 'true',
    ...(c.User !== undefined ? { user: str(c.User) } : {}),
    ...healthCheckOf(c.HealthCheck),
    dependsOn: containerDependencies(c.DependsOn),
  };
}

function healthCheckOf(value: unknown): { healthCheck?: NonNullable<ContainerPlan['healthCheck']> } {
  const healthCheck = containerHealthCheck(value);
  return healthCheck ? { healthCheck } : {};
}

/** CDK tags asset images with the asset hash; that hash names the build context on this machine. */
function imageOf(image: string, stacks: readonly AssemblyStack[]): ContainerImage {
  const tag = image.slice(image.lastIndexOf(':') + 1);
  for (const stack of stacks) {
    const asset = stack.dockerImageAssets.get(tag);
    if (asset) return { kind: 'asset', directory: asset.directory, dockerfile: asset.dockerfile, assetHash: tag, ...(asset.target ? { target: asset.target } : {}), ...(asset.buildArgs ? { buildArgs: asset.buildArgs } : {}) };
  }
  return { kind: 'registry', uri: image };
}
