/**
 * The OpenAPI document: structurally an OpenAPI 3.1 document, every route the
 * service answers is documented (and nothing else), every $ref resolves, and
 * the served example bodies validate against the documented schemas (ajv,
 * JSON Schema 2020-12, the dialect of OpenAPI 3.1).
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { loadModelArtifact } from '../../models/risk/artifact/load.js';
import { createServer } from '../../server/app.js';
import { ROUTES } from '../../server/openapi.js';
import { tinyArtifact } from './fixture.js';

type Doc = { openapi: string; paths: Record<string, Record<string, { responses: Record<string, unknown>; parameters?: { name: string; schema: { enum?: string[] } }[] }>>; components: { schemas: Record<string, unknown> } };

function refs(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x) => refs(x, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (k === '$ref' && typeof x === 'string' ? out.push(x) : refs(x, out));
  return out;
}

/** `get /v1/models/{id}` entries from fastify's printRoutes tree (HEAD left out: fastify adds it to every GET). */
function registeredRoutes(tree: string): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([│├└─\s]*)(\S+) \(([^)]+)\)/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4 - 1;
    stack.length = depth;
    const path = stack.join('') + m[2]!;
    stack.push(m[2]!);
    for (const method of m[3]!.split(',').map((x) => x.trim().toLowerCase())) if (method !== 'head') out.push(`${method} ${path.replace(/:(\w+)/g, '{$1}')}`);
  }
  return out;
}

describe('GET /v1/openapi.json', () => {
  it('documents every route, resolves every $ref, and describes real responses', async () => {
    const app = await createServer({ models: [loadModelArtifact(tinyArtifact())] });
    const doc = (await app.inject({ method: 'GET', url: '/v1/openapi.json' })).json() as Doc;
    expect(doc.openapi).toBe('3.1.0');
    // every route registered in fastify (from its route tree) is in the document, with its method, and vice versa
    const registered = new Set(registeredRoutes(app.printRoutes({ commonPrefix: false })));
    expect(registered.size).toBe(ROUTES.length);
    for (const r of ROUTES) {
      expect(doc.paths[r.path]?.[r.method], `${r.method} ${r.path}`).toBeDefined();
      expect(registered.has(`${r.method} ${r.path}`), `${r.method} ${r.path} served`).toBe(true);
    }
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`));
    expect(new Set(documented)).toEqual(registered);
    for (const r of ROUTES) {
      const url = r.path.replace('{id}', 'tiny-cox');
      const res = await app.inject({ method: r.method.toUpperCase() as 'GET' | 'POST', url, ...(r.method === 'post' ? { payload: { age: 50, grade: '1' } } : {}) });
      expect(res.statusCode, url).toBe(200);
      expect(doc.paths[r.path]![r.method]!.responses['200']).toBeDefined();
    }
    for (const ref of refs(doc)) {
      const name = ref.replace('#/components/schemas/', '');
      expect(doc.components.schemas[name], ref).toBeDefined();
    }
    expect(doc.paths['/v1/models/{id}']!.get!.parameters![0]!.schema.enum).toEqual(['tiny-cox']);

    // validate real bodies against the documented schemas
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema({ $id: 'doc', components: doc.components });
    const check = (schema: string, value: unknown): boolean => ajv.validate({ $ref: `doc#/components/schemas/${schema}` }, value);
    const pred = (await app.inject({ method: 'POST', url: '/v1/models/tiny-cox/predict', payload: { patients: [{ age: 50, grade: '1' }], horizons: [2] } })).json();
    expect(check('Prediction', pred), ajv.errorsText()).toBe(true);
    expect(check('ModelList', (await app.inject({ method: 'GET', url: '/v1/models' })).json()), ajv.errorsText()).toBe(true);
    expect(check('ModelDetail', (await app.inject({ method: 'GET', url: '/v1/models/tiny-cox' })).json()), ajv.errorsText()).toBe(true);
    const err = (await app.inject({ method: 'POST', url: '/v1/models/tiny-cox/predict', payload: { age: 'x' } })).json();
    expect(check('Error', err), ajv.errorsText()).toBe(true);
    expect(check('PredictRequest', { patients: [{ age: 50, grade: '1' }], horizons: [2] })).toBe(true);
    expect(check('PredictRequest', { patients: [{ age: 50, grade: '9' }] })).toBe(false);
    expect(check('PredictRequest', { age: 50, grade: '1', horizons: [2, 3] })).toBe(true);
    expect(check('PredictRequest', { age: 50, grade: '1' })).toBe(true);
    expect(check('PredictRequest', { age: 50, grade: '1', nodes: 2 })).toBe(false);
    expect(check('PredictRequest', { patients: [{ age: 50, grade: '1', horizons: [2] }] })).toBe(false);
    expect(check('Patient_tiny-cox', { age: 50, grade: '2' })).toBe(true);
    expect(check('Patient_tiny-cox', { age: 50 })).toBe(false);
    await app.close();
  });
});
