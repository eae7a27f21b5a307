/**
 * gatelink.config.json: the documented escape hatch for containers gatelink cannot run from their
 * image asset alone. Validated with one schema; unknown keys are errors, never silently ignored.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { GatelinkError } from '../errors.js';
import type { ContainerOverride } from '../ecs/run-spec.js';
import * as z from '../zod.js';

const nonEmpty = z.string().check(z.minLength(1));

const schema = z.strictObject({
  $schema: z.optional(z.string()),
  containers: z._default(
    z.record(
      z.string(),
      z.strictObject({
        command: z.optional(z.array(z.string()).check(z.minLength(1))),
        cwd: z.optional(z.string()),
        env: z.optional(z.record(z.string(), z.string())),
        watch: z.optional(z.array(nonEmpty).check(z.minLength(1))),
        build: z.optional(nonEmpty),
        skip: z.optional(z.boolean()),
      }),
    ),
    {},
  ),
  /** Host ports of internet-facing load balancer listeners, by `<Stack>/<LoadBalancer construct id>:<port>`. */
  publicPorts: z._default(z.record(z.string(), z.number().check(z.int(), z.minimum(1), z.maximum(65_535))), {}),
});

/** What `up --watch` and `gatelink deploy` do for a container beyond re-reading how to run it. */
export interface RedeploySettings {
  /** Paths (relative to the project) whose changes redeploy the service; default: the task's working directory. */
  readonly watch?: readonly string[];
  /** Shell command run in the project directory before each redeploy (e.g. `npm run build`). */
  readonly build?: string;
}

export interface GatelinkConfig {
  /** Keyed by container name, or `<service>/<container>` to target one service. */
  readonly containers: Readonly<Record<string, ContainerOverride & RedeploySettings & SkipSetting>>;
  /** Host ports of internet-facing load balancer listeners (runtime/public-ports.ts). */
  readonly publicPorts?: Readonly<Record<string, number>>;
}

export interface SkipSetting {
  /** Not run locally (a non-essential sidecar such as a registry image's agent that nothing depends on). */
  readonly skip?: boolean;
}

export const CONFIG_FILE_NAME = 'gatelink.config.json';

export function loadConfigFile(explicit: string | undefined, projectDir: string): GatelinkConfig {
  const file = explicit ?? path.join(projectDir, CONFIG_FILE_NAME);
  if (!existsSync(file)) {
    if (explicit) throw new GatelinkError('GL_ERR_CONFIG_INVALID', { problems: `${file} does not exist` });
    return { containers: {} };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new GatelinkError('GL_ERR_CONFIG_INVALID', { problems: `${file} is not valid JSON: ${(error as Error).message}` });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new GatelinkError('GL_ERR_CONFIG_INVALID', { problems: `${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` });
  }
  return { containers: parsed.data.containers, publicPorts: parsed.data.publicPorts };
}

export function overrideFor(config: GatelinkConfig, serviceName: string, containerName: string): (ContainerOverride & RedeploySettings & SkipSetting) | undefined {
  return config.containers[`${serviceName}/${containerName}`] ?? config.containers[containerName];
}
