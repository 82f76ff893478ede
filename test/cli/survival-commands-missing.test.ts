/**
 * Every survival command reports n, events and the rows dropped for missing
 * values, in its text and its JSON output, as R does ("1 observation deleted
 * due to missingness"). Expected counts: R 4.2.2 (survival 3.5-3, cmprsk
 * 2.2-11) on the same CSV files, quoted per case, and a brute-force count of
 * complete rows read from the CSV here (two independent oracles).
 */
import { describe, expect, it } from 'vitest';
import type { ColumnTable } from '../../models/design/types.js';
import { readCsvColumns } from '../helpers/read-csv.js';
import { runCliCaptured } from '../helpers/run-cli.js';

const lung = readCsvColumns('datasets/lung.csv');
const pbc = readCsvColumns('datasets/pbc.csv');

/** Complete rows over `columns`, and events among them (`isEvent` on the status value). */
function completeCounts(table: ColumnTable, columns: string[], status: string, isEvent: (s: number) => boolean): { n: number; events: number; dropped: number } {
  const cols = columns.map((c) => table[c]!);
  const st = table[status] as Float64Array;
  let n = 0;
  let events = 0;
  for (let i = 0; i < st.length; i++) {
    if (cols.some((c) => (c instanceof Float64Array ? Number.isNaN(c[i]!) : c[i] === null))) continue;
    n++;
    if (isEvent(st[i]!)) events++;
  }
  return { n, events, dropped: st.length - n };
}

async function run(...argv: string[]): Promise<{ text: string; json: Record<string, unknown> }> {
  const t = await runCliCaptured(argv);
  expect(t.code, t.err).toBe(0);
  const j = await runCliCaptured([...argv, '--json']);
  expect(j.code, j.err).toBe(0);
  return { text: t.out, json: JSON.parse(j.out) as Record<string, unknown> };
}

const LUNG_ECOG = ['time', 'status', 'ph.ecog'];

