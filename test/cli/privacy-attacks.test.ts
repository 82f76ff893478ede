/**
 * Regression tests that perform the attacks of the privacy review through the
 * CLI (docs/access-levels.md): the figure bypass, small cells and row-level
 * output through query, table, timeline and ms outcomes under an aggregate
 * study, the difference attack between km ~ site and km ~ site + sex (both
 * orders, and the same with two SQL counts), a re-release after one
 * revocation, and the migrated access level of an old study.
 */
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCohort } from '../../datasets/index.js';
import { generateMsRegistry } from '../../datasets/ms-registry/index.js';
import { grantConsent, revokeConsent } from '../../engine/consent/registry.js';
import { CANONICAL_TABLES } from '../../engine/schema.js';
import { CohortStore } from '../../engine/store.js';
import { rawConnection } from '../../engine/store-internal.js';
import { MIGRATIONS } from '../../engine/store-migrations.js';
import { runCliCaptured, type CliResult } from '../helpers/run-cli.js';
import { writeConsentedMsStore } from '../helpers/ms-store.js';

const cli = (...argv: string[]): Promise<CliResult> => runCliCaptured(argv);

const cohort = generateCohort({ seed: 5, breast: 120, prostate: 10, ms: 10 });
const breast = cohort.patients.filter((p) => p.diagnosis === 'breast_cancer');
const cell = (site: string | null, sex: string) => breast.filter((p) => p.site === site && p.sex === sex).length;
const sites = [...new Set(breast.map((p) => p.site))].sort() as string[];
const pseudonyms = cohort.patients.map((p) => p.pseudonym);

let dir: string;
let db: string;
const register = async (id: string, ...extra: string[]) => {
  const r = await cli('study', 'register', '--db', db, '--id', id, '--title', `Study ${id}`, '--question', 'How long until distant relapse?', '--responsible', 'Dr. A', '--purpose', 'research-general', '--approval', 'EK-11', ...extra);
  expect(r.code, r.err).toBe(0);
};
const ledgerLength = async (): Promise<number> => (JSON.parse((await cli('ledger', 'list', '--db', db, '--json')).out) as unknown[]).length;
const KM_DB = ['--diagnosis', 'breast_cancer', '--endpoint', 'distant_metastasis,death'];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'midia-attacks-'));
  db = join(dir, 'c.duckdb');
  const store = await CohortStore.open(db);
  try {
    for (const t of CANONICAL_TABLES) await store.importRecords(t, cohort[t] as never[]);
    for (const p of cohort.patients) await grantConsent(store, { pseudonym: p.pseudonym, purpose: 'research-general', effectiveAt: new Date('2000-01-01T00:00:00Z') });
  } finally {
    store.close();
  }
  // The cohort must hold the small cells of the attack: male breast cancer patients, fewer than 5 per site.
  expect(sites.some((s) => cell(s, 'male') > 0 && cell(s, 'male') < 5)).toBe(true);
  for (const id of ['S1', 'S2', 'S3', 'S4', 'S5', 'S6']) await register(id);
  await register('ROW', '--access', 'row-level');
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Stratum {
  label: string;
  n: number | null;
  events: number | null;
  suppressed: boolean;
  intervals: { to: number; nEvent: number }[];
}
const km = async (study: string, formula: string): Promise<{ strata: Stratum[]; gridWidth: number; threshold: number }> => {
  const r = await cli('km', '--db', db, '--study', study, ...KM_DB, '--formula', formula, '--json');
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as { strata: Stratum[]; gridWidth: number; threshold: number };
};
/** The difference attack: every group of fewer than 5 that coarse minus the shown finer strata of a site reveals. */
function derivedSmallGroups(coarse: Stratum[], finer: Stratum[]): string[] {
  const found: string[] = [];
  for (const s of sites) {
    const c = coarse.find((x) => x.label === `site=${s}`);
    if (!c || c.n === null) continue;
    const parts = finer.filter((x) => x.label.startsWith(`site=${s}, `));
    const shown = parts.filter((x) => x.n !== null);
    const hidden = parts.filter((x) => x.n === null);
    if (hidden.length !== 1) continue; // with two or more hidden strata, the difference is their sum
    const derived = c.n - shown.reduce((a, x) => a + (x.n ?? 0), 0);
    if (derived > 0 && derived < 5) found.push(`${hidden[0]!.label}: n = ${derived}`);
  }
  return found;
}

