/** The figure of a disclosed Kaplan–Meier fit draws exactly what the disclosed table holds. */
import { describe, expect, it } from 'vitest';
import { disclosedKaplanMeierFigure } from '../../charts/disclosed-kaplan-meier-figure.js';
import { UsageError } from '../../util/errors.js';

const km = {
  strata: [
    { label: 'sex=female', n: 40, suppressed: false, intervals: [{ from: 0, to: 100, nRisk: 40, nEvent: 6, surv: 0.85, lower: 0.7, upper: 0.95 }, { from: 100, to: 300, nRisk: 30, nEvent: 5, surv: 0.7, lower: 0.55, upper: 0.82 }] },
    { label: 'sex=male', n: null, suppressed: true, intervals: [] },
  ],
  confLevel: 0.95,
  threshold: 5,
  gridWidth: 100,
};

describe('disclosedKaplanMeierFigure', () => {
  it('draws a step per reported interval at its grid end, bands from the limits, and lists hidden strata', () => {
    const input = JSON.parse(JSON.stringify(km)) as typeof km;
    const spec = disclosedKaplanMeierFigure(input);
    expect(input).toEqual(km); // not modified
    const curves = spec.data.filter((t) => t.meta?.role === 'curve');
    expect(curves).toHaveLength(1);
    expect(curves[0]).toMatchObject({ x: [0, 100, 300], y: [1, 0.85, 0.7], line: { shape: 'hv' } });
    expect(spec.data.filter((t) => t.meta?.role === 'band-lower')[0]).toMatchObject({ y: [1, 0.7, 0.55] });
    expect(spec.layout.title?.text).toContain('steps of at least 5 events, times on a grid of 100; hidden: sex=male');
    expect(spec.meta).toMatchObject({ kind: 'kaplan-meier-disclosed', hidden: ['sex=male'], gridWidth: 100 });
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
  });

  it('refuses to draw when every stratum is hidden', () => {
    expect(() => disclosedKaplanMeierFigure({ ...km, strata: [km.strata[1]!] })).toThrow(UsageError);
  });
});
