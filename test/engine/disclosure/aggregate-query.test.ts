/**
 * Query rules of aggregate studies (engine/disclosure/aggregate-query.ts):
 * allowed aggregates with their group-size check against counts computed
 * independently from the records, and every refused construct, each tried.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCohort } from '../../../datasets/index.js';
import { allPatients, openSession, type AnalysisSession } from '../../../engine/access.js';
import { answerAggregateQuery, checkAggregateQuery } from '../../../engine/disclosure/aggregate-query.js';
import { CANONICAL_TABLES } from '../../../engine/schema.js';
import { CohortStore } from '../../../engine/store.js';
import { AccessDeniedError, StoreError } from '../../../util/errors.js';

const cohort = generateCohort({ seed: 5, breast: 120, prostate: 10, ms: 10 });
let store: CohortStore;
let session: AnalysisSession;
beforeAll(async () => {
  store = await CohortStore.open(':memory:');
  for (const t of CANONICAL_TABLES) await store.importRecords(t, cohort[t] as never[]);
  session = await openSession(store, { policy: allPatients, unrestrictedReason: 'synthetic data (test)' });
});
afterAll(() => {
  session.close();
  store.close();
});

const count = (f: (p: (typeof cohort.patients)[number]) => boolean): number => cohort.patients.filter(f).length;

describe('checkAggregateQuery: allowed aggregates', () => {
  it('answers counts per group when every group is large enough, with the groups as cells', async () => {
    const sql = 'SELECT diagnosis, count(*)::INTEGER AS n FROM patients GROUP BY diagnosis ORDER BY diagnosis';
    const c = await checkAggregateQuery(session, sql, 5);
    expect(c.groups).toBe(3);
    const sizes = c.cells.filter((x) => x.label.startsWith('group')).map((x) => x.pseudonyms.length).sort((a, b) => a - b);
    expect(sizes).toEqual([count((p) => p.diagnosis === 'multiple_sclerosis'), count((p) => p.diagnosis === 'prostate_cancer'), count((p) => p.diagnosis === 'breast_cancer')].sort((a, b) => a - b));
    expect(c.cells[0]).toMatchObject({ label: 'population' });
    expect(c.cells[0]!.pseudonyms).toHaveLength(cohort.patients.length);
    const res = await answerAggregateQuery(session, sql);
    expect(res.rowCount).toBe(3);
  });

  it('accepts GROUP BY ALL, positions, aliases, WHERE filters, joins on pseudonym, sums and means', async () => {
    for (const sql of [
      'SELECT site, count(*) FROM patients GROUP BY ALL',
      "SELECT site AS s, avg(birth_year) AS mean_birth FROM patients WHERE diagnosis = 'breast_cancer' GROUP BY s",
      "SELECT count(DISTINCT pseudonym) AS patients FROM events WHERE type IN ('death', 'distant_metastasis')",
      'SELECT p.diagnosis, count(*) AS events FROM patients p JOIN events e ON p.pseudonym = e.pseudonym GROUP BY 1',
      'SELECT year(index_date) >= 2015 AS recent, round(avg(birth_year), 1) FROM patients GROUP BY 1 ORDER BY 2 DESC LIMIT 5',
    ]) {
      await expect(checkAggregateQuery(session, sql, 5), sql).resolves.toMatchObject({ groups: expect.any(Number) });
    }
  });

  it('refuses a grouping with a small group (the attack of the issue: male breast cancer by site)', async () => {
    const small = [...new Set(cohort.patients.filter((p) => p.diagnosis === 'breast_cancer').map((p) => `${p.site}|${p.sex}`))].filter(
      (k) => count((p) => p.diagnosis === 'breast_cancer' && `${p.site}|${p.sex}` === k) < 5,
    );
    expect(small.length).toBeGreaterThan(0); // the cohort has groups of 2: the attack is real
    const err = await checkAggregateQuery(session, 'SELECT diagnosis, site, sex, count(*) FROM patients GROUP BY ALL', 5).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AccessDeniedError);
    expect((err as Error).message).toMatch(/fewer than 5 patients/);
  });

  it('refuses a mean over fewer patients with a value than the threshold, even in a large group', async () => {
    // 12 patients with an observation 'X'; only 3 of them have a numeric value.
    const small = await CohortStore.open(':memory:');
    const patients = Array.from({ length: 12 }, (_, i) => ({ pseudonym: `P-${String(i).padStart(10, '0')}`, birth_year: 1960, sex: 'female', diagnosis: 'breast_cancer', index_date: '2020-01-01' }));
    await small.importRecords('patients', patients as never[]);
    await small.importRecords('observations', patients.map((p, i) => ({ pseudonym: p.pseudonym, date: '2020-02-01', code: 'X', value: i < 3 ? 10 + i : null, value_text: i < 3 ? null : 'n/a' })) as never[]);
    const s = await openSession(small, { policy: allPatients, unrestrictedReason: 'synthetic data (test)' });
    try {
      await expect(checkAggregateQuery(s, 'SELECT code, count(*) FROM observations GROUP BY code', 5)).resolves.toMatchObject({ groups: 1 });
      const err = await checkAggregateQuery(s, 'SELECT code, avg(value) FROM observations GROUP BY code', 5).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AccessDeniedError);
      expect((err as Error).message).toMatch(/patients with a value of a summed or averaged column/);
      await expect(checkAggregateQuery(s, 'SELECT code, count(value) FROM observations GROUP BY code', 5)).rejects.toBeInstanceOf(AccessDeniedError);
      // With threshold 3 the three values may be averaged, and the cell of patients with a value is reported.
      const ok = await checkAggregateQuery(s, 'SELECT code, avg(value) FROM observations GROUP BY code', 3);
      expect(ok.cells.map((c) => [c.label, c.pseudonyms.length])).toEqual([['population', 12], ['group 1', 12], ['group 1, column 1', 3]]);
    } finally {
      s.close();
      small.close();
    }
  });
});

describe('checkAggregateQuery: refused constructs', () => {
  const refused: [string, RegExp][] = [
    ['SELECT * FROM patients', /\* \(all columns\)/],
    ['SELECT pseudonym, birth_year FROM patients', /lists rows|neither/],
    ['SELECT site FROM patients', /lists rows/],
    ['SELECT min(birth_year) FROM patients', /neither a count, sum or mean/],
    ['SELECT max(index_date) FROM patients GROUP BY site', /neither a count, sum or mean/],
    ['SELECT site, count(*) FROM patients GROUP BY site HAVING count(*) > 1', /HAVING/],
    ["SELECT count(*) FILTER (WHERE sex = 'male') FROM patients", /FILTER/],
    ["SELECT sum(CASE WHEN birth_year = 1960 THEN 1 ELSE 0 END) FROM patients", /one plain column/],
    ["SELECT count(*) FROM patients WHERE pseudonym <> 'P-0000000000'", /pseudonym/],
    ['SELECT count(*) FROM patients WHERE birth_year IN (SELECT birth_year FROM patients)', /IN \(\.\.\.\) may list constants|subqueries/],
    ['SELECT count(*) FROM patients WHERE EXISTS (SELECT 1 FROM events)', /subqueries|EXISTS|not allowed/],
    ["SELECT count(*) FROM patients WHERE CASE WHEN sex = 'male' THEN true ELSE false END", /CASE/],
    ['SELECT avg(birth_year) OVER () FROM patients', /window|neither/],
    ['WITH x AS (SELECT * FROM patients) SELECT count(*) FROM x', /WITH|FROM may name/],
    ['SELECT count(*) FROM (SELECT * FROM patients)', /FROM subquery|not allowed/],
    ["SELECT count(*) FROM read_csv('/etc/passwd')", /not allowed|FROM/],
    ['SELECT count(*) FROM patients p JOIN events e ON p.birth_year = e.value', /joined only on pseudonym/],
    ['SELECT DISTINCT site FROM patients', /DISTINCT/],
    ['SELECT site, sex, count(*) FROM patients GROUP BY ROLLUP (site, sex)', /ROLLUP/],
    ['SELECT count(*) FROM patients USING SAMPLE 10', /SAMPLE|TABLESAMPLE/],
    ['SELECT count(*) FROM patients; SELECT count(*) FROM events', /exactly one/],
    ["SELECT count(*) FROM patients WHERE CAST(site AS INTEGER) = 1", /CAST of a column/],
    ["SELECT count(*) FROM patients WHERE error('x') IS NULL", /function error/],
    ['SELECT sum(DISTINCT birth_year) FROM patients', /DISTINCT/],
    ['SELECT 1', /FROM|no aggregate/],
    ['SELECT count(*) FROM duckdb_tables()', /not allowed|FROM/],
  ];
  for (const [sql, why] of refused) {
    it(`refuses: ${sql}`, async () => {
      const err = await checkAggregateQuery(session, sql, 5).catch((e: unknown) => e);
      expect(err, sql).toBeInstanceOf(AccessDeniedError);
      expect((err as Error).message).toMatch(why);
    });
  }

  it('passes parser and binder errors through as SQL errors, not refusals', async () => {
    await expect(checkAggregateQuery(session, 'SELEC count(*) FROM patients', 5)).rejects.toBeInstanceOf(StoreError);
    await expect(checkAggregateQuery(session, 'SELECT count(no_such_column) FROM patients', 5)).rejects.toBeInstanceOf(StoreError);
  });
});

describe('checkAggregateQuery: no answer that tells none from a few', () => {
  it('refuses a query matching no patient exactly as one matching a few', async () => {
    const none = await checkAggregateQuery(session, "SELECT count(*) FROM patients WHERE site = 'no such site'", 5).catch((e: unknown) => e);
    const few = await checkAggregateQuery(session, "SELECT count(*) FROM patients WHERE diagnosis = 'breast_cancer' AND sex = 'male'", 5).catch((e: unknown) => e);
    expect(count((p) => p.diagnosis === 'breast_cancer' && p.sex === 'male')).toBeGreaterThan(0);
    expect(count((p) => p.diagnosis === 'breast_cancer' && p.sex === 'male')).toBeLessThan(5);
    expect(none).toBeInstanceOf(AccessDeniedError);
    expect(few).toBeInstanceOf(AccessDeniedError);
    expect((none as Error).message).toBe((few as Error).message);
  });
});
