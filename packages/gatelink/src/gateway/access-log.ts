/**
 * Access logs as a stage's `AccessLogSettings.Format` defines them: every `$context.<variable>`
 * replaced by its value for the request, `-` where there is none (as CloudWatch shows it). Compiled
 * once per stage; rendering is a join.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html
 */
import { contextVariable } from './context.js';
import type { ContextVariable, RequestContext } from './context.js';

const VARIABLE = /\$context\.([A-Za-z0-9_]+(?:\.[A-Za-z0-9_-]+)*)/g;

/** What gatelink writes when a stage has no access-log format (CloudWatch would log nothing). */
export const DEFAULT_ACCESS_LOG_FORMAT =
  '$context.identity.sourceIp - - [$context.requestTime] "$context.httpMethod $context.path $context.protocol" $context.status $context.responseLength $context.requestId $context.routeKey $context.integrationLatency ms $context.integrationErrorMessage';

export class AccessLogFormat {
  private readonly texts: readonly string[];
  /** Each variable's reader, resolved once here rather than looked up by name per request. */
  private readonly variables: readonly ContextVariable[];

  constructor(readonly format: string) {
    const texts: string[] = [];
    const variables: ContextVariable[] = [];
    let last = 0;
    for (const match of format.matchAll(VARIABLE)) {
      texts.push(format.slice(last, match.index));
      variables.push(contextVariable(match[1] as string));
      last = match.index + match[0].length;
    }
    texts.push(format.slice(last));
    this.texts = texts;
    this.variables = variables;
  }

  render(context: RequestContext): string {
    let line = this.texts[0] ?? '';
    for (let i = 0; i < this.variables.length; i++) {
      const value = (this.variables[i] as ContextVariable)(context);
      line += (value === undefined || value === '' ? '-' : value) + (this.texts[i + 1] ?? '');
    }
    return line;
  }
}
