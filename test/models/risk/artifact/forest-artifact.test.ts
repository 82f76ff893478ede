/**
 * Random-survival-forest artifacts (format 2, predictor type 'forest'):
 * predictRisk worked by hand on a two-tree forest, the format-version rules
 * (1 still read, forest needs 2), and loader errors that name the field.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadModelArtifact, saveModelArtifact } from '../../../../models/risk/artifact/load.js';
import { predictRisk } from '../../../../models/risk/artifact/predict-risk.js';
import { modelCardMarkdown } from '../../../../models/risk/artifact/card-markdown.js';
import type { ForestPredictor, ModelArtifact } from '../../../../models/risk/artifact/types.js';
import { DataValidationError } from '../../../../util/errors.js';
import { tinyForestArtifact } from './fixtures.js';

function issuesOf(f: () => unknown): { field: string | null; message: string }[] {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DataValidationError);
    return (e as DataValidationError).issues;
  }
  throw new Error('expected a DataValidationError');
}

function withForest(change: Partial<ForestPredictor>): ModelArtifact {
  const a = tinyForestArtifact();
  return { ...a, predictor: { ...(a.predictor as ForestPredictor), ...change } };
}

describe('predictRisk on a forest artifact', () => {
  it('averages the leaves a patient falls in (worked by hand)', () => {
    const a = loadModelArtifact(tinyForestArtifact());
    const r = predictRisk(a, [{ age: 60, grade: '3' }, { age: 40, grade: '1' }, { age: 50, grade: '2' }], [1, 2.5, 3]);
    expect(r.kind).toBe('rsf');
    // age 60 (> 50: leaf 1), grade 3 (leaf 3): H = [0, .1, .4, .55]
    const [p, q, s] = r.predictions;
    expect(p!.risk[0]).toBeCloseTo(1 - Math.exp(-0.1), 15);
    expect(p!.risk[1]).toBeCloseTo(1 - Math.exp(-0.4), 15); // 2.5 -> grid point 2
    expect(p!.risk[2]).toBeCloseTo(1 - Math.exp(-0.55), 15);
    expect(p!.survival.map((v) => -Math.log(v))).toEqual([0, 0.1, 0.4, 0.55].map((h) => expect.closeTo(h, 14)));
    expect(p!.score).toBeCloseTo(1.05, 14);
    // age 40 (leaf 0), grade 1 (leaf 2, no events): H = [0, .05, .05, .05]
    expect(q!.risk[2]).toBeCloseTo(1 - Math.exp(-0.05), 15);
    expect(q!.score).toBeCloseTo(0.15, 14);
    // the split is z <= value: age 50 goes left; grade 2 is not grade 3
    expect(s!.risk[2]).toBeCloseTo(1 - Math.exp(-0.05), 15);
    expect(r.warnings).toEqual([]);
  });

  it('warns about out-of-range values and rejects invalid input by field, as for other kinds', () => {
    const a = loadModelArtifact(tinyForestArtifact());
    const r = predictRisk(a, { age: 97, grade: '1', bmi: 20 });
    expect(r.predictions[0]!.warnings).toEqual(['age 97 outside the training range 30-70', "field 'bmi' ignored (not a model input)"]);
    expect(issuesOf(() => predictRisk(a, [{ age: 50, grade: '1' }, { age: 'x', grade: '9' }])).map((i) => i.field)).toEqual(['[1].age', '[1].grade']);
    expect(issuesOf(() => predictRisk(a, { age: 50, grade: '1' }, [3.5])).map((i) => i.field)).toEqual(['horizons[0]']);
  });

  it('round-trips through JSON exactly and does not mutate the artifact', () => {
    const a = Object.freeze(loadModelArtifact(tinyForestArtifact()));
    const b = loadModelArtifact(saveModelArtifact(a));
    expect(b).toEqual(a);
    const pts = [{ age: 33, grade: '2' }, { age: 66.6, grade: '3' }];
    expect(predictRisk(b, pts)).toEqual(predictRisk(a, pts));
  });

  it('renders the forest section of the model card', () => {
    const md = modelCardMarkdown(loadModelArtifact(tinyForestArtifact()));
    expect(md).toMatch(/## Forest/);
    expect(md).toMatch(/2 trees, 4 leaves, mtry 1, minimum node size 10/);
    expect(md).toMatch(/every leaf holds at least 8 distinct training patients; out-of-bag Harrell's C 0\.7/);
    expect(md).toMatch(/permutation importance \(C units\): age 0\.05, grade3 0\.02, grade2 0/);
    expect(md).not.toMatch(/## Baseline hazard/);
  });
});

describe('loadModelArtifact with forests', () => {
  it('still reads format-1 artifacts (the shipped gbsg-cox.json) and refuses unknown versions', () => {
    const cox = loadModelArtifact(readFileSync('models/artifacts/gbsg-cox.json', 'utf8'));
    expect(cox.formatVersion).toBe(1);
    const is = issuesOf(() => loadModelArtifact({ ...tinyForestArtifact(), formatVersion: 3 }));
    expect(is[0]!.field).toBe('formatVersion');
    expect(is[0]!.message).toContain('unsupported formatVersion 3 (this engine reads 1 and 2)');
  });

  it('requires format 2 for a forest and a forest for kind rsf', () => {
    const v1 = issuesOf(() => loadModelArtifact({ ...tinyForestArtifact(), formatVersion: 1 }));
    expect(v1.map((i) => i.field)).toEqual(['formatVersion']);
    expect(v1[0]!.message).toContain("a 'forest' predictor needs formatVersion 2");
    const cox = issuesOf(() => loadModelArtifact({ ...tinyForestArtifact(), kind: 'cox' }));
    expect(cox[0]).toMatchObject({ field: 'predictor.type', message: expect.stringContaining("kind 'cox' cannot have a 'forest' predictor") });
    const lin = issuesOf(() => loadModelArtifact({ ...tinyForestArtifact(), predictor: { type: 'linear', coefficients: [0, 0, 0] } }));
    expect(lin[0]).toMatchObject({ field: 'predictor.type', message: expect.stringContaining("kind 'rsf' needs a 'forest' predictor") });
  });

  it('names the field of structural errors', () => {
    const field = (a: ModelArtifact): (string | null)[] => issuesOf(() => loadModelArtifact(a)).map((i) => i.field);
    expect(field(withForest({ splitColumn: [0, -1, -1, 7, -1, -1] }))).toEqual(['predictor.splitColumn[3]']);
    expect(field(withForest({ left: [0, 0, 1, 4, 2, 3] }))).toEqual(['predictor.left[0]']); // a child before its parent (a cycle)
    expect(field(withForest({ left: [1, 9, 1, 4, 2, 3] }))).toEqual(['predictor.left[1]']); // leaf id out of range
    expect(field(withForest({ right: [2, 5, -1, 5, -1, -1] }))).toEqual(['predictor.right[1]']);
    expect(field(withForest({ treeRoot: [0, 6] }))).toEqual(['predictor.treeRoot[1]']);
    expect(field(withForest({ splitValue: [50, 0, 0] }))).toEqual(['predictor.splitValue']);
    expect(field(withForest({ jumpGrid: [1, 1, 4, 2, 3] }))).toEqual(['predictor.jumpGrid[2]']); // beyond the 4-point grid
    expect(field(withForest({ jumpGrid: [1, 2, 1, 2, 3] }))).toEqual(['predictor.jumpGrid[2]']); // not increasing in leaf 1
    expect(field(withForest({ jumpChf: [0.1, 0.5, 0.2, 0.3, 0.6] }))).toEqual(['predictor.jumpChf[2]']); // decreasing
    expect(field(withForest({ jumpChf: [0.1, 0.2, 0.5, 0.3] }))).toEqual(['predictor.jumpChf']);
    expect(field(withForest({ leafStart: [0, 1, 3, 3, 4] }))).toEqual(['predictor.leafStart[4]']);
    expect(field(withForest({ importance: [0.1] }))).toEqual(['predictor.importance']);
    expect(field(withForest({ minLeafPatients: -1 }))).toEqual(['predictor.minLeafPatients']);
    const t = tinyForestArtifact().predictor as ForestPredictor;
    expect(field(withForest({ settings: { ...t.settings, nTrees: 3 } }))).toEqual(['predictor.settings.nTrees']);
    expect(field(withForest({ jumpChf: [0.1, 0.2, Number.NaN, 0.3, 0.6] }))).toEqual(['predictor.jumpChf[2]']);
    const noGrid = issuesOf(() => loadModelArtifact(JSON.stringify({ ...tinyForestArtifact(), predictor: { ...t, jumpGrid: 'x' } })));
    expect(noGrid.map((i) => i.field)).toEqual(['predictor.jumpGrid']);
  });
});
