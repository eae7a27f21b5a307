/**
 * Request validation as a method's RequestValidator asks: required parameters present and not blank
 * (their types are not checked), and the body against the JSON Schema draft 4 model picked by the
 * request's content type (`$default` covers all; no model for the type → no body check).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-method-request-validation.html
 */
import AjvDraft04 from 'ajv-draft-04';
import type { ValidateFunction } from 'ajv-draft-04';
import type { RestMethodPlan, RestModelPlan, RestValidatorPlan } from '../plan/types.js';
import type { RestRequest } from './request.js';
import { headerValue } from './request.js';

export type ValidationFailure =
  | { readonly kind: 'BAD_REQUEST_PARAMETERS'; readonly message: string }
  | { readonly kind: 'BAD_REQUEST_BODY'; readonly message: string; readonly detail: string };

// ajv-draft-04 is CommonJS: under ESM interop its class is `module.exports.default`.
const Ajv = AjvDraft04.default;

export class RequestValidation {
  private readonly ajv = new Ajv({ allErrors: true, strict: false });
  private readonly compiled = new Map<string, ValidateFunction | Error>();
  private readonly models: ReadonlyMap<string, RestModelPlan>;
  private readonly validators: ReadonlyMap<string, RestValidatorPlan>;

  constructor(models: readonly RestModelPlan[], validators: readonly RestValidatorPlan[]) {
    this.models = new Map(models.map((model) => [model.name, model]));
    this.validators = new Map(validators.map((validator) => [validator.id, validator]));
  }

  /** The first failure of the method's validator, or undefined when the request passes (or has none). */
  check(method: RestMethodPlan, request: RestRequest): ValidationFailure | undefined {
    const validator = method.requestValidatorId ? this.validators.get(method.requestValidatorId) : undefined;
    if (!validator) return undefined;
    if (validator.validateParameters) {
      const missing = missingParameters(method, request);
      if (missing.length > 0) return { kind: 'BAD_REQUEST_PARAMETERS', message: `Missing required request parameters: [${missing.join(', ')}]` };
    }
    return validator.validateBody ? this.checkBody(method, request) : undefined;
  }

  private checkBody(method: RestMethodPlan, request: RestRequest): ValidationFailure | undefined {
    const contentType = (headerValue(request, 'content-type') ?? 'application/json').split(';', 1)[0]?.trim().toLowerCase() ?? '';
    const modelName = method.requestModels[contentType] ?? method.requestModels.$default;
    const model = modelName ? this.models.get(modelName) : undefined;
    if (!model) return undefined;
    const validate = this.compile(model);
    if (validate instanceof Error) return { kind: 'BAD_REQUEST_BODY', message: 'Invalid request body', detail: `[model ${model.name} is not a valid draft 4 schema: ${validate.message}]` };
    let body: unknown;
    try {
      body = JSON.parse(request.body.toString('utf8'));
    } catch (error) {
      return { kind: 'BAD_REQUEST_BODY', message: 'Invalid request body', detail: `[Invalid JSON: ${(error as Error).message}]` };
    }
    if (validate(body)) return undefined;
    return { kind: 'BAD_REQUEST_BODY', message: 'Invalid request body', detail: `[${this.ajv.errorsText(validate.errors, { separator: ', ' })}]` };
  }

  private compile(model: RestModelPlan): ValidateFunction | Error {
    let compiled: ValidateFunction | Error | undefined = this.compiled.get(model.name);
    if (compiled === undefined) {
      try {
        const { $schema: _ignored, ...schema } = model.schema as Record<string, unknown>;
        compiled = this.ajv.compile(schema);
      } catch (error) {
        compiled = error instanceof Error ? error : new Error(String(error));
      }
      this.compiled.set(model.name, compiled);
    }
    return compiled;
  }
}

/** Required (`true`) path, query and header parameters that are absent or blank, by name. */
function missingParameters(method: RestMethodPlan, request: RestRequest): string[] {
  const missing: string[] = [];
  for (const [key, required] of Object.entries(method.requestParameters)) {
    if (!required) continue;
    const match = /^method\.request\.(path|querystring|header)\.(.+)$/.exec(key);
    if (!match) continue;
    const name = match[2] as string;
    const value = match[1] === 'path' ? request.pathParameters[name] : match[1] === 'querystring' ? request.query[name] : headerValue(request, name);
    if (value === undefined || value.trim() === '') missing.push(name);
  }
  return missing;
}
