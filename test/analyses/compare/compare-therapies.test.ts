// compareTherapies on a registered study: the rows come through the access gate (a patient
// who revoked consent is not read), the SQL loader agrees with its in-memory twin, the numbers
// are those of the pure analysis, the run is recorded in the ledger with the patients read,
// small counts are hidden, too few patients are refused (nothing recorded), and a second
// release that would reveal a small group by difference (the population of `age >= 50` and
// of those with fewer than v positive nodes, a few patients apart) hides its counts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseComparison } from '../../../analyses/compare/compare-analysis.js';
import { compareRecordsFromCohort } from '../../../analyses/compare/cohort-records.js';
import { resolveCompareOptions, type CompareOptions } from '../../../analyses/compare/compare-options.js';
import { loadCompareRecords } from '../../../analyses/compare/compare-records.js';
import { compareTherapies } from '../../../analyses/compare/compare-therapies.js';
import { openStudySource, tableSource } from '../../../analyses/core/source.js';
import { generateCohort } from '../../../datasets/synthetic/generate-cohort.js';
import { withSupportiveTherapies } from '../../../datasets/synthetic/supportive.js';
import { grantConsent, revokeConsent } from '../../../engine/consent/registry.js';
import { readLedger } from '../../../engine/ledger/ledger.js';
import { CANONICAL_TABLES } from '../../../engine/schema.js';
import { CohortStore } from '../../../engine/store.js';
import { registerStudy } from '../../../engine/study/study-registry.js';
import { AccessDeniedError, UsageError } from '../../../util/errors.js';

const cohort = withSupportiveTherapies(generateCohort({ seed: 7, breast: 900, prostate: 0, ms: 0 }));
// the revoked patient started the therapy: leaving them out changes the data
const revoked = cohort.treatments.find((t) => t.substance === 'zoledronic_acid')!.pseudonym;
const consenting = { ...cohort, patients: cohort.patients.filter((p) => p.pseudonym !== revoked) };
let store: CohortStore;

const OPTIONS: CompareOptions = {
  diagnosis: 'breast_cancer', treatment: 'zoledronic_acid', graceDays: 180, outcome: ['fracture'], horizonDays: 1826,
  covariates: ['age', 'NODES', 'GRADE'], eligibility: [{ covariate: 'age', op: '>=', value: 50 }],
};

beforeAll(async () => {
  store = await CohortStore.open(':memory:');
  for (const t of CANONICAL_TABLES) await store.importRecords(t, cohort[t] as never[]);
  for (const p of cohort.patients) await grantConsent(store, { pseudonym: p.pseudonym, purpose: 'research-general', effectiveAt: new Date('2000-01-01T00:00:00Z') });
  await revokeConsent(store, { pseudonym: revoked, purpose: 'research-general', effectiveAt: new Date('2020-01-01T00:00:00Z') });
  const base = { title: 'Supportive care', question: 'Do bisphosphonates prevent fractures?', responsible: 'Dr. S', purpose: 'research-general', approval: 'EK-S' };
  await registerStudy(store, { ...base, id: 'SUP' });
  await registerStudy(store, { ...base, id: 'DIFF' });
  await registerStudy(store, { ...base, id: 'BIG', minCellCount: 100_000 });
}, 120_000);
afterAll(() => store.close());

async function run(study: string, options: CompareOptions = OPTIONS) {
  const source = await openStudySource(store, study);
  try {
    return await compareTherapies(source, options);
  } finally {
    source.session.close();
  }
}

