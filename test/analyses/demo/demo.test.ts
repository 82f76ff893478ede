/**
 * analyses/demo/demo.ts: the headline numbers come from the analyses (cox,
 * logrank, zph, rmst on plain table sources) and the report draws fits of its
 * own (charts/ and render/ take fitted models): both must show the same numbers.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runDemo, type DemoResult } from '../../../analyses/demo/demo.js';
import type { ReportBlock } from '../../../render/report.js';

let demo: DemoResult;
beforeAll(async () => {
  demo = await runDemo({ seed: 3 });
}, 120_000);

const tables = (heading: RegExp): Extract<ReportBlock, { kind: 'table' }>[] =>
  demo.report.sections.filter((s) => heading.test(s.heading)).flatMap((s) => s.blocks.filter((b): b is Extract<ReportBlock, { kind: 'table' }> => b.kind === 'table'));

describe('demo: the analyses and the report agree', () => {
  it("the report's Cox table shows the hazard ratios and p values of the cox analysis", () => {
    const cox = tables(/^Cox model/).find((t) => t.caption?.startsWith('Cox model'));
    if (!cox) throw new Error('no Cox table in the report');
    const rows = cox.table as Record<string, unknown>[];
    expect(rows.map((r) => r.term)).toEqual(demo.headline.coxTerms.map((t) => t.term));
    rows.forEach((r, i) => {
      const h = demo.headline.coxTerms[i]!;
      expect(r.HR).toBeCloseTo(h.hr, 12);
      expect(r.p).toBeCloseTo(h.p, 12);
      expect(r['lower 95%']).toBeCloseTo(h.lower, 12);
    });
  });

  it("the report's PH and RMST tables show the zph and rmst analyses' global p and difference", () => {
    const zph = tables(/^Cox model/).flatMap((t) => t.table as Record<string, unknown>[]).find((r) => Object.values(r).includes('GLOBAL'));
    expect(zph).toBeDefined();
    expect(Object.values(zph!).some((v) => typeof v === 'number' && Math.abs(v - (demo.headline.zphGlobalP as number)) < 1e-12)).toBe(true);
    const rmstRows = tables(/^Breast cancer/).flatMap((t) => t.table as Record<string, unknown>[]);
    const diff = demo.headline.rmstDifferenceYears as number;
    expect(rmstRows.some((r) => Object.values(r).some((v) => typeof v === 'number' && Math.abs(v - diff) < 1e-12))).toBe(true);
  });

  it('describes the whole synthetic cohort and summarises the three endpoints', () => {
    const patients = demo.description.tables.find((t) => t.name === 'patients')?.rows;
    expect(demo.description.diagnoses.reduce((a, d) => a + d.patients, 0)).toBe(patients);
    expect(demo.endpoints.map((e) => e.endpoint)).toEqual(['breast cancer: recurrence or death', 'prostate cancer: biochemical recurrence', 'MS: first relapse']);
    for (const e of demo.endpoints) expect(e.ratePer100).toBeCloseTo(Math.round((e.events / e.personYears) * 1000) / 10, 0);
  });
});
