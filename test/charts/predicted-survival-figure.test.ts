/** predictedSurvivalFigure: step curves per patient, horizon markers with risk in %, warnings annotated. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { predictedSurvivalFigure } from '../../charts/predicted-survival-figure.js';
import { loadModelArtifact } from '../../models/risk/artifact/load.js';
import { predictRisk } from '../../models/risk/artifact/predict-risk.js';
import { UsageError } from '../../util/errors.js';
import { byRole, deepFreeze, expectJsonRoundTrip } from './helpers.js';

describe('predictedSurvivalFigure', () => {
  const input = deepFreeze({
    grid: [0, 1, 2, 3],
    predictions: [{ survival: [1, 0.9, 0.8, 0.7] }, { survival: [1, 0.8, 0.6, 0.5], warnings: ['age 95 outside the training range 30-70'] }],
    horizons: [1.5, 3],
    timeUnit: 'years',
  });

  it('one hv step curve per patient, horizon markers at the step value labelled with the risk in %', () => {
    const spec = predictedSurvivalFigure(input);
    const curves = byRole(spec, 'curve');
    expect(curves.map((c) => c.name)).toEqual(['Patient 1', 'Patient 2']);
    expect(curves[0]!.line!.shape).toBe('hv');
    expect(curves[1]!.x).toEqual([0, 1, 2, 3]);
    expect(curves[1]!.y).toEqual([1, 0.8, 0.6, 0.5]);
    const marks = byRole(spec, 'horizons');
    expect(marks[0]!.x).toEqual([1.5, 3]);
    // S(1.5) is the value at the last grid time <= 1.5, i.e. 0.9
    expect(marks[0]!.y).toEqual([0.9, 0.7]);
    expect(marks[0]!.text).toEqual(['risk 10.0%', 'risk 30.0%']);
    expect(marks[1]!.text).toEqual(['risk 20.0%', 'risk 50.0%']);
    expect(marks[0]!.customdata![0]![0]).toContain('at 1.5 years: risk 10.0% (survival 90.0%)');
    expect((spec.meta?.riskAtHorizons as number[][])[1]![1]).toBeCloseTo(0.5, 12);
    expect(spec.layout.xaxis?.title?.text).toBe('Time (years)');
    expect(spec.layout.yaxis?.tickformat).toBe('.0%');
    expect(spec.meta?.warnings).toEqual(['Patient 2: age 95 outside the training range 30-70']);
    expect(spec.layout.annotations![0]!.text).toBe('⚠ Patient 2: age 95 outside the training range 30-70');
    expectJsonRoundTrip(spec);
  });

  it('cumulative risk scale, own labels and horizons, warnings from the input when curves carry none', () => {
    const spec = predictedSurvivalFigure(
      { grid: [0, 10, 20], predictions: [{ survival: [1, 0.75, 0.5] }], warnings: ['w1', 'w2', 'w3'] },
      { scale: 'risk', labels: ['Ms A'], horizons: [20], maxWarnings: 2, percent: false },
    );
    const [curve] = byRole(spec, 'curve');
    expect(curve!.name).toBe('Ms A');
    expect(curve!.y).toEqual([0, 0.25, 0.5]);
    expect(byRole(spec, 'horizons')[0]!.y).toEqual([0.5]);
    expect(spec.layout.yaxis?.title?.text).toBe('Predicted cumulative risk');
    expect(spec.layout.yaxis?.tickformat).toBeUndefined();
    expect(spec.layout.annotations![0]!.text).toBe('⚠ w1<br>w2<br>… and 1 more');
    expect(spec.meta?.warnings).toEqual(['w1', 'w2', 'w3']);
    const quiet = predictedSurvivalFigure({ grid: [0, 1], predictions: [{ survival: [1, 0.9] }], warnings: ['w'] }, { showWarnings: false });
    expect(quiet.layout.annotations).toBeUndefined();
    expect(byRole(quiet, 'horizons')).toHaveLength(0);
  });

  it('rejects bad input naming the field', () => {
    expect(() => predictedSurvivalFigure({ ...input, predictions: [{ survival: [1, 0.9] }] })).toThrow(/'predictions\[0\].survival' has 2 values for 4/);
    expect(() => predictedSurvivalFigure({ ...input, predictions: [{ survival: [1, 1.2, 0.8, 0.7] }] })).toThrow(/outside \[0, 1\]/);
    expect(() => predictedSurvivalFigure({ ...input, grid: [0, 2, 1, 3] })).toThrow(/non-decreasing/);
    expect(() => predictedSurvivalFigure(input, { horizons: [4] })).toThrow(/horizons\[0\]/);
    expect(() => predictedSurvivalFigure(input, { labels: ['a'] })).toThrow(/labels/);
    expect(() => predictedSurvivalFigure({ ...input, predictions: [] })).toThrow(UsageError);
    expect(() => predictedSurvivalFigure(input, { scale: 'hazard' as 'risk' })).toThrow(UsageError);
  });

  it('draws predictRisk output of the committed gbsg Cox artifact: markers equal the predicted risks, extrapolation warned', () => {
    const model = loadModelArtifact(readFileSync('models/artifacts/gbsg-cox.json', 'utf8'), { source: 'gbsg-cox.json' });
    const base = { meno: 1, size: 25, grade: 2, nodes: 3, pgr: 50, er: 40, hormon: 0 };
    const pred = predictRisk(model, [{ ...base, age: 55 }, { ...base, age: 95 }]);
    const before = JSON.stringify(pred);
    const spec = predictedSurvivalFigure(pred, { labels: ['age 55', 'age 95'] });
    expect(JSON.stringify(pred)).toBe(before);
    const risks = spec.meta?.riskAtHorizons as number[][];
    pred.predictions.forEach((p, i) => p.risk.forEach((r, h) => expect(risks[i]![h]).toBeCloseTo(r, 12)));
    expect(byRole(spec, 'horizons')[0]!.x).toEqual(pred.horizons);
    expect(spec.meta?.warnings).toHaveLength(1);
    expect((spec.meta?.warnings as string[])[0]).toMatch(/^age 95: age 95 outside the training range/);
    expect(spec.layout.xaxis?.title?.text).toBe('Time (days)');
    expectJsonRoundTrip(spec);
  });
});
