/**
 * Validation of route parameters, query strings and bodies against the route
 * schemas, with ajv in the JSON Schema 2020-12 dialect (the dialect of
 * OpenAPI 3.1): the schemas that validate a route are the ones its OpenAPI
 * operation shows (./openapi.ts generates the document from them). A failure
 * is the service's error (./errors.ts): 400 `invalid_input`, every issue with
 * a JSON Pointer (into the body, or naming the parameter: `/survival`).
 *
 * A body that only the handler can check (the prediction request, whose rules
 * depend on the model named in the path) is not given to fastify as a
 * schema: its route declares the JSON Schema written from its checker as
 * documentation (./route.ts, `checkedBody`), and is validated once, in the handler.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';
import { echoValue, HttpError, truncateText, type RequestIssue } from './errors.js';

const describeType = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** One ajv error as an issue of the service's error body. */
export function issueOf(e: ErrorObject): RequestIssue {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { path: `${e.instancePath}/${String(p.missingProperty).replace(/~/g, '~0').replace(/\//g, '~1')}`, message: 'required field is missing' };
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      return { path: `${e.instancePath}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, message: `unknown field '${truncateText(key, 40)}'` };
    }
    case 'type':
      return { path: e.instancePath, message: `expected ${String(p.type)}, got ${describeType(e.data)}` };
    case 'enum':
      return { path: e.instancePath, message: `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}, got ${echoValue(e.data)}` };
    default:
      return { path: e.instancePath, message: e.message ?? `fails ${e.keyword}` };
  }
}

/**
 * The validator compiler of the service: ajv (2020-12) with every error
 * collected; unknown `x-` annotations allowed; numbers must be finite. Shared
 * schemas (`app.addSchema`) are resolved by their `$id`.
 * @param shared the shared schemas, read when the first route is compiled
 */
export function validatorCompiler(shared: () => readonly unknown[]): FastifySchemaCompiler<FastifySchema> {
  let ajv: Ajv2020 | null = null;
  return ({ schema, httpPart }) => {
    if (ajv === null) {
      ajv = new Ajv2020({ allErrors: true, verbose: true, strictSchema: false, strictNumbers: true, coerceTypes: false, useDefaults: false });
      for (const s of shared()) ajv.addSchema(s as object);
    }
    const validate: ValidateFunction = ajv.compile(schema as object);
    const what = httpPart === 'body' ? 'input' : httpPart === 'querystring' ? 'query parameter' : httpPart === 'params' ? 'path parameter' : (httpPart ?? 'input');
    return (data: unknown) => {
      if (validate(data)) return { value: data };
      const issues = (validate.errors ?? []).filter((e) => e.keyword !== 'if').map(issueOf);
      const first = issues[0] ?? { path: '', message: 'invalid' };
      const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
      return { error: new HttpError(400, 'invalid_input', `Invalid ${what} at ${first.path || '(body)'}: ${first.message}${more}`, issues) };
    };
  };
}
