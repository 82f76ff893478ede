import { describe, expect, it } from 'vitest';
import { loadModelArtifact, saveModelArtifact } from '../../../../models/risk/artifact/load.js';
import { predictRisk, mlpForward } from '../../../../models/risk/artifact/predict-risk.js';
import { DataValidationError } from '../../../../util/errors.js';
import { tinyArtifact } from './fixtures.js';

function issuesOf(f: () => unknown): { field: string | null; message: string }[] {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DataValidationError);
    return (e as DataValidationError).issues;
  }
  throw new Error('expected a DataValidationError');
}

describe('predictRisk', () => {
  it('computes 1 - exp(-H0(h) exp(lp)) by hand', () => {
    const a = tinyArtifact();
    const r = predictRisk(a, { age: 60, grade: '3' });
    const lp = 0.02 * 10 + 0.4 * (0 - 0.5) + 0.8 * (1 - 0.25);
    expect(r.predictions[0]!.score).toBeCloseTo(lp, 14);
    expect(r.predictions[0]!.risk[0]).toBeCloseTo(1 - Math.exp(-0.1 * Math.exp(lp)), 14);
    expect(r.predictions[0]!.risk[1]).toBeCloseTo(1 - Math.exp(-0.3 * Math.exp(lp)), 14);
    expect(r.predictions[0]!.survival).toHaveLength(4);
    expect(r.predictions[0]!.survival[2]).toBeCloseTo(Math.exp(-0.25 * Math.exp(lp)), 14);
    expect(r.modelId).toBe('tiny-cox');
    expect(r.modelVersion).toBe('1.0.0');
    expect(r.warnings).toEqual([]);
  });

  it('uses H0 as a step function between grid points', () => {
    const a = tinyArtifact();
    const r = predictRisk(a, { age: 50, grade: '1' }, [1.99, 2, 0]);
    const lp = 0.4 * -0.5 + 0.8 * -0.25;
    expect(r.predictions[0]!.risk[0]).toBeCloseTo(1 - Math.exp(-0.1 * Math.exp(lp)), 14);
    expect(r.predictions[0]!.risk[1]).toBeCloseTo(1 - Math.exp(-0.25 * Math.exp(lp)), 14);
    expect(r.predictions[0]!.risk[2]).toBe(0);
  });

  it('warns about values outside the training range and unknown fields', () => {
    const r = predictRisk(tinyArtifact(), [{ age: 97, grade: '1' }, { age: 50, grade: '2', bmi: 22 }]);
    expect(r.predictions).toHaveLength(2);
    expect(r.predictions[0]!.warnings).toEqual(['age 97 outside the training range 30-70']);
    expect(r.warnings).toEqual(['patient 0: age 97 outside the training range 30-70', "patient 1: field 'bmi' ignored (not a model input)"]);
  });

  it('rejects invalid input with field paths', () => {
    const a = tinyArtifact();
    expect(issuesOf(() => predictRisk(a, { grade: '1' })).map((i) => i.field)).toEqual(['age']);
    const batch = issuesOf(() => predictRisk(a, [{ age: 50, grade: '1' }, { age: 'old', grade: '4' }]));
    expect(batch.map((i) => i.field)).toEqual(['[1].age', '[1].grade']);
    expect(batch[1]!.message).toContain('"1", "2", "3"');
    expect(issuesOf(() => predictRisk(a, { age: 50, grade: '1' }, [4])).map((i) => i.field)).toEqual(['horizons[0]']);
    expect(issuesOf(() => predictRisk(a, { age: Number.NaN, grade: '1' }))[0]!.message).toContain('finite number');
  });

  it('does not mutate its inputs', () => {
    const a = Object.freeze(tinyArtifact());
    const pt = Object.freeze({ age: 40, grade: '2' });
    expect(() => predictRisk(a, pt)).not.toThrow();
  });

  it('evaluates an MLP forward pass', () => {
    const out = mlpForward(
      [
        { weights: [[1, -1], [0.5, 0.5]], bias: [0, -1], activation: 'relu' },
        { weights: [[2, 3]], bias: [0.5], activation: 'linear' },
      ],
      Float64Array.of(3, 1),
    );
    // hidden = relu([2, 1]) = [2, 1]; out = 4 + 3 + 0.5
    expect(out[0]).toBe(7.5);
  });
});

