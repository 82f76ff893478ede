/** analyses/data/describe.ts: a plain table and a data file described whole; a study's cohort disclosed and recorded. */
import { afterAll, beforeAll, describe as group, expect, it } from 'vitest';
import { tableSource } from '../../../analyses/core/index.js';
import { describe, describeColumns, describeFile } from '../../../analyses/data/describe.js';
import { UsageError } from '../../../util/errors.js';
import { ledger, survivalStudyStore, withStudy, type SurvivalStudyStore } from '../survival/study-fixture.js';

let s: SurvivalStudyStore;
beforeAll(async () => {
  s = await survivalStudyStore();
}, 120_000);
afterAll(() => s.store.close());

group('describe on a plain table', () => {
  it('counts missing values, distinct values and the range per column; no disclosure, no ledger entry', async () => {
    const input = { x: Float64Array.of(1, Number.NaN, 3, 3), g: ['a', null, 'a', 'b'] };
    const frozen = Object.freeze({ ...input });
    const r = await describe(tableSource(frozen, 'tiny'));
    expect(r).toMatchObject({ analysis: 'describe', disclosure: null, ledgerEntry: null, warnings: [] });
    expect(r.result).toEqual({
      kind: 'columns',
      columns: {
        rows: 4,
        variables: [
          { column: 'x', type: 'number', missing: 1, missingShare: 0.25, distinct: 2, min: 1, max: 3 },
          { column: 'g', type: 'string', missing: 1, missingShare: 0.25, distinct: 2, min: null, max: null },
        ],
      },
    });
    expect([...input.x].map(String)).toEqual(['1', 'NaN', '3', '3']);
  });

  it('shows date columns as ISO dates and reads a file with its kinds (lung.csv: 228 rows, as R)', async () => {
    expect(describeColumns(['d'], ['date'], [Float64Array.of(0, 365)], 2).variables[0]).toMatchObject({ min: '1970-01-01', max: '1971-01-01' });
    const lung = await describeFile('datasets/lung.csv');
    expect(lung.rows).toBe(228);
    // R: sum(is.na(lung$ph.ecog)) == 1, sum(is.na(lung$meal.cal)) == 47, range(lung$age) == c(39, 82)
    const v = Object.fromEntries(lung.variables.map((x) => [x.column, x]));
    expect(v['ph.ecog']?.missing).toBe(1);
    expect(v['meal.cal']?.missing).toBe(47);
    expect([v.age?.min, v.age?.max]).toEqual([39, 82]);
  });

  it('validates its options', async () => {
    await expect(describe(tableSource({ x: Float64Array.of(1) }), { bogus: 1 } as never)).rejects.toThrow(UsageError);
  });
});

group('describe on a study', () => {
  it('discloses the cohort description (no minima or maxima) and records one ledger entry', async () => {
    const before = (await ledger(s.store)).length;
    const r = await withStudy(s.store, 'AGG', (src) => describe(src, {}, { parameters: { flags: { json: true }, positional: [] } }));
    const entries = await ledger(s.store);
    expect(entries.length).toBe(before + 1);
    expect(r.ledgerEntry).toEqual(entries.at(-1));
    expect(r.ledgerEntry).toMatchObject({ analysis: 'describe', studyId: 'AGG', parameters: { flags: { json: true }, positional: [] } });
    expect(r.disclosure).toMatchObject({ threshold: 5, access: 'aggregate' });
    if (r.result.kind !== 'cohort') throw new Error('expected a cohort description');
    const d = r.result.description;
    expect(d.tables.find((t) => t.name === 'patients')?.rows).toBe(120);
    expect(d.diagnoses).toEqual([{ diagnosis: 'breast_cancer', patients: 120 }]);
    expect(d.variables.every((v) => v.min === null && v.max === null)).toBe(true);
    expect(r.ledgerEntry?.resultSummary).toEqual({ patients: 120, diagnoses: [{ diagnosis: 'breast_cancer', patients: 120 }] });
    // every small count hidden: the disclosed description has no count in (0, 5)
    for (const x of d.eventTypes) for (const c of [x.events, x.patients]) expect(c === null || c === 0 || c >= 5).toBe(true);
    for (const x of d.observationCodes) for (const c of [x.values, x.patients]) expect(c === null || c === 0 || c >= 5).toBe(true);
  });

  it('hides every count below a minimum cell count of 1000 and says so', async () => {
    const r = await withStudy(s.store, 'BIG', (src) => describe(src));
    if (r.result.kind !== 'cohort') throw new Error('expected a cohort description');
    expect(r.result.description.tables.find((t) => t.name === 'patients')?.rows).toBeNull();
    expect(r.result.description.diagnoses[0]?.patients).toBeNull();
    expect(r.disclosure?.hidden).toEqual(expect.arrayContaining(['table patients', 'diagnosis breast_cancer']));
    expect(r.ledgerEntry?.resultSummary).toMatchObject({ patients: null });
    // the ledger records the options when the surface passes no parameters
    expect(r.ledgerEntry?.parameters).toEqual({ options: {} });
  });
});
