/**
 * The prediction service serves random-survival-forest artifacts without a
 * change to server/: a forest trained on gbsg, written as an artifact file
 * next to a Cox artifact, loaded with the models directory, and queried over
 * real HTTP on 127.0.0.1 (ephemeral port): listing, detail, single and batch
 * predictions equal to the library call predictRisk, concurrent requests,
 * and 400s with field paths for bad input. Small forest (20 trees).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsvColumns } from '../helpers/read-csv.js';
import { saveModelArtifact } from '../../models/risk/artifact/load.js';
import { predictRisk } from '../../models/risk/artifact/predict-risk.js';
import type { ModelArtifact } from '../../models/risk/artifact/types.js';
import { buildModelArtifact } from '../../models/risk/model/build-artifact.js';
import { rsfRiskModel } from '../../models/risk/model/rsf-risk-model.js';
import { createServer } from '../../server/app.js';
import { send, tinyArtifact } from './fixture.js';

const F = 'Surv(rfstime, status) ~ age + size + factor(grade) + nodes + pgr + er + hormon';
const PATIENT = { age: 52, size: 25, grade: '2', nodes: 3, pgr: 40, er: 60, hormon: 0 };
const card = {
  title: 'gbsg forest (test)',
  intendedUse: 'service tests only',
  population: 'gbsg',
  horizon: '3 and 5 years',
  limitations: ['test model'],
  authors: ['test'],
  version: '0.1.0',
};

describe('serving an rsf artifact over HTTP on loopback', () => {
  let artifact: ModelArtifact;
  let app: Awaited<ReturnType<typeof createServer>>;
  let port = 0;
  const agent = new Agent({ keepAlive: true, maxSockets: 10 });

  beforeAll(async () => {
    const model = rsfRiskModel(F, { nTrees: 20, seed: 11, importance: 'none' }).fit(readCsvColumns('datasets/gbsg.csv'));
    artifact = buildModelArtifact(model, { id: 'gbsg-rsf-test', card, horizons: [1095.75, 1826.25], createdAt: '2026-01-01T00:00:00Z' });
    const dir = mkdtempSync(join(tmpdir(), 'midia-rsf-serve-'));
    writeFileSync(join(dir, 'gbsg-rsf-test.json'), saveModelArtifact(artifact));
    writeFileSync(join(dir, 'tiny-cox.json'), saveModelArtifact(tinyArtifact()));
    app = await createServer({ modelsDir: dir, logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    agent.destroy();
    await app.close();
  });

  it('lists the forest next to a Cox model and describes it', async () => {
    const list = await send(port, 'GET', '/v1/models', null, agent);
    expect(list.status).toBe(200);
    const models = (JSON.parse(list.body) as { models: { id: string; kind: string; horizons: number[] }[] }).models;
    expect(models.map((m) => [m.id, m.kind]).sort()).toEqual([['gbsg-rsf-test', 'rsf'], ['tiny-cox', 'cox']]);
    const detail = await send(port, 'GET', '/v1/models/gbsg-rsf-test', null, agent);
    expect(detail.status).toBe(200);
    const d = JSON.parse(detail.body) as { kind: string; formatVersion: number; inputSchema: { required: string[]; properties: Record<string, { enum?: string[] }> } };
    expect(d.kind).toBe('rsf');
    expect(d.formatVersion).toBe(2);
    expect(d.inputSchema.required.sort()).toEqual(Object.keys(PATIENT).sort());
    expect(d.inputSchema.properties.grade!.enum).toEqual(['1', '2', '3']);
    expect(detail.body).not.toMatch(/jumpChf|splitValue/); // the forest itself is not published by the detail endpoint
  });

  it('predicts one patient and a batch as predictRisk does, also under concurrent requests', async () => {
    const one = await send(port, 'POST', '/v1/models/gbsg-rsf-test/predict', JSON.stringify(PATIENT), agent);
    expect(one.status).toBe(200);
    expect(JSON.parse(one.body)).toEqual(JSON.parse(JSON.stringify(predictRisk(artifact, PATIENT))));
    const batch = [PATIENT, { ...PATIENT, nodes: 20, grade: '3' }, { ...PATIENT, age: 95 }];
    const b = await send(port, 'POST', '/v1/models/gbsg-rsf-test/predict', JSON.stringify({ patients: batch, horizons: [365.25, 1826.25] }), agent);
    expect(b.status).toBe(200);
    const bj = JSON.parse(b.body) as { kind: string; predictions: { risk: number[]; warnings: string[] }[]; warnings: string[] };
    expect(bj).toEqual(JSON.parse(JSON.stringify(predictRisk(artifact, batch, [365.25, 1826.25]))));
    expect(bj.kind).toBe('rsf');
    expect(bj.predictions[1]!.risk[1]!).toBeGreaterThan(bj.predictions[0]!.risk[1]!);
    expect(bj.warnings).toEqual(['patient 2: age 95 outside the training range 21-80']);
    const ages = Array.from({ length: 60 }, (_, i) => 25 + i);
    const replies = await Promise.all(ages.map((age) => send(port, 'POST', '/v1/models/gbsg-rsf-test/predict?survival=false', JSON.stringify({ ...PATIENT, age }), agent)));
    replies.forEach((r, i) => {
      expect(r.status).toBe(200);
      const want = predictRisk(artifact, { ...PATIENT, age: ages[i]! }, undefined, { survivalCurve: false });
      expect((JSON.parse(r.body) as { predictions: { risk: number[] }[] }).predictions[0]!.risk).toEqual(want.predictions[0]!.risk);
    });
  });

  it('answers 400 with field paths for missing, wrong and out-of-range input', async () => {
    const { grade: _g, ...noGrade } = PATIENT;
    const missing = await send(port, 'POST', '/v1/models/gbsg-rsf-test/predict', JSON.stringify(noGrade), agent);
    expect(missing.status).toBe(400);
    expect(missing.body).toContain('"/grade"');
    const level = await send(port, 'POST', '/v1/models/gbsg-rsf-test/predict', JSON.stringify({ patients: [PATIENT, { ...PATIENT, grade: 'II' }] }), agent);
    expect(level.status).toBe(400);
    expect((JSON.parse(level.body) as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path)).toEqual(['/patients/1/grade']);
    const far = await send(port, 'POST', '/v1/models/gbsg-rsf-test/predict', JSON.stringify({ ...PATIENT, horizons: [99999] }), agent);
    expect(far.status).toBe(400);
    expect(far.body).toContain('"/horizons/0"');
    const bad = await send(port, 'POST', '/v1/models/gbsg-rsf-test/predict', '{"age": 5', agent);
    expect(bad.status).toBe(400);
  });
});
