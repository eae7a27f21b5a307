/**
 * Mapping values: a static string, one `$request.…`/`$response.…`/`$context.…`/`$stageVariables.…`
 * reference, or several combined (`${request.path}/v2`, `$context.requestId $request.header.x`).
 * Compiled once to parts; evaluating is a loop over them.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-parameter-mapping.html
 */
export type ValueSource = (reference: string) => string | undefined;

type Part = { readonly text: string } | { readonly reference: string };

const REFERENCE = /\$\{((?:request|response|context|stageVariables)\.[^}]+)\}|\$((?:request|response|context|stageVariables)\.[A-Za-z0-9_.:-]*[A-Za-z0-9_-])/g;

export class MappingValue {
  private readonly parts: readonly Part[];

  constructor(readonly expression: string) {
    const parts: Part[] = [];
    let last = 0;
    for (const match of expression.matchAll(REFERENCE)) {
      if (match.index > last) parts.push({ text: expression.slice(last, match.index) });
      parts.push({ reference: (match[1] ?? match[2]) as string });
      last = match.index + match[0].length;
    }
    if (last < expression.length) parts.push({ text: expression.slice(last) });
    this.parts = parts;
  }

  /** The references this value reads, e.g. `request.body.name` (for support checks). */
  references(): string[] {
    return this.parts.flatMap((part) => ('reference' in part ? [part.reference] : []));
  }

  /** The value, or undefined when it is only references and none of them has a value. */
  evaluate(source: ValueSource): string | undefined {
    let out = '';
    let resolvedAny = false;
    let staticText = false;
    for (const part of this.parts) {
      if ('text' in part) {
        out += part.text;
        staticText = true;
        continue;
      }
      const value = source(part.reference);
      if (value !== undefined) {
        out += value;
        resolvedAny = true;
      }
    }
    return resolvedAny || staticText ? out : undefined;
  }
}
