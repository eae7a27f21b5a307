/**
 * Response parameter mapping, chosen by the integration's status code: `append:`, `overwrite:`,
 * `remove:` on `header.<name>`, and `overwrite:statuscode`. Values read `$response.header.<name>`,
 * `$context.*`, `$stageVariables.*` or static text.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-parameter-mapping.html
 */
import type { HeaderMap } from '../../proxy/types.js';
import type { RequestContext } from '../context.js';
import { sharedSource } from './request.js';
import { MappingValue } from './values.js';

interface Operation {
  readonly action: 'append' | 'overwrite' | 'remove';
  /** A header name, or the status code itself. */
  readonly header?: string;
  readonly value: MappingValue;
}

export interface MappedResponse {
  readonly statusCode: number;
  readonly headers: HeaderMap;
}

export class ResponseMapping {
  private readonly byStatus = new Map<number, readonly Operation[]>();

  constructor(parameters: Readonly<Record<string, Readonly<Record<string, string>>>>) {
    for (const [status, mapping] of Object.entries(parameters)) {
      this.byStatus.set(Number(status), Object.entries(mapping).flatMap(([key, expression]) => compile(key, expression)));
    }
  }

  apply(response: MappedResponse, context: RequestContext): MappedResponse {
    const operations = this.byStatus.get(response.statusCode);
    if (!operations) return response;
    const original = response.headers;
    const source = (reference: string): string | undefined => {
      if (!reference.startsWith('response.header.')) return sharedSource(reference, context);
      const value = original[reference.slice('response.header.'.length).toLowerCase()];
      return value === undefined ? undefined : [value].flat().join(',');
    };
    let statusCode = response.statusCode;
    const headers: HeaderMap = { ...original };
    for (const op of operations) {
      const value = op.action === 'remove' ? '' : op.value.evaluate(source);
      if (value === undefined) continue;
      if (op.header === undefined) statusCode = validStatus(value) ?? statusCode;
      else if (op.action === 'remove') delete headers[op.header];
      else {
        const current = headers[op.header];
        headers[op.header] = op.action === 'overwrite' || current === undefined ? value : `${[current].flat().join(',')},${value}`;
      }
    }
    return { statusCode, headers };
  }
}

function validStatus(value: string): number | undefined {
  const code = Number(value);
  return Number.isInteger(code) && code >= 100 && code <= 599 ? code : undefined;
}

function compile(key: string, expression: string): Operation[] {
  if (key === 'overwrite:statuscode') return [{ action: 'overwrite', value: new MappingValue(expression) }];
  const match = /^(append|overwrite|remove):header\.(.+)$/.exec(key);
  if (!match) return [];
  return [{ action: match[1] as Operation['action'], header: (match[2] as string).toLowerCase(), value: new MappingValue(expression) }];
}
