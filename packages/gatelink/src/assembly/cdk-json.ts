/** Reads `cdk.json` the way the CDK CLI does: the app command and the context it passes to the app. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { GatelinkError } from '../errors.js';

export interface CdkJson {
  readonly app?: string;
  readonly context: Readonly<Record<string, unknown>>;
}

export async function readCdkJson(dir: string): Promise<CdkJson | undefined> {
  const file = path.join(dir, 'cdk.json');
  if (!existsSync(file)) return undefined;
  let parsed: { app?: unknown; context?: unknown };
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as typeof parsed;
  } catch (error) {
    throw new GatelinkError('GL_ERR_CONFIG_SOURCE', { detail: `${file} is not valid JSON: ${(error as Error).message}` });
  }
  const local = path.join(dir, 'cdk.context.json');
  const cached = existsSync(local) ? (JSON.parse(readFileSync(local, 'utf8')) as Record<string, unknown>) : {};
  return {
    app: typeof parsed.app === 'string' ? parsed.app : undefined,
    context: { ...cached, ...((parsed.context ?? {}) as Record<string, unknown>) },
  };
}