describe('attack: midia figure km --db bypassed the ledger and disclosure control', () => {
  it('draws only disclosed strata on the time grid and writes a ledger entry', async () => {
    const out = join(dir, 'f.html');
    const before = await ledgerLength();
    const r = await cli('figure', 'km', '--db', db, '--study', 'S1', ...KM_DB, '--formula', 'Surv(time, status) ~ site + sex', '--out', out, '--json');
    expect(r.code, r.err).toBe(0);
    expect(await ledgerLength()).toBe(before + 1);
    const html = readFileSync(out, 'utf8');
    const spec = JSON.parse(/<script type="application\/json" id="[^"]*-spec">([\s\S]*?)<\/script>/.exec(html)![1]!) as {
      data: { name?: string; x: number[]; meta?: { role: string; curve: string } }[];
      layout: { title: { text: string } };
    };
    // The subtitle states the disclosure: 'steps of at least 5 events, times on a grid of W; hidden: a; b'.
    const title = spec.layout.title.text;
    const meta = {
      threshold: Number(/steps of at least (\d+) events/.exec(title)?.[1]),
      gridWidth: Number(/times on a grid of ([\d.]+)/.exec(title)?.[1]),
      hidden: (/hidden: (.*)<\/sup>/.exec(title)?.[1] ?? '').split('; '),
    };
    const curves = spec.data.filter((t) => t.meta?.role === 'curve');
    // No stratum of the small male groups is drawn, and every step sits on the grid (no exact event day).
    for (const s of sites.filter((x) => cell(x, 'male') > 0 && cell(x, 'male') < 5)) {
      expect(curves.map((c) => c.meta!.curve)).not.toContain(`site=${s}, sex=male`);
      expect(meta.hidden).toContain(`site=${s}, sex=male`);
    }
    expect(meta.threshold).toBe(5);
    for (const c of curves) for (const x of c.x) expect(Math.abs(x / meta.gridWidth - Math.round(x / meta.gridWidth))).toBeLessThan(1e-9);
    for (const p of pseudonyms) expect(html).not.toContain(p);
    const entries = JSON.parse((await cli('ledger', 'list', '--db', db, '--json')).out) as { analysis: string; studyId: string }[];
    expect(entries.at(-1)).toMatchObject({ analysis: 'figure', studyId: 'S1' });
  });
});

describe('attack: the difference between km ~ site and km ~ site + sex', () => {
  it('cannot derive a small stratum by subtraction, coarse table first', async () => {
    const coarse = await km('S2', 'Surv(time, status) ~ site');
    expect(coarse.strata.every((s) => s.n !== null)).toBe(true); // every site is large: the coarse table is shown whole
    const finer = await km('S2', 'Surv(time, status) ~ site + sex');
    expect(derivedSmallGroups(coarse.strata, finer.strata)).toEqual([]);
    // What the defence costs: the female stratum of a site with few men is hidden, not just the men.
    for (const s of sites.filter((x) => cell(x, 'male') > 0 && cell(x, 'male') < 5)) {
      expect(finer.strata.find((x) => x.label === `site=${s}, sex=female`)?.n ?? null).toBeNull();
    }
  });

  it('cannot derive a small stratum by subtraction, finer table first', async () => {
    const finer = await km('S3', 'Surv(time, status) ~ site + sex');
    const coarse = await km('S3', 'Surv(time, status) ~ site');
    expect(derivedSmallGroups(coarse.strata, finer.strata)).toEqual([]);
    // Without the release register the attack works: a fresh study's coarse table minus S3's finer table.
    const fresh = await km('S4', 'Surv(time, status) ~ site');
    expect(derivedSmallGroups(fresh.strata, finer.strata).length).toBeGreaterThan(0);
  });

  it('refuses the SQL version of the attack: two counts whose difference is the small group', async () => {
    const [s] = sites.filter((x) => cell(x, 'male') > 0 && cell(x, 'male') < 5);
    const q = (where: string) => cli('query', '--db', db, '--study', 'S5', '--json', `SELECT count(*)::INTEGER AS n FROM patients WHERE diagnosis = 'breast_cancer' AND ${where}`);
    const all = await q(`site = '${s}'`);
    expect(all.code, all.err).toBe(0);
    expect(JSON.parse(all.out)).toEqual([{ n: cell(s!, 'male') + cell(s!, 'female') }]);
    const women = await q(`site = '${s}' AND sex = 'female'`);
    expect(women.code).toBe(2);
    expect(women.err).toContain('by difference');
    expect(women.out).toBe('');
  });

  it('withholds the same table after one revocation (its difference would be the revoked patient)', async () => {
    const before = await km('S4', 'Surv(time, status) ~ 1');
    expect(before.strata[0]!.n).not.toBeNull();
    const store = await CohortStore.open(db);
    try {
      await revokeConsent(store, { pseudonym: breast[0]!.pseudonym, purpose: 'research-general', effectiveAt: new Date(Date.now() - 1000) });
    } finally {
      store.close();
    }
    const after = await km('S4', 'Surv(time, status) ~ 1');
    expect(after.strata[0]).toMatchObject({ n: null, suppressed: true });
  });
});

