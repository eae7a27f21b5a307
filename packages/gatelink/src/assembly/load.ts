/**
 * Reads a cloud assembly (what `cdk synth` writes): the manifest's stacks in dependency order, their
 * templates, and their container image assets (build context and Dockerfile on this machine).
 * A single template file is read as a one-stack assembly.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { GatelinkError } from '../errors.js';

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Condition?: string;
  readonly DependsOn?: string | string[];
  readonly Metadata?: Record<string, unknown>;
}

/** A template parameter: its type, default and the constraints CloudFormation checks a value against. */
export interface CfnParameter {
  readonly Type?: string;
  readonly Default?: unknown;
  readonly NoEcho?: boolean | string;
  readonly AllowedValues?: readonly unknown[];
  readonly AllowedPattern?: string;
  readonly MinLength?: number | string;
  readonly MaxLength?: number | string;
  readonly MinValue?: number | string;
  readonly MaxValue?: number | string;
  readonly ConstraintDescription?: string;
}

export interface CfnTemplate {
  readonly Resources?: Record<string, CfnResource>;
  readonly Parameters?: Record<string, CfnParameter>;
  readonly Conditions?: Record<string, unknown>;
  readonly Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  readonly Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
}

export interface DockerImageAssetSource {
  /** Build context, absolute. */
  readonly directory: string;
  /** Dockerfile path relative to the context. */
  readonly dockerfile: string;
  /** The build's target stage (`dockerBuildTarget` in the asset manifest), if any. */
  readonly target?: string;
  /** `--build-arg`s (`dockerBuildArgs` in the asset manifest), if any. */
  readonly buildArgs?: Readonly<Record<string, string>>;
}

export interface AssemblyStack {
  readonly name: string;
  readonly templateFile: string;
  readonly template: CfnTemplate;
  readonly environment: { readonly account?: string; readonly region?: string };
  readonly dependencies: readonly string[];
  /** Keyed by asset hash (the image tag CDK puts in task definitions). */
  readonly dockerImageAssets: ReadonlyMap<string, DockerImageAssetSource>;
}

export interface CloudAssembly {
  readonly dir: string;
  readonly stacks: readonly AssemblyStack[];
}

interface ManifestArtifact {
  type: string;
  environment?: string;
  dependencies?: string[];
  properties?: { templateFile?: string; file?: string };
}

export async function loadAssembly(dir: string): Promise<CloudAssembly> {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) throw new GatelinkError('GL_ERR_ASSEMBLY_NOT_FOUND', { path: dir, detail: 'manifest.json is missing' });
  const manifest = readJson<{ artifacts?: Record<string, ManifestArtifact> }>(manifestFile, (detail) => new GatelinkError('GL_ERR_ASSEMBLY_INVALID', { path: dir, detail }));
  const artifacts = manifest.artifacts ?? {};
  const stacks: AssemblyStack[] = [];
  for (const [name, artifact] of Object.entries(artifacts)) {
    if (artifact.type !== 'aws:cloudformation:stack') continue;
    const templateFile = path.join(dir, artifact.properties?.templateFile ?? `${name}.template.json`);
    const assetManifests = (artifact.dependencies ?? []).map((dep) => artifacts[dep]).filter((dep) => dep?.type === 'cdk:asset-manifest');
    stacks.push({
      name,
      templateFile,
      template: readTemplate(templateFile),
      environment: parseEnvironment(artifact.environment),
      dependencies: (artifact.dependencies ?? []).filter((dep) => artifacts[dep]?.type === 'aws:cloudformation:stack'),
      dockerImageAssets: readDockerAssets(dir, assetManifests.map((m) => m?.properties?.file).filter((f): f is string => Boolean(f))),
    });
  }
  if (stacks.length === 0) throw new GatelinkError('GL_ERR_ASSEMBLY_INVALID', { path: dir, detail: 'the manifest lists no CloudFormation stacks' });
  return { dir, stacks: inDependencyOrder(stacks) };
}

export async function loadTemplate(file: string): Promise<CloudAssembly> {
  if (!existsSync(file)) throw new GatelinkError('GL_ERR_TEMPLATE_INVALID', { path: file, detail: 'no such file' });
  const name = path.basename(file).replace(/\.template\.json$|\.json$/, '');
  return { dir: path.dirname(file), stacks: [{ name, templateFile: file, template: readTemplate(file), environment: {}, dependencies: [], dockerImageAssets: new Map() }] };
}

function readTemplate(file: string): CfnTemplate {
  const template = readJson<CfnTemplate>(file, (detail) => new GatelinkError('GL_ERR_TEMPLATE_INVALID', { path: file, detail }));
  if (typeof template !== 'object' || template === null || typeof template.Resources !== 'object') {
    throw new GatelinkError('GL_ERR_TEMPLATE_INVALID', { path: file, detail: 'it has no Resources section (only JSON templates are read)' });
  }
  return template;
}

function readDockerAssets(dir: string, files: string[]): Map<string, DockerImageAssetSource> {
  const assets = new Map<string, DockerImageAssetSource>();
  for (const file of files) {
    const manifest = readJson<{ dockerImages?: Record<string, { source?: { directory?: string; dockerFile?: string; dockerBuildTarget?: string; dockerBuildArgs?: Record<string, string> } }> }>(path.join(dir, file), (detail) =>
      new GatelinkError('GL_ERR_ASSEMBLY_INVALID', { path: dir, detail: `${file}: ${detail}` }),
    );
    for (const [hash, image] of Object.entries(manifest.dockerImages ?? {})) {
      const directory = image.source?.directory;
      if (!directory) continue;
      const target = image.source?.dockerBuildTarget;
      const buildArgs = image.source?.dockerBuildArgs;
      assets.set(hash, { directory: path.resolve(dir, directory), dockerfile: image.source?.dockerFile ?? 'Dockerfile', ...(target ? { target } : {}), ...(buildArgs ? { buildArgs } : {}) });
    }
  }
  return assets;
}

function parseEnvironment(environment: string | undefined): { account?: string; region?: string } {
  const match = /^aws:\/\/([^/]+)\/(.+)$/.exec(environment ?? '');
  if (!match) return {};
  const [, account, region] = match;
  return { account: account === 'unknown-account' ? undefined : account, region: region === 'unknown-region' ? undefined : region };
}

/** Stacks whose exports others import come first, so `Fn::ImportValue` can be resolved in one pass. */
function inDependencyOrder(stacks: AssemblyStack[]): AssemblyStack[] {
  const byName = new Map(stacks.map((stack) => [stack.name, stack]));
  const ordered: AssemblyStack[] = [];
  const visit = (stack: AssemblyStack, trail: Set<string>): void => {
    if (ordered.includes(stack) || trail.has(stack.name)) return;
    trail.add(stack.name);
    for (const dependency of stack.dependencies) {
      const other = byName.get(dependency);
      if (other) visit(other, trail);
    }
    ordered.push(stack);
  };
  for (const stack of stacks) visit(stack, new Set());
  return ordered;
}

function readJson<T>(file: string, error: (detail: string) => GatelinkError): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (cause) {
    throw error((cause as Error).message);
  }
}