describe('n, events and dropped rows in every survival command', () => {
  it('the brute-force oracle agrees with R on the cases below', () => {
    // R: survfit(Surv(time, status) ~ ph.ecog, lung): "1 observation deleted due to missingness"; events 37 + 82 + 44 + 1
    expect(completeCounts(lung, LUNG_ECOG, 'status', (s) => s === 2)).toEqual({ n: 227, events: 164, dropped: 1 });
    // R: coxph(Surv(time, status) ~ age + ph.karno + wt.loss, lung): n 214, nevent 152, length(na.action) 14
    expect(completeCounts(lung, ['time', 'status', 'age', 'ph.karno', 'wt.loss'], 'status', (s) => s === 2)).toEqual({ n: 214, events: 152, dropped: 14 });
    // R: survreg(Surv(time, status) ~ age + ph.ecog + wt.loss, lung): nrow(y) 213, length(na.action) 15, sum(y[, 2]) 151
    expect(completeCounts(lung, ['time', 'status', 'age', 'ph.ecog', 'wt.loss'], 'status', (s) => s === 2)).toEqual({ n: 213, events: 151, dropped: 15 });
    // R: na.omit(pbc[, c("time", "status", "ascites")]): 312 rows, 106 dropped, table(status) 168 / 19 / 125
    expect(completeCounts(pbc, ['time', 'status', 'ascites'], 'status', (s) => s !== 0)).toEqual({ n: 312, events: 144, dropped: 106 });
    // R: crr on na.omit(pbc[, c("time", "status", "age", "bili", "chol")]), failcode 2: n 284, dropped 134, 114 deaths
    expect(completeCounts(pbc, ['time', 'status', 'age', 'bili', 'chol'], 'status', (s) => s === 2)).toEqual({ n: 284, events: 114, dropped: 134 });
  });

  it('km: JSON and text, with and without --times', async () => {
    const { text, json } = await run('km', '--data', 'datasets/lung.csv', '--formula', 'Surv(time, status) ~ ph.ecog');
    expect(json).toMatchObject({ n: 227, events: 164, dropped: 1 });
    expect((json.strata as unknown[]).length).toBe(4); // existing keys stay
    expect(text).toContain('n = 227, events = 164 (1 observation deleted due to missingness)');
    const at = await run('km', '--data', 'datasets/lung.csv', '--formula', 'Surv(time, status) ~ ph.ecog', '--times', '180,365');
    expect(at.json).toMatchObject({ times: [180, 365], n: 227, events: 164, dropped: 1 });
    expect(at.text).toContain('n = 227, events = 164 (1 observation deleted due to missingness)');
  });

  it('km without missing values says so', async () => {
    const { text, json } = await run('km', '--data', 'datasets/lung.csv', '--formula', 'Surv(time, status) ~ sex');
    expect(json).toMatchObject({ n: 228, events: 165, dropped: 0 });
    expect(text).toContain('n = 228, events = 165 (no observations deleted due to missingness)');
  });

  it('logrank, also --pairwise', async () => {
    // R: survdiff(Surv(time, status) ~ ph.ecog, lung): "n=227, 1 observation deleted due to missingness."
    const { text, json } = await run('logrank', '--data', 'datasets/lung.csv', '--formula', 'Surv(time, status) ~ ph.ecog');
    expect(json).toMatchObject({ n: 227, events: 164, dropped: 1, df: 3 });
    expect(text).toContain('n = 227, events = 164 (1 observation deleted due to missingness)');
    const pw = await run('logrank', '--data', 'datasets/lung.csv', '--formula', 'Surv(time, status) ~ ph.ecog', '--pairwise');
    expect(pw.json).toMatchObject({ n: 227, events: 164, dropped: 1 });
    expect((pw.json.pairs as unknown[]).length).toBe(6);
    expect(pw.text).toContain('n = 227, events = 164 (1 observation deleted due to missingness)');
  });

  it('rmst', async () => {
    const { text, json } = await run('rmst', '--data', 'datasets/lung.csv', '--formula', 'Surv(time, status) ~ ph.ecog', '--tau', '365');
    expect(json).toMatchObject({ tau: 365, n: 227, events: 164, dropped: 1 });
    expect(json).not.toHaveProperty('nDropped');
    expect(text).toContain('n = 227, events = 164 (1 observation deleted due to missingness)');
  });

  it('zph', async () => {
    const { text, json } = await run('zph', '--data', 'datasets/lung.csv', '--formula', 'Surv(time, status) ~ age + ph.karno + wt.loss');
    expect(json).toMatchObject({ n: 214, events: 152, dropped: 14 });
    expect((json.terms as unknown[]).length).toBe(3);
    expect(text).toContain('n = 214, events = 152 (14 observations deleted due to missingness)');
  });

  it('cif: events of any cause and per cause', async () => {
    const { text, json } = await run('cif', '--data', 'datasets/pbc.csv', '--formula', 'Surv(time, status) ~ ascites');
    expect(json).toMatchObject({ n: 312, events: 144, eventsByCause: { '1': 19, '2': 125 }, dropped: 106, nDropped: 106 });
    expect(text).toContain('n = 312, events = 144 (106 observations deleted due to missingness)');
  });

  it('finegray: events of the cause of interest', async () => {
    const { text, json } = await run('finegray', '--data', 'datasets/pbc.csv', '--formula', 'Surv(time, status) ~ age + bili + chol', '--cause', '2');
    expect(json).toMatchObject({ n: 284, events: 114, dropped: 134 });
    expect(text).toContain('n = 284, events = 114 (134 observations deleted due to missingness)');
  });

  it('aft', async () => {
    const { text, json } = await run('aft', '--data', 'datasets/lung.csv', '--formula', 'Surv(time, status) ~ age + ph.ecog + wt.loss');
    expect(json).toMatchObject({ n: 213, events: 151, dropped: 15, nDropped: 15 });
    expect(text).toContain('n = 213, events = 151 (15 observations deleted due to missingness)');
  });
});
