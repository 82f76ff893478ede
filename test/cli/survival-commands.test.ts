/**
 * The survival commands' JSON is a contract for portal backends and scripts:
 * these tests pin its keys and check the numbers against R values quoted in
 * the comments (R 4.2.2, survival 3.5-3, cmprsk 2.2-11; the full golden
 * comparisons live in test/models/survival).
 */
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../helpers/run-cli.js';

async function cliJson(...argv: string[]): Promise<Record<string, unknown>> {
  const { code, out, err } = await runCliCaptured([...argv, '--json']);
  expect(code, err).toBe(0);
  return JSON.parse(out) as Record<string, unknown>;
}

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('survival command contracts', () => {
  it('km: one row per event time, stdErr of S, medians', async () => {
    const j = (await cliJson('km', '--data', 'datasets/lung.csv', '--formula', 'Surv(time, status) ~ sex')) as { strata: Record<string, unknown>[] };
    expect(j.strata.map((s) => s.label)).toEqual(['sex=1', 'sex=2']);
    const s1 = j.strata[0] as { time: number[]; nRisk: number[]; nEvent: number[]; nCensor: number[]; surv: number[]; stdErr: number[]; lower: number[]; upper: number[]; median: number };
    for (const k of ['time', 'nRisk', 'nEvent', 'nCensor', 'surv', 'stdErr', 'lower', 'upper'] as const) expect(s1[k]).toHaveLength(s1.time.length);
    expect(s1.nEvent.every((d) => d > 0)).toBe(true);
    // R: summary(survfit(Surv(time, status) ~ sex, lung))$surv[1] = 0.978261; std.err 0.012410; median(sex=1) 270, (sex=2) 426
    expect(s1.time[0]).toBe(11);
    expect(rel(s1.surv[0] as number, 135 / 138)).toBeLessThan(1e-12);
    expect(rel(s1.stdErr[0] as number, (135 / 138) * Math.sqrt(3 / (138 * 135)))).toBeLessThan(1e-12);
    expect(s1.median).toBe(270);
    expect((j.strata[1] as { median: number }).median).toBe(426);
  });

  it('logrank: chisq, df, p', async () => {
    const j = (await cliJson('logrank', '--data', 'datasets/lung.csv', '--formula', 'Surv(time, status) ~ sex')) as { chisq: number; df: number; p: number };
    // R: survdiff(Surv(time, status) ~ sex, lung): Chisq = 10.3267419549, p = 0.00131116452
    expect(j.df).toBe(1);
    expect(rel(j.chisq, 10.3267419549)).toBeLessThan(1e-6);
    expect(rel(j.p, 0.00131116452)).toBeLessThan(1e-5);
  });

  it('cox: terms with hr and intervals; robustSe only with cluster()', async () => {
    const j = (await cliJson('cox', '--data', 'datasets/lung.csv', '--formula', 'Surv(time, status) ~ age + sex + ph.ecog')) as {
      n: number; events: number; loglik: number[]; concordance: number; converged: boolean; warnings: string[]; terms: Record<string, number | string>[];
    };
    expect(j).toMatchObject({ n: 227, events: 164, converged: true });
    expect(j.loglik).toHaveLength(2);
    expect(Object.keys(j.terms[0] ?? {}).sort()).toEqual(['coef', 'hr', 'lower95', 'p', 'se', 'term', 'upper95', 'z']);
    // R: coxph(Surv(time, status) ~ age + sex + ph.ecog, lung): sex coef -0.55261239570
    const sex = j.terms.find((t) => t.term === 'sex') as { coef: number; se: number; hr: number };
    expect(rel(sex.coef, -0.5526123957)).toBeLessThan(1e-6);
    expect(rel(sex.hr, Math.exp(sex.coef))).toBeLessThan(1e-14);
    const robust = (await cliJson('cox', '--data', 'datasets/cgd.csv', '--formula', 'Surv(tstart, tstop, status) ~ treat + cluster(id)')) as { terms: Record<string, unknown>[] };
    expect(robust.terms[0]).toHaveProperty('robustSe');
  });

  it('zph: one row per term (a factor is one row) and a global test', async () => {
    const j = (await cliJson('zph', '--data', 'datasets/veteran.csv', '--formula', 'Surv(time, status) ~ trt + celltype + karno')) as { terms: { term: string; df: number }[]; global: { df: number } };
    expect(j.terms.map((t) => [t.term, t.df])).toEqual([['trt', 1], ['celltype', 3], ['karno', 1]]);
    expect(j.global.df).toBe(5);
  });

  it('cif, finegray, rmst and aft print their documented keys', async () => {
    const cif = await cliJson('cif', '--data', 'datasets/pbc.csv', '--formula', 'Surv(time, status) ~ sex', '--times', '1000,2000');
    expect(Object.keys(cif)).toEqual(expect.arrayContaining(['curves', 'tests', 'at']));
    expect((cif.at as { times: number[] }).times).toEqual([1000, 2000]);
    const fg = (await cliJson('finegray', '--data', 'datasets/pbc.csv', '--formula', 'Surv(time, status) ~ age + bili', '--cause', '2')) as { terms: Record<string, unknown>[] };
    expect(Object.keys(fg.terms[0] ?? {}).sort()).toEqual(['coef', 'lower95', 'p', 'se', 'shr', 'term', 'upper95', 'z']);
    const r = (await cliJson('rmst', '--data', 'datasets/lung.csv', '--formula', 'Surv(time, status) ~ sex', '--tau', '365')) as { tau: number; groups: unknown[]; contrast: unknown };
    expect(r.tau).toBe(365);
    expect(r.groups).toHaveLength(2);
    expect(r.contrast).not.toBeNull();
    const aft = (await cliJson('aft', '--data', 'datasets/lung.csv', '--formula', 'Surv(time, status) ~ age + sex', '--dist', 'lognormal')) as { dist: string; terms: { term: string }[] };
    expect(aft.dist).toBe('lognormal');
    expect(aft.terms.map((t) => t.term)).toEqual(['(Intercept)', 'age', 'sex', 'Log(scale)']);
  });
});