describe('loadModelArtifact / saveModelArtifact', () => {
  it('round-trips exactly (same predictions to 1e-12)', () => {
    const a = tinyArtifact();
    const b = loadModelArtifact(saveModelArtifact(a));
    expect(b).toEqual(a);
    const pts = [{ age: 33.3, grade: '1' }, { age: 69.9, grade: '3' }];
    const ra = predictRisk(a, pts, [0.5, 2.5]);
    const rb = predictRisk(b, pts, [0.5, 2.5]);
    for (let i = 0; i < 2; i++)
      for (let k = 0; k < 2; k++) expect(Math.abs(ra.predictions[i]!.risk[k]! - rb.predictions[i]!.risk[k]!)).toBeLessThanOrEqual(1e-12);
  });

  it('refuses other format versions and bad JSON', () => {
    const a = { ...tinyArtifact(), formatVersion: 7 };
    const is = issuesOf(() => loadModelArtifact(JSON.stringify(a)));
    expect(is[0]!.field).toBe('formatVersion');
    expect(is[0]!.message).toContain("unsupported formatVersion 7");
    expect(issuesOf(() => loadModelArtifact('{oops'))[0]!.message).toContain('not valid JSON');
  });

  it('names schema and consistency failures by path', () => {
    const a = tinyArtifact();
    const bad1 = { ...a, baselineHazard: { ...a.baselineHazard, grid: [0, 1, 'x', 3] } };
    expect(issuesOf(() => loadModelArtifact(bad1)).map((i) => i.field)).toContain('baselineHazard.grid[2]');
    const bad2 = { ...a, predictor: { type: 'linear', coefficients: [1, 2] } };
    expect(issuesOf(() => loadModelArtifact(bad2)).map((i) => i.field)).toContain('predictor.coefficients');
    const bad3 = { ...a, horizons: [5] };
    expect(issuesOf(() => loadModelArtifact(bad3)).map((i) => i.field)).toContain('horizons[0]');
    const bad4 = { ...a, inputSchema: { type: 'object' } };
    expect(issuesOf(() => loadModelArtifact(bad4)).map((i) => i.field)).toContain('inputSchema');
    const props = (a.inputSchema as { properties: Record<string, unknown> }).properties;
    const bad4b = { ...a, inputSchema: { ...a.inputSchema, properties: { ...props, grade: { type: 'string', enum: ['1', '2'] } } } };
    expect(issuesOf(() => loadModelArtifact(bad4b)).map((i) => i.field)).toEqual(['inputSchema.properties.grade']);
    // incidental differences (e.g. another $schema URL from a zod upgrade) are accepted
    expect(() => loadModelArtifact({ ...a, inputSchema: { ...a.inputSchema, $schema: 'https://json-schema.org/draft-07/schema#' } })).not.toThrow();
    const bad5 = { ...a, baselineHazard: { ...a.baselineHazard, cumulativeHazard: [0, 0.2, 0.1, 0.3] } };
    expect(issuesOf(() => loadModelArtifact(bad5)).map((i) => i.field)).toContain('baselineHazard.cumulativeHazard[2]');
  });

  it('exports a JSON Schema with types, levels and training range', () => {
    const s = tinyArtifact().inputSchema as { properties: Record<string, Record<string, unknown>>; required: string[] };
    expect(s.properties.age!.type).toBe('number');
    expect(s.properties.age!['x-training-range']).toEqual([30, 70]);
    expect(s.properties.grade!.enum).toEqual(['1', '2', '3']);
    expect(s.required).toEqual(['age', 'grade']);
  });
});