describe('attack: row-level output and small cells under an aggregate study', () => {
  it('query: refuses small cells, min/max and rows; answers large groups; row-level studies get rows, recorded with the row count', async () => {
    const cells = await cli('query', '--db', db, '--study', 'S6', 'SELECT diagnosis, site, sex, count(*) FROM patients GROUP BY ALL');
    expect(cells.code).toBe(2);
    expect(cells.err).toMatch(/fewer than 5 patients/);
    expect(cells.out).toBe('');
    for (const sql of ['SELECT min(birth_year) FROM patients', "SELECT max(date) FROM events WHERE type = 'death'", 'SELECT pseudonym, birth_year FROM patients', 'SELECT * FROM events']) {
      const r = await cli('query', '--db', db, '--study', 'S6', sql);
      expect(r.code, sql).toBe(2);
      expect(r.err, sql).toContain('Query refused under aggregate access');
      for (const p of pseudonyms.slice(0, 20)) expect(r.out + r.err).not.toContain(p);
    }
    const ok = await cli('query', '--db', db, '--study', 'S6', '--json', 'SELECT diagnosis, count(*)::INTEGER AS n, avg(birth_year) AS born FROM patients GROUP BY diagnosis ORDER BY diagnosis');
    expect(ok.code, ok.err).toBe(0);
    // The same counts as the consenting patients' rows that a row-level study may list.
    const listed = await cli('query', '--db', db, '--study', 'ROW', '--json', 'SELECT diagnosis FROM patients');
    const expected = new Map<string, number>();
    for (const r of JSON.parse(listed.out) as { diagnosis: string }[]) expected.set(r.diagnosis, (expected.get(r.diagnosis) ?? 0) + 1);
    expect((JSON.parse(ok.out) as { diagnosis: string; n: number }[]).map((r) => [r.diagnosis, r.n])).toEqual([...expected.entries()].sort());
    expect(expected.get('multiple_sclerosis')).toBe(10);
    const rows = await cli('query', '--db', db, '--study', 'ROW', '--json', 'SELECT pseudonym, site FROM patients ORDER BY pseudonym LIMIT 7');
    expect(rows.code, rows.err).toBe(0);
    expect(JSON.parse(rows.out)).toHaveLength(7);
    const last = (JSON.parse((await cli('ledger', 'list', '--db', db, '--json')).out) as { analysis: string; studyId: string; resultSummary: { rows: number; access: string } }[]).at(-1)!;
    expect(last).toMatchObject({ analysis: 'query', studyId: 'ROW', resultSummary: { rows: 7, access: 'row-level' } });
  });

  it('table and timeline: refused under aggregate (nothing printed, no ledger entry), exported and recorded under row-level', async () => {
    const before = await ledgerLength();
    const out = join(dir, 't.csv');
    const t = await cli('table', '--db', db, '--study', 'S1', ...KM_DB, '--out', out);
    expect(t.code).toBe(2);
    expect(t.err).toContain('row-level output');
    expect(existsSync(out)).toBe(false);
    const tl = await cli('timeline', '--db', db, '--study', 'S1', pseudonyms[3]!);
    expect(tl.code).toBe(2);
    expect(tl.out).toBe('');
    expect(await ledgerLength()).toBe(before);
    const t2 = await cli('table', '--db', db, '--study', 'ROW', ...KM_DB, '--json');
    expect(t2.code, t2.err).toBe(0);
    const n = (JSON.parse(t2.out) as unknown[]).length;
    const tl2 = await cli('timeline', '--db', db, '--study', 'ROW', pseudonyms[3]!, '--json');
    expect(tl2.code, tl2.err).toBe(0);
    const entries = JSON.parse((await cli('ledger', 'list', '--db', db, '--json')).out) as { analysis: string; resultSummary: { rows: number } }[];
    expect(entries.slice(-2).map((e) => [e.analysis, e.resultSummary.rows])).toEqual([
      ['table', n],
      ['timeline', (JSON.parse(tl2.out) as { entries: unknown[] }).entries.length],
    ]);
  });
});

