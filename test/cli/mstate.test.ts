/**
 * `midia mstate`: the JSON contract of issue 15
 * (`{"states":[...],"strata":[{"label","time","pstate","stdErr"}]}`, states
 * `(s0)` first then code-point order) equal to R's survfit(Surv(start, stop,
 * state) ~ group, id = ID)$pstate and $std.err (test/golden/mstate.json,
 * R 4.2.2 / survival 3.5-3, 1e-10 absolute), `~ 1` as one curve "all",
 * --istate, the text table, bad data naming file / row / patient (exit 2),
 * --model cox against R's multi-state coxph and survfit(coxfit, newdata), the
 * stacked figure, and --db runs: through the consent gate, recorded in the
 * ledger, disclosure-controlled (steps of at least the minimum cell count of
 * transitions on a time grid, small curves hidden), equal to the undisclosed
 * curves of the same rows at the reported times.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCohort } from '../../datasets/index.js';
import { grantConsent, revokeConsent } from '../../engine/consent/registry.js';
import { CANONICAL_TABLES } from '../../engine/schema.js';
import { CohortStore } from '../../engine/store.js';
import { aalenJohansen } from '../../models/survival/multistate/aalen-johansen.js';
import { readDataTable } from '../../engine/read-file.js';
import { chromiumStatus } from '../render/prerequisites.js';
import { runCliCaptured, type CliResult } from '../helpers/run-cli.js';

const cli = (...argv: string[]): Promise<CliResult> => runCliCaptured(argv);
const chromium = chromiumStatus();

interface Contract { states: string[]; strata: { label: string; time: number[]; pstate: number[][]; stdErr: number[][] }[] }
interface GoldenAj extends Contract { name: string; file: string; formula: string; istate: string | null }
interface GoldenCox { name: string; coef: Record<string, number>; se: Record<string, number>; predicted: { time: number[]; stype2: number[][] } }
const golden = JSON.parse(readFileSync('test/golden/mstate.json', 'utf8')) as { aj: GoldenAj[]; cox: GoldenCox[] };

function expectClose(actual: number[][], expected: number[][], what: string): void {
  expect(actual.length, what).toBe(expected.length);
  actual.forEach((row, k) => row.forEach((v, j) => {
    if (Math.abs(v - expected[k]![j]!) > 1e-10) throw new Error(`${what} [${k}][${j}]: ${v} vs R ${expected[k]![j]}`);
  }));
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'midia-mstate-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('midia mstate --json: the contract, equal to R survfit', () => {
  for (const g of golden.aj) {
    it(g.name, async () => {
      const r = await cli('mstate', '--data', g.file, '--formula', g.formula, '--id', 'id', ...(g.istate ? ['--istate', g.istate] : []), '--json');
      expect(r.code, r.err).toBe(0);
      const out = JSON.parse(r.out) as Contract;
      expect(Object.keys(out)).toEqual(['states', 'strata']);
      expect(out.states).toEqual(g.states);
      expect(out.strata.map((s) => s.label)).toEqual(g.strata.map((s) => s.label));
      out.strata.forEach((s, k) => {
        expect(Object.keys(s)).toEqual(['label', 'time', 'pstate', 'stdErr']);
        const e = g.strata[k]!;
        expect(s.time).toEqual(e.time);
        expectClose(s.pstate, e.pstate, `${s.label} pstate`);
        expectClose(s.stdErr, e.stdErr, `${s.label} stdErr`);
      });
    });
  }

  it('Surv(time, state) without --id gives the same competing-risks curves', async () => {
    const r = await cli('mstate', '--data', 'test/golden/mstate-mgus2.csv', '--formula', 'Surv(stop, state) ~ sex', '--json');
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out) as Contract;
    const g = golden.aj[0]!;
    expectClose(out.strata[1]!.pstate, g.strata[1]!.pstate, 'mgus2 M');
  });
});

describe('midia mstate: text, errors, cox, figure', () => {
  it('prints state occupation at --times with the transitions', async () => {
    const r = await cli('mstate', '--data', 'test/golden/mstate-illness-death.csv', '--formula', 'Surv(start, stop, state) ~ group', '--id', 'id', '--times', '5,10');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/States: 1= \(s0\), 2= death, 3= recurrence/);
    expect(r.out).toMatch(/group=a \(n = 120\)/);
    expect(r.out).toMatch(/recurrence\s+death\s+118/);
    const g = golden.aj[2]!.strata[0]!;
    const k = g.time.filter((t) => t <= 10).length - 1;
    expect(r.out).toContain(g.pstate[k]![0]!.toFixed(4));
  });

  it('refuses an impossible state sequence naming the file, the row and the patient (exit 2)', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'id,start,stop,state\nP1,0,3,death\nP1,3,8,recurrence\nP2,0,5,\n');
    const r = await cli('mstate', '--data', file, '--formula', 'Surv(start, stop, state) ~ 1', '--id', 'id', '--json');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(`${file}, row 2, field 'state'`);
    expect(r.err).toMatch(/absorbing state death .*patient P1/);
    const gap = join(dir, 'gap.csv');
    writeFileSync(gap, 'id,start,stop,state\nP1,0,3,recurrence\nP1,4,8,death\n');
    const g = await cli('mstate', '--data', gap, '--formula', 'Surv(start, stop, state) ~ 1', '--id', 'id');
    expect(g.code).toBe(2);
    expect(g.err).toMatch(/row 2, field 'start': gap in follow-up/);
    const usage = await cli('mstate', '--data', gap, '--formula', 'Surv(start, stop, state) ~ 1', '--id', 'id', '--newdata', 'x=1');
    expect(usage.code).toBe(1);
  });

  it('--model cox: coefficients and robust se as R, shared coefficients, prediction for a profile', async () => {
    const base = ['mstate', '--data', 'test/golden/mstate-illness-death.csv', '--formula', 'Surv(start, stop, state) ~ x + group', '--id', 'id', '--model', 'cox', '--json'];
    for (const [g, extra] of [[golden.cox[0]!, ['--newdata', 'x=0.5,group=b']], [golden.cox[1]!, ['--common', '1:2+3:2~x']]] as const) {
      const r = await cli(...base, ...extra);
      expect(r.code, r.err).toBe(0);
      const out = JSON.parse(r.out) as { terms: { term: string; coef: number; se: number }[]; predicted?: { time: number[]; pstate: number[][] } };
      expect(out.terms.map((t) => t.term)).toEqual(Object.keys(g.coef));
      for (const t of out.terms) {
        expect(Math.abs(t.coef - g.coef[t.term]!) / Math.abs(g.coef[t.term]!)).toBeLessThan(1e-8);
        expect(Math.abs(t.se - g.se[t.term]!) / g.se[t.term]!).toBeLessThan(1e-8);
      }
      if (out.predicted) {
        expect(out.predicted.time).toEqual(g.predicted.time);
        expectClose(out.predicted.pstate, g.predicted.stype2, 'predicted');
      }
    }
  });

  it('--out writes the stacked state occupation figure (HTML)', async () => {
    const out = join(dir, 'occupation.html');
    const r = await cli('mstate', '--data', 'test/golden/mstate-transient.csv', '--formula', 'Surv(start, stop, state) ~ group', '--id', 'id', '--istate', 'istate', '--out', out, '--stack-order', 'RR,relapse,SP', '--json');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toHaveProperty('states');
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('Plotly.newPlot');
    expect(html).toContain('group=late');
    expect(html).toContain('tonexty');
  });

  it.skipIf(!chromium.ok)('--out renders a PNG with headless Chromium', async () => {
    const out = join(dir, 'occupation.png');
    const r = await cli('mstate', '--data', 'test/golden/mstate-illness-death.csv', '--formula', 'Surv(start, stop, state) ~ group', '--id', 'id', '--out', out, '--width', '600', '--height', '300');
    expect(r.code, r.err).toBe(0);
    const b = readFileSync(out);
    expect(b.subarray(1, 4).toString()).toBe('PNG');
  });
});

describe('midia mstate --db: through the consent gate, recorded, disclosure-controlled', () => {
  let db: string;
  let revoked: string[];
  let all: string[];
  const spec = ['--diagnosis', 'breast_cancer', '--endpoint', 'distant_metastasis', '--competing', 'death', '--counting', '--unit', 'months'];
  const formula = ['--formula', 'Surv(start, stop, event) ~ 1', '--id', 'pseudonym'];
  beforeAll(async () => {
    db = join(dir, 'c.duckdb');
    const cohort = generateCohort({ seed: 7, breast: 150, prostate: 5, ms: 5 });
    all = cohort.patients.map((p) => p.pseudonym);
    const store = await CohortStore.open(db);
    try {
      for (const t of CANONICAL_TABLES) await store.importRecords(t, cohort[t] as never[]);
      for (const p of cohort.patients) await grantConsent(store, { pseudonym: p.pseudonym, purpose: 'research-general', effectiveAt: new Date('2000-01-01T00:00:00Z') });
      revoked = cohort.patients.filter((p) => p.diagnosis === 'breast_cancer').slice(0, 4).map((p) => p.pseudonym);
      for (const p of revoked) await revokeConsent(store, { pseudonym: p, purpose: 'research-general', effectiveAt: new Date('2020-01-01T00:00:00Z') });
    } finally {
      store.close();
    }
    for (const [id, extra] of [['AGG', ['--min-cell-count', '5']], ['BIG', ['--min-cell-count', '100000']], ['ROW', ['--access', 'row-level']]] as const) {
      const reg = await cli('study', 'register', '--db', db, '--id', id, '--title', 'States', '--question', 'How do patients move between states?', '--responsible', 'Dr. S', '--purpose', 'research-general', '--approval', 'EK-3', ...extra);
      expect(reg.code, reg.err).toBe(0);
    }
  }, 120_000);

  it('shows steps of at least 5 transitions on a time grid, equal to the undisclosed curve of the same rows', async () => {
    const r = await cli('mstate', '--db', db, '--study', 'AGG', ...spec, ...formula, '--json');
    expect(r.code, r.err).toBe(0);
    for (const p of all) expect(r.out).not.toContain(p);
    const out = JSON.parse(r.out) as Contract & { disclosure: { threshold: number; gridWidth: number; hidden: string[] } };
    expect(out.states).toEqual(['(s0)', '1', '2']);
    expect(out.disclosure.threshold).toBe(5);
    const w = out.disclosure.gridWidth;
    const curve = out.strata[0]!;
    expect(curve.time.length).toBeGreaterThan(1);
    for (const t of curve.time) expect(Math.abs(t / w - Math.round(t / w))).toBeLessThan(1e-9);
    // the same rows, exported under the row-level study, fitted without disclosure
    const csv = join(dir, 'rows.csv');
    const t = await cli('table', '--db', db, '--study', 'ROW', ...spec, '--out', csv);
    expect(t.code, t.err).toBe(0);
    for (const p of revoked) expect(readFileSync(csv, 'utf8')).not.toContain(p);
    const raw = aalenJohansen('Surv(start, stop, event) ~ 1', await readDataTable(csv), { id: 'pseudonym' });
    const at = raw.at(curve.time)[0]!;
    curve.pstate.forEach((row, k) => row.forEach((v, j) => expect(v).toBeCloseTo(at.pstate[k]![j]!, 12)));
    // at least 5 transitions between consecutive reported points
    const fitCurve = raw.strata[0]!;
    let prev = -Infinity;
    for (const g of curve.time) {
      let events = 0;
      for (let i = 0; i < fitCurve.time.length; i++) if (fitCurve.time[i]! > prev && fitCurve.time[i]! <= g) for (let j = 0; j < 3; j++) events += fitCurve.nEvent[i * 3 + j]!;
      expect(events).toBeGreaterThanOrEqual(5);
      prev = g;
    }
  });

  it('hides a curve of fewer patients than the minimum cell count, and records every run', async () => {
    const r = await cli('mstate', '--db', db, '--study', 'BIG', ...spec, ...formula, '--json');
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out) as Contract & { disclosure: { hidden: string[] }; warnings: string[] };
    expect(out.strata[0]!.time).toEqual([]);
    expect(out.disclosure.hidden).toEqual(['all']);
    expect(out.warnings.join(' ')).toMatch(/fewer than 100000 patients, hidden/);
    const list = await cli('ledger', 'list', '--db', db, '--json');
    expect(list.code, list.err).toBe(0);
    const entries = JSON.parse(list.out) as { analysis?: string; command?: string; study?: string; studyId?: string }[];
    expect(JSON.stringify(entries).match(/"mstate"/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
  });

  it('--model cox under a study: estimates shown or hidden by the minimum cell count; a refused figure leaves no ledger entry', async () => {
    const cox = ['--formula', 'Surv(start, stop, event) ~ age', '--id', 'pseudonym', '--model', 'cox', '--json'];
    const agg = await cli('mstate', '--db', db, '--study', 'AGG', ...spec, ...cox);
    expect(agg.code, agg.err).toBe(0);
    const a = JSON.parse(agg.out) as { terms: { term: string; coef: number | null }[]; disclosure: { threshold: number } };
    expect(a.terms.map((t) => t.term)).toEqual(['age_1:2', 'age_1:3']);
    expect(a.disclosure.threshold).toBe(5);
    const big = await cli('mstate', '--db', db, '--study', 'BIG', ...spec, ...cox);
    expect(big.code, big.err).toBe(0);
    const b = JSON.parse(big.out) as { terms: { coef: number | null }[]; n: number | null; warnings: string[] };
    expect(b.terms.every((t) => t.coef === null)).toBe(true);
    expect(b.n).toBeNull();
    for (const p of all) expect(big.out).not.toContain(p);
    const count = async (): Promise<number> => (JSON.parse((await cli('ledger', 'list', '--db', db, '--json')).out) as unknown[]).length;
    const before = await count();
    const refused = await cli('mstate', '--db', db, '--study', 'BIG', ...spec, ...formula, '--out', join(dir, 'hidden.html'));
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/every curve is hidden/);
    expect(await count()).toBe(before);
  });

  it('refuses a --db run without --study', async () => {
    const r = await cli('mstate', '--db', db, ...spec, ...formula);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--study ID is required/);
  });
});
