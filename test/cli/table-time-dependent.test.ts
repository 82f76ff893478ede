/**
 * `midia table` with baseline windows and time-dependent covariates on a
 * generated and imported synthetic prostate cohort (study SYNTH, row-level,
 * consents): post-operative pathology fetched with --baseline-window, the
 * --counting rows equal the library's timeDependentTable in a session of the
 * same study, the run is recorded in the ledger, and bad flags are usage
 * errors (exit 1) that write nothing.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession } from '../../engine/access.js';
import { CohortStore } from '../../engine/store.js';
import { timeDependentTable } from '../../engine/time-dependent-table.js';
import { readCsvColumns } from '../helpers/read-csv.js';
import { runCliCaptured, type CliResult } from '../helpers/run-cli.js';

const cli = (...argv: string[]): Promise<CliResult> => runCliCaptured(argv);

let dir: string;
let db: string;
let prostatectomy: Set<string>;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'midia-table-tdc-'));
  const cohort = join(dir, 'cohort');
  const g = await cli('generate', '--out', cohort, '--breast', '0', '--prostate', '80', '--ms', '0', '--seed', '3');
  expect(g.code, g.err).toBe(0);
  db = join(dir, 'c.duckdb');
  const imp = await cli('import', '--db', db, cohort);
  expect(imp.code, imp.err).toBe(0);
  const treatments = readFileSync(join(cohort, 'treatments.csv'), 'utf8').trim().split('\n');
  prostatectomy = new Set(treatments.filter((l) => l.includes('radical_prostatectomy')).map((l) => l.split(',')[0] as string));
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('midia table --baseline-window', () => {
  it('fetches post-operative pathology (30 to 90 days after the index date) as a baseline covariate', async () => {
    const r = await cli('table', '--db', db, '--study', 'SYNTH', '--diagnosis', 'prostate_cancer', '--covariates', 'PT_STAGE,PSA', '--baseline-window', 'pt_stage=0:90', '--json');
    expect(r.code, r.err).toBe(0);
    const rows = JSON.parse(r.out) as { pseudonym: string; pt_stage: string | null; psa: number | null }[];
    expect(rows.length).toBeGreaterThan(70);
    expect(prostatectomy.size).toBeGreaterThan(20);
    for (const row of rows) {
      if (prostatectomy.has(row.pseudonym)) expect(row.pt_stage, row.pseudonym).toMatch(/^pT(2|3a|3b)$/);
      else expect(row.pt_stage).toBeNull();
      expect(typeof row.psa).toBe('number'); // PSA at diagnosis, default window
    }
    // without the window: the default window ends 30 days after the index date, the earliest day of surgery
    const old = await cli('table', '--db', db, '--study', 'SYNTH', '--diagnosis', 'prostate_cancer', '--covariates', 'PT_STAGE', '--json');
    expect((JSON.parse(old.out) as { pt_stage: string | null }[]).filter((x) => x.pt_stage !== null).length).toBeLessThan(prostatectomy.size / 10);
  });
});

describe('midia table --counting with time-dependent covariates', () => {
  const flags = ['--diagnosis', 'prostate_cancer', '--endpoint', 'distant_metastasis', '--competing', 'death', '--covariates', 'PT_STAGE', '--baseline-window', 'PT_STAGE=0:90', '--counting', '--tdc', 'PSA', '--tdc-lookback', 'PSA=365', '--cumtdc', 'biochemical_recurrence', '--tdc-therapy', 'radiotherapy', '--unit', 'months'];

  it('writes the rows of timeDependentTable, records the run, and reports ignored values', async () => {
    const out = join(dir, 'pc.csv');
    const r = await cli('table', '--db', db, '--study', 'SYNTH', ...flags, '--out', out);
    expect(r.code, r.err).toBe(0);
    const t = readCsvColumns(out);
    expect(Object.keys(t)).toEqual(['pseudonym', 'sex', 'diagnosis', 'diagnosis_icd10', 'site', 'age', 'index_date', 'last_followup', 'pt_stage', 'start', 'stop', 'event', 'therapy', 'psa', 'n_biochemical_recurrence', 'rx_radiotherapy']);
    const store = await CohortStore.open(db, { readOnly: true });
    try {
      const session = await openSession(store, { study: 'SYNTH' });
      try {
        const lib = await timeDependentTable(session, {
          diagnosis: 'prostate_cancer',
          endpoint: { events: ['distant_metastasis'], competing: ['death'] },
          covariates: [{ code: 'PT_STAGE', daysBefore: 0, daysAfter: 90 }],
          tdc: [{ code: 'PSA', lookbackDays: 365 }],
          counts: [{ events: ['biochemical_recurrence'] }],
          therapies: [{ match: 'radiotherapy' }],
          timeUnit: 'months',
        });
        expect(t.pseudonym).toEqual(lib.table.pseudonym);
        for (const k of ['start', 'stop', 'event', 'psa', 'n_biochemical_recurrence', 'rx_radiotherapy']) {
          const mine = t[k] as Float64Array;
          const want = lib.table[k] as Float64Array;
          mine.forEach((v, i) => (Number.isNaN(want[i]!) ? expect(v).toBeNaN() : expect(v).toBeCloseTo(want[i]!, 9)));
        }
        expect(t.pt_stage).toEqual(lib.table.pt_stage);
        for (const w of lib.warnings) expect(r.err).toContain(`warning: ${w}`);
      } finally {
        session.close();
      }
    } finally {
      store.close();
    }
    const rx = t.rx_radiotherapy as Float64Array;
    expect(rx.some((v) => v === 1)).toBe(true);
    expect(Array.from(t.event as Float64Array).every((v) => v === 0 || v === 1 || v === 2)).toBe(true);
    const list = await cli('ledger', 'list', '--db', db, '--json');
    expect(list.out).toContain('"table"');
    expect(list.out).toContain('tdc-lookback');
  });

  it('bad flags are usage errors (exit 1) and nothing is written', async () => {
    const cases: [string[], RegExp][] = [
      [['--endpoint', 'death', '--tdc', 'PSA'], /--tdc needs --counting/],
      [['--endpoint', 'death', '--counting', '--tdc-lookback', 'PSA=365'], /--tdc-lookback PSA: not among --tdc/],
      [['--endpoint', 'death', '--counting', '--tdc', 'PSA', '--tdc-lookback', 'PSA=a year'], /expected a number of days/],
      [['--covariates', 'ISUP', '--baseline-window', 'PT_STAGE=0:90'], /--baseline-window PT_STAGE: not among --covariates \(ISUP\)/],
      [['--covariates', 'PT_STAGE', '--baseline-window', 'PT_STAGE=90:0'], /FROM \(90\) is after TO \(0\)/],
      [['--covariates', 'PT_STAGE', '--baseline-window', 'PT_STAGE=0-90'], /expected FROM:TO/],
      [['--endpoint', 'death', '--counting', '--cumtdc', 'flu'], /unknown event type: flu/],
      [['--endpoint', 'death', '--counting', '--tdc', 'PSA', '--sql'], /--sql is not available with time-dependent covariates/],
    ];
    const before = (await cli('ledger', 'list', '--db', db, '--json')).out;
    for (const [args, message] of cases) {
      const r = await cli('table', '--db', db, '--study', 'SYNTH', ...args);
      expect(r.code, `${args.join(' ')}: ${r.err}`).toBe(1);
      expect(r.err).toMatch(message);
      expect(r.out).toBe('');
    }
    expect((await cli('ledger', 'list', '--db', db, '--json')).out).toBe(before);
  });
});
