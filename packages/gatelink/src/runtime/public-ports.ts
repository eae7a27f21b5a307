/**
 * Host ports for internet-facing load balancer listeners. Each listener is named
 * `<construct path of the load balancer>:<listenerPort>` (`MyStack/PublicAlb:80`; the plan id
 * `<Stack>/<LogicalId>:<port>` when the template records no construct path); its host port is, in order: the one the user
 * configured (`publicPorts` in gatelink.config.json, or `--public-port NAME=PORT`), the one it had on
 * the last run (`<data dir>/public-ports.json`), or a free one picked now and remembered. A
 * configured port that is taken is an error naming the listener; a remembered one that is taken is
 * replaced by a free one (with a warning), so a stray process never stops `gatelink up`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { GatelinkError } from '../errors.js';
import type { ListenerPlan, LoadBalancerPlan } from '../plan/types.js';

export const PUBLIC_PORTS_FILE = 'public-ports.json';

/** The name users give a listener in `publicPorts` and see in `gatelink status`. */
export function publicListenerName(lb: LoadBalancerPlan, listener: ListenerPlan): string {
  return `${lb.cdkPath ?? lb.id}:${listener.port}`;
}

export interface PublicPortBinding {
  readonly name: string;
  readonly port: number;
}

export class PublicPorts {
  private readonly remembered: Record<string, number>;
  private readonly assigned: Record<string, number> = {};

  constructor(
    private readonly dataDir: string,
    private readonly configured: Readonly<Record<string, number>>,
    private readonly logger: Logger,
  ) {
    this.remembered = readRemembered(path.join(dataDir, PUBLIC_PORTS_FILE));
    const seen = new Map<number, string>();
    for (const [name, port] of Object.entries(configured)) {
      const other = seen.get(port);
      if (other !== undefined) throw new GatelinkError('GL_ERR_CONFIG_INVALID', { problems: `publicPorts: ${other} and ${name} both ask for port ${port}` });
      seen.set(port, name);
    }
  }

  /** Binds `name` with `listen(port)`, trying the configured, then the remembered, then a free port. */
  async bind(name: string, listen: (port: number) => Promise<number>): Promise<number> {
    const configured = this.configured[name];
    if (configured !== undefined) {
      try {
        return this.remember(name, await listen(configured));
      } catch (error) {
        if ((error as GatelinkError).code !== 'GL_ERR_PORT_IN_USE') throw error;
        throw new GatelinkError('GL_ERR_PUBLIC_PORT_IN_USE', { name, port: configured }, { cause: error });
      }
    }
    const remembered = this.remembered[name];
    if (remembered !== undefined && !Object.values(this.assigned).includes(remembered)) {
      try {
        return this.remember(name, await listen(remembered));
      } catch (error) {
        if ((error as GatelinkError).code !== 'GL_ERR_PORT_IN_USE') throw error;
        this.logger.warn({ listener: name, port: remembered }, `the host port ${name} had last time (${remembered}) is taken; it gets a new one`);
      }
    }
    return this.remember(name, await listen(0));
  }

  /** Names that are configured but match no internet-facing listener: a typo the user should hear about. */
  unknown(known: readonly string[]): string[] {
    return Object.keys(this.configured).filter((name) => !known.includes(name));
  }

  /** Writes every assigned port for the next run. */
  save(): void {
    if (Object.keys(this.assigned).length === 0) return;
    writeFileSync(path.join(this.dataDir, PUBLIC_PORTS_FILE), `${JSON.stringify({ ...this.remembered, ...this.assigned }, null, 2)}\n`);
  }

  private remember(name: string, port: number): number {
    this.assigned[name] = port;
    return port;
  }
}

function readRemembered(file: string): Record<string, number> {
  if (!existsSync(file)) return {};
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (parsed === null || typeof parsed !== 'object') return {};
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, number] => Number.isInteger(entry[1]) && entry[1] > 0 && entry[1] < 65_536));
  } catch {
    return {};
  }
}
