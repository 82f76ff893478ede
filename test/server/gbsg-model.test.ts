/**
 * The shipped worked model (models/artifacts/gbsg-cox.json) served from its
 * directory: listed with its card, and predictions over the service equal the
 * library call predictRisk on the same artifact (exactly: same code path, JSON
 * numbers round-trip).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadModelArtifact } from '../../models/risk/artifact/load.js';
import { predictRisk } from '../../models/risk/artifact/predict-risk.js';
import { createServer } from '../../server/app.js';

const PATIENT = { age: 52, meno: 1, size: 25, grade: 2, nodes: 3, pgr: 40, er: 60, hormon: 0 };

describe('serving models/artifacts/gbsg-cox.json', () => {
  it('lists the model and predicts as predictRisk does', async () => {
    const app = await createServer({ modelsDir: 'models/artifacts' });
    const list = (await app.inject({ method: 'GET', url: '/v1/models' })).json() as { models: { id: string; kind: string; horizons: number[] }[] };
    const m = list.models.find((x) => x.id === 'gbsg-cox');
    expect(m).toMatchObject({ kind: 'cox', horizons: [1095.75, 1826.25] });
    const detail = (await app.inject({ method: 'GET', url: '/v1/models/gbsg-cox' })).json() as { card: { intendedUse: string; limitations: string[] }; inputSchema: { required: string[] } };
    expect(detail.card.limitations.length).toBeGreaterThan(0);
    expect(detail.inputSchema.required.sort()).toEqual(Object.keys(PATIENT).sort());
    const r = await app.inject({ method: 'POST', url: '/v1/models/gbsg-cox/predict', payload: { patients: [PATIENT, { ...PATIENT, nodes: 20 }] } });
    expect(r.statusCode).toBe(200);
    const artifact = loadModelArtifact(readFileSync('models/artifacts/gbsg-cox.json', 'utf8'));
    expect(r.json()).toEqual(JSON.parse(JSON.stringify(predictRisk(artifact, [PATIENT, { ...PATIENT, nodes: 20 }]))));
    const risk = (r.json() as { predictions: { risk: number[] }[] }).predictions;
    expect(risk[1]!.risk[1]).toBeGreaterThan(risk[0]!.risk[1]!); // more nodes, higher 5-year risk
    const bad = await app.inject({ method: 'POST', url: '/v1/models/gbsg-cox/predict', payload: { ...PATIENT, grade: 'II' } });
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as { error: { issues: { path: string }[] } }).error.issues.map((i) => i.path)).toEqual(['/grade']);
    await app.close();
  });
});
