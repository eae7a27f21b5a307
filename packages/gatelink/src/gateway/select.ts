/**
 * Stage and route selection for one HTTP API: a named stage when the first path segment names one,
 * else `$default`; then the route table. Compiled once per API.
 */
import type { HttpApiPlan, IntegrationPlan, StagePlan } from '../plan/types.js';
import { RouteTable } from './routes.js';
import type { RouteMatch } from './routes.js';

export interface Selection {
  readonly stage: StagePlan;
  readonly match: RouteMatch;
  readonly integration?: IntegrationPlan;
}

export class ApiSelector {
  private readonly named = new Map<string, StagePlan>();
  private readonly defaultStage?: StagePlan;
  private readonly table: RouteTable;
  private readonly integrations: Map<string, IntegrationPlan>;

  constructor(readonly api: HttpApiPlan) {
    for (const stage of api.stages) if (stage.name !== '$default') this.named.set(stage.name, stage);
    this.defaultStage = api.stages.find((stage) => stage.name === '$default');
    this.table = new RouteTable(api.routes);
    this.integrations = new Map(api.integrations.map((integration) => [integration.id, integration]));
  }

  /** `path` is the raw request path without the query string. */
  select(method: string, path: string): Selection | undefined {
    const named = this.named.size === 0 ? undefined : this.named.get(firstSegmentOf(path));
    const stage = named ?? this.defaultStage;
    if (!stage) return undefined;
    const routePath = named ? path.slice(named.name.length + 1) || '/' : path;
    const match = this.table.match(method, routePath);
    if (!match) return undefined;
    const integration = match.route.integrationId ? this.integrations.get(match.route.integrationId) : undefined;
    return integration ? { stage, match, integration } : { stage, match };
  }
}

/** `/prod/books` → `prod`. */
function firstSegmentOf(path: string): string {
  const end = path.indexOf('/', 1);
  return end === -1 ? path.slice(1) : path.slice(1, end);
}
