/**
 * Fastify's schema compilers, loaded when a route first needs them instead of at start. Fastify
 * compiles every route's body schema with Ajv while it starts, and loads Ajv and fast-json-stringify
 * to do so: ~0.1 s of each task's boot, for validators most tasks use rarely. Here a validator is
 * compiled on its route's first request, by the same compiler with the same options Fastify uses,
 * and the serializer compiler (for response schemas, which no route declares) loads only if a route
 * declares one. The first request to each validated route pays its compile (a few milliseconds).
 */
import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';

/** Loads a compiler package synchronously (both are CommonJS), from node_modules, when first used. */
export type CompilerLoader = (name: '@fastify/ajv-compiler' | '@fastify/fast-json-stringify-compiler') => () => CompilerFactory<unknown>;

/** What Fastify hands a compiler factory per route. */
interface RouteSchema {
  readonly schema: unknown;
  readonly method: string;
  readonly url: string;
  readonly httpPart?: string;
}

type CompilerFactory<T> = (externalSchemas: unknown, options: unknown) => (route: RouteSchema) => T;
type ValidateFunction = ((data: unknown, context?: unknown) => unknown) & { errors?: unknown };
type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;

const loadFromNodeModules: CompilerLoader = (name) => createRequire(import.meta.url)(name) as () => CompilerFactory<unknown>;

export function lazyCompilers(load: CompilerLoader = loadFromNodeModules): CompilersFactory {
  const buildValidator: CompilerFactory<ValidateFunction> = (externalSchemas, options) => {
    let compiler: ((route: RouteSchema) => unknown) | undefined;
    return (route) => {
      let compiled: ValidateFunction | undefined;
      const validate: ValidateFunction = (data, context) => {
        compiler ??= load('@fastify/ajv-compiler')()(externalSchemas, options);
        compiled ??= compiler(route) as ValidateFunction;
        const valid = compiled(data, context);
        // Fastify reads a failed validation's errors off the function it was given.
        validate.errors = compiled.errors;
        return valid;
      };
      return validate;
    };
  };
  const buildSerializer: CompilerFactory<unknown> = (externalSchemas, options) => load('@fastify/fast-json-stringify-compiler')()(externalSchemas, options);
  // Fastify types these factories as unions over its Ajv and JTD compilers; what it calls is the
  // shape above (a factory of per-route functions), which is what ours are.
  return { buildValidator, buildSerializer } as unknown as CompilersFactory;
}