describe('compareTherapies on a study', () => {
  it('reads through the access gate: the SQL loader equals the in-memory twin on the consenting patients', async () => {
    const o = resolveCompareOptions({ ...OPTIONS, negativeControls: ['cataract'], timeUpdated: [] });
    const source = await openStudySource(store, 'SUP');
    try {
      const sql = await loadCompareRecords(source.session, o);
      const mem = compareRecordsFromCohort(consenting, o);
      expect(sql.patients.some((p) => p.pseudonym === revoked)).toBe(false);
      expect(sql.patients).toEqual(mem.patients);
      const key = (x: { pseudonym: string; start?: number; day?: number }) => `${x.pseudonym}:${x.start ?? x.day}`;
      expect([...sql.therapies].sort((a, b) => key(a).localeCompare(key(b)))).toEqual([...mem.therapies].sort((a, b) => key(a).localeCompare(key(b))));
      expect(sql.events.length).toBe(mem.events.length);
    } finally {
      source.session.close();
    }
  }, 60_000);

  it('gives the numbers of the pure analysis, records the run in the ledger, hides nothing above the threshold', async () => {
    const before = (await readLedger(store)).length;
    const r = await run('SUP');
    const want = analyseComparison(compareRecordsFromCohort(consenting, resolveCompareOptions(OPTIONS)), resolveCompareOptions(OPTIONS));
    expect(r.result.estimates).toEqual(want.estimates.map(({ measure, estimate, lower, upper }) => ({ measure, estimate, lower, upper })));
    expect(r.result.n).toBe(want.n);
    expect(r.result.events).toBe(want.events);
    expect(r.result.estimates.map((e) => e.measure)).toEqual(['risk-difference', 'risk-ratio', 'hazard-ratio']);
    const ledger = await readLedger(store);
    expect(ledger.length).toBe(before + 1);
    const entry = ledger.at(-1)!;
    expect(entry.analysis).toBe('compare');
    expect(entry.studyId).toBe('SUP');
    expect(entry.pseudonyms).not.toContain(revoked);
    expect(entry.pseudonyms.length).toBe(cohort.patients.length - 1);
    expect(r.ledgerEntry!.hash).toBe(entry.hash);
    expect(r.disclosure!.threshold).toBe(5);
    expect(JSON.stringify(r.result)).not.toMatch(/P-[0-9a-f]{10}/); // no pseudonym leaves
  }, 60_000);

  it('hides counts below a raised threshold and refuses fewer eligible patients than the threshold', async () => {
    const r = await run('SUP', { ...OPTIONS, minCell: 200 });
    expect(r.result.n).toBeGreaterThan(200);
    expect(r.result.events).toBeNull();
    expect(r.result.threshold).toBe(200);
    const before = (await readLedger(store)).length;
    await expect(run('BIG')).rejects.toThrow(AccessDeniedError);
    expect((await readLedger(store)).length).toBe(before); // nothing recorded
  }, 60_000);

  it('hides the population of a second release that differs from the first by a few patients (difference attack)', async () => {
    const first = await run('DIFF');
    expect(first.result.n).not.toBeNull();
    // patients with many positive nodes are few: `NODES < v` differs from the first release by them
    const pts = compareRecordsFromCohort(consenting, resolveCompareOptions(OPTIONS)).patients.filter((p) => (p.covariates.age as number) >= 50 && p.covariates.NODES !== null);
    const nodes = pts.map((p) => p.covariates.NODES as number);
    const v = [...new Set(nodes)].sort((x, y) => x - y).find((k) => nodes.filter((x) => x >= k).length <= 4)!;
    const few = nodes.filter((x) => x >= v).length;
    expect(few).toBeGreaterThan(0);
    expect(few).toBeLessThan(5);
    const second = await run('DIFF', { ...OPTIONS, eligibility: [{ covariate: 'age', op: '>=', value: 50 }, { covariate: 'NODES', op: '<', value: v }] });
    expect(second.result.n).toBeNull();
    expect(second.disclosure!.hidden).toContain('population');
  }, 60_000);

  it('refuses a plain table source and unknown outcomes or covariates', async () => {
    await expect(compareTherapies(tableSource({ x: Float64Array.of(1) }), OPTIONS)).rejects.toThrow(/study source/);
    await expect(run('SUP', { ...OPTIONS, outcome: ['broken_leg'] })).rejects.toThrow(UsageError);
    await expect(run('SUP', { ...OPTIONS, covariates: ['age', 'BMI'] })).rejects.toThrow(/BMI/);
  }, 60_000);
});