describe('attack: ms outcomes printed per-patient rows and exact follow-up under a threshold of 20', () => {
  const registry = generateMsRegistry({ seed: 3, patients: 60 });
  let msDb: string;
  beforeAll(async () => {
    msDb = join(dir, 'ms.duckdb');
    await writeConsentedMsStore(msDb, registry.records, registry.records.patients[0]!.pseudonym);
    for (const [id, extra] of [['AGG20', []], ['ROW20', ['--access', 'row-level']]] as const) {
      const r = await cli('study', 'register', '--db', msDb, '--id', id, '--title', 'MS', '--question', 'How active is MS?', '--responsible', 'Dr. M', '--purpose', 'research-general', '--approval', 'EK-2', '--min-cell-count', '20', ...extra);
      expect(r.code, r.err).toBe(0);
    }
  }, 60_000);

  it('gives an aggregate study the summary only: no per-patient rows, no pseudonym, no follow-up years per patient', async () => {
    const r = await cli('ms', 'outcomes', '--db', msDb, '--study', 'AGG20', '--json');
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as Record<string, unknown> & { summary: { patients: number | null; threshold: number; access: string } };
    expect(j).not.toHaveProperty('patients');
    expect(j.summary).toMatchObject({ threshold: 20, access: 'aggregate' });
    for (const p of registry.records.patients) expect(r.out).not.toContain(p.pseudonym);
    expect(r.out).not.toMatch(/"years"\s*:\s*\[|"arr"\s*:/);
    const text = await cli('ms', 'outcomes', '--db', msDb, '--study', 'AGG20');
    expect(text.code).toBe(0);
    for (const p of registry.records.patients.slice(0, 10)) expect(text.out).not.toContain(p.pseudonym);
  });

  it('gives a row-level study the rows and records their number; ms cluster --assignments is refused under aggregate', async () => {
    const r = await cli('ms', 'outcomes', '--db', msDb, '--study', 'ROW20', '--json');
    expect(r.code, r.err).toBe(0);
    const rows = (JSON.parse(r.out) as { patients: { id: string }[] }).patients;
    expect(rows.length).toBe(registry.records.patients.length - 1);
    const last = (JSON.parse((await cli('ledger', 'list', '--db', msDb, '--json')).out) as { analysis: string; resultSummary: { rows: number } }[]).at(-1)!;
    expect(last).toMatchObject({ analysis: 'ms outcomes', resultSummary: { rows: rows.length } });
    const file = join(dir, 'assign.csv');
    const c = await cli('ms', 'cluster', '--db', msDb, '--study', 'AGG20', '--method', 'kmeans', '--k', '2', '--bootstrap', '0', '--assignments', file);
    expect(c.code).toBe(2);
    expect(c.err).toContain('row-level output');
    expect(existsSync(file)).toBe(false);
  });
});

describe('studies registered before access levels', () => {
  it('are migrated as row-level, and study show and list say so', async () => {
    const old = join(dir, 'v3.duckdb');
    const s = await CohortStore.open(old, { migrations: MIGRATIONS.slice(0, 3) });
    try {
      await rawConnection(s).run(`INSERT INTO governance.studies VALUES ('OLD', 'Old study', 'q?', 'Dr. O', 'research-general', 'EK-0', 5, false, false, '2024-01-01T00:00:00.000Z')`);
    } finally {
      s.close();
    }
    const show = await cli('study', 'show', '--db', old, 'OLD');
    expect(show.code, show.err).toBe(0);
    expect(show.out).toContain('access:       row-level (migrated: registered before access levels)');
    expect((await cli('study', 'list', '--db', old)).out).toContain('row-level (migrated)');
    const json = JSON.parse((await cli('study', 'show', '--db', old, 'OLD', '--json')).out) as { access: string; accessMigrated: boolean };
    expect(json).toMatchObject({ access: 'row-level', accessMigrated: true });
    await register('NEW');
    expect((await cli('study', 'show', '--db', db, 'NEW')).out).toContain('access:       aggregate');
  });
});
