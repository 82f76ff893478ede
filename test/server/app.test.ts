/**
 * The prediction service through fastify's inject (no sockets): routes,
 * predictions worked by hand on the tiny artifact, and every error class
 * (400 with JSON Pointers, malformed JSON, 404, 413, 415).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModelArtifact } from '../../models/risk/artifact/load.js';
import { createServer } from '../../server/app.js';
import { DataValidationError, UsageError } from '../../util/errors.js';
import { tinyArtifact, tinyRisk } from './fixture.js';

interface Prediction { modelId: string; horizons: number[]; grid: number[]; predictions: { risk: number[]; survival: number[]; score: number; warnings: string[] }[]; warnings: string[] }
interface ErrorBody { error: { code: string; message: string; issues?: { path: string; message: string }[] } }

let app: FastifyInstance;
beforeAll(async () => {
  app = await createServer({ models: [loadModelArtifact(tinyArtifact()), loadModelArtifact(tinyArtifact('tiny-b'))], bodyLimit: 4096, maxBatch: 50 });
});
afterAll(async () => app.close());

const predict = (body: unknown, id = 'tiny-cox', query = '') =>
  app.inject({ method: 'POST', url: `/v1/models/${id}/predict${query}`, payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

describe('service routes', () => {
  it('GET /v1/health', async () => {
    const r = await app.inject({ method: 'GET', url: '/v1/health' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ status: 'ok', models: 2 });
  });

  it('GET /v1/models lists id, kind, version and the card summary', async () => {
    const r = await app.inject({ method: 'GET', url: '/v1/models' });
    const { models } = r.json() as { models: Record<string, unknown>[] };
    expect(models.map((m) => m.id)).toEqual(['tiny-cox', 'tiny-b']);
    expect(models[0]).toMatchObject({ kind: 'cox', version: '1.0.0', title: 'Tiny test model', intendedUse: 'Service tests only', timeUnit: 'years', horizons: [3, 5] });
  });

  it('GET /v1/models/{id} returns card and input schema; unknown id is 404', async () => {
    const r = await app.inject({ method: 'GET', url: '/v1/models/tiny-cox' });
    expect(r.statusCode).toBe(200);
    const d = r.json() as { card: { limitations: string[] }; inputSchema: { properties: Record<string, unknown>; required: string[] } };
    expect(d.card.limitations).toEqual(['Not a real model']);
    expect(Object.keys(d.inputSchema.properties)).toEqual(['age', 'grade']);
    expect(d.inputSchema.required).toEqual(['age', 'grade']);
    const u = await app.inject({ method: 'GET', url: '/v1/models/nope' });
    expect(u.statusCode).toBe(404);
    expect((u.json() as ErrorBody).error.code).toBe('unknown_model');
    const p = await predict({ age: 50, grade: '1' }, 'nope');
    expect(p.statusCode).toBe(404);
    const route = await app.inject({ method: 'GET', url: '/v2/whatever' });
    expect(route.statusCode).toBe(404);
    expect((route.json() as ErrorBody).error.code).toBe('not_found');
  });
});

describe('POST /v1/models/{id}/predict', () => {
  it('one patient: risks at the default horizons and the survival curve, worked by hand', async () => {
    const r = await predict({ age: 60, grade: '3' });
    expect(r.statusCode).toBe(200);
    const j = r.json() as Prediction;
    expect(j.modelId).toBe('tiny-cox');
    expect(j.horizons).toEqual([3, 5]);
    expect(j.predictions).toHaveLength(1);
    const p = j.predictions[0]!;
    expect(p.risk[0]).toBeCloseTo(tinyRisk(60, '3', 0.09), 14);
    expect(p.risk[1]).toBeCloseTo(tinyRisk(60, '3', 0.15), 14);
    expect(p.score).toBeCloseTo(0.3 + 1.0, 14);
    expect(p.survival).toHaveLength(6);
    expect(p.survival[5]).toBeCloseTo(1 - tinyRisk(60, '3', 0.15), 14);
    expect(p.warnings).toEqual([]);
  });

  it('batch with horizons, in input order; ?survival=false drops the curves', async () => {
    const r = await predict({ patients: [{ age: 40, grade: '1' }, { age: 70, grade: '2' }], horizons: [1, 4.5] }, 'tiny-cox', '?survival=false');
    expect(r.statusCode).toBe(200);
    const j = r.json() as Prediction;
    expect(j.horizons).toEqual([1, 4.5]);
    expect(j.predictions.map((p) => p.risk[0])).toEqual([tinyRisk(40, '1', 0.02), tinyRisk(70, '2', 0.02)].map((v) => expect.closeTo(v, 14)));
    // step function on the grid: 4.5 uses H0(4)
    expect(j.predictions[1]!.risk[1]).toBeCloseTo(tinyRisk(70, '2', 0.12), 14);
    expect(j.predictions[0]!.survival).toEqual([]);
  });

  it('outside the training range: predicted, with a warning (not an error)', async () => {
    const r = await predict({ patients: [{ age: 50, grade: '1' }, { age: 95, grade: '1' }] });
    expect(r.statusCode).toBe(200);
    const j = r.json() as Prediction;
    expect(j.predictions[0]!.warnings).toEqual([]);
    expect(j.predictions[1]!.warnings.join()).toMatch(/age 95 outside the training range 30-80/);
    expect(j.warnings.join()).toMatch(/patient 1: age 95/);
  });

  it('400 with JSON Pointers: missing field, wrong type, level not allowed, unknown field', async () => {
    const r = await predict({ patients: [{ age: 50, grade: '1' }, { grade: 2 }, { age: '61', grade: '7', nodes: 3 }] });
    expect(r.statusCode).toBe(400);
    const e = (r.json() as ErrorBody).error;
    expect(e.code).toBe('invalid_input');
    const byPath = Object.fromEntries(e.issues!.map((i) => [i.path, i.message]));
    expect(byPath['/patients/1/age']).toBe('required field is missing');
    expect(byPath['/patients/1/grade']).toMatch(/must be one of "1", "2", "3", got 2/);
    expect(byPath['/patients/2/age']).toBe('expected number, got string');
    expect(byPath['/patients/2/grade']).toMatch(/got "7"/);
    expect(byPath['/patients/2/nodes']).toBe("unknown field 'nodes'");
    expect(byPath['/patients/0/age']).toBeUndefined();
    expect(e.message).toMatch(/^Invalid input at \/patients\/1\/age/);
  });

  it('400 for out-of-range horizons, a single patient with bad fields, empty or oversized batches, non-object bodies', async () => {
    const h = await predict({ age: 50, grade: '1', horizons: [0, 3, 6, 'x'] });
    expect(h.statusCode).toBe(400);
    const hp = (h.json() as ErrorBody).error.issues!.map((i) => i.path);
    expect(hp).toEqual(['/horizons/0', '/horizons/2', '/horizons/3']);
    const one = await predict({ age: null });
    expect(one.statusCode).toBe(400);
    expect((one.json() as ErrorBody).error.issues!.map((i) => i.path).sort()).toEqual(['/age', '/grade']);
    expect((await predict({ patients: [] })).statusCode).toBe(400);
    const big = await predict({ patients: Array.from({ length: 51 }, () => ({ age: 50, grade: '1' })) });
    expect(big.statusCode).toBe(400);
    expect((big.json() as ErrorBody).error.issues![0]!.message).toMatch(/at most 50 patients/);
    const arr = await predict([{ age: 50, grade: '1' }]);
    expect(arr.statusCode).toBe(400);
    expect((arr.json() as ErrorBody).error.issues![0]!.path).toBe('');
    const extra = await predict({ patients: [{ age: 50, grade: '1' }], patient: {} });
    expect((extra.json() as ErrorBody).error.issues![0]!.path).toBe('/patient');
  });

  it('malformed JSON is 400 malformed_json; non-JSON content type 415; body over the limit 413', async () => {
    const bad = await app.inject({ method: 'POST', url: '/v1/models/tiny-cox/predict', payload: '{"age": 50, "grade": ', headers: { 'content-type': 'application/json' } });
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as ErrorBody).error.code).toBe('malformed_json');
    const text = await app.inject({ method: 'POST', url: '/v1/models/tiny-cox/predict', payload: 'age=50', headers: { 'content-type': 'text/plain' } });
    expect(text.statusCode).toBe(415);
    const huge = await predict({ patients: Array.from({ length: 200 }, () => ({ age: 50, grade: '1' })) });
    expect(huge.statusCode).toBe(413);
    expect((huge.json() as ErrorBody).error.code).toBe('payload_too_large');
  });

  it('does not modify the served artifact', async () => {
    const a = loadModelArtifact(tinyArtifact());
    const frozen = structuredClone(a);
    const local = await createServer({ models: [a] });
    await local.inject({ method: 'POST', url: '/v1/models/tiny-cox/predict', payload: { age: 50, grade: '2' } });
    expect(a).toEqual(frozen);
    await local.close();
  });
});

describe('createServer({ modelsDir })', () => {
  it('loads every *.json artifact; refuses invalid artifacts, duplicate ids and empty directories', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'midia-models-'));
    writeFileSync(join(dir, 'a.json'), JSON.stringify(tinyArtifact('model-a')));
    writeFileSync(join(dir, 'b.json'), JSON.stringify(tinyArtifact('model-b')));
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    const s = await createServer({ modelsDir: dir });
    expect(((await s.inject({ method: 'GET', url: '/v1/models' })).json() as { models: { id: string }[] }).models.map((m) => m.id)).toEqual(['model-a', 'model-b']);
    await s.close();

    writeFileSync(join(dir, 'c.json'), JSON.stringify(tinyArtifact('model-a')));
    await expect(createServer({ modelsDir: dir })).rejects.toThrow(/Two model artifacts have the id 'model-a'/);
    const broken = { ...tinyArtifact('model-c'), horizons: [9] };
    writeFileSync(join(dir, 'c.json'), JSON.stringify(broken));
    await expect(createServer({ modelsDir: dir })).rejects.toBeInstanceOf(DataValidationError);
    await expect(createServer({ modelsDir: mkdtempSync(join(tmpdir(), 'midia-empty-')) })).rejects.toBeInstanceOf(UsageError);
    await expect(createServer({})).rejects.toBeInstanceOf(UsageError);
  });
});
