/**
 * Every command that accepts `--db` goes through the gate: for each command
 * and sub-command whose help mentions `--db` (read from the registry and the
 * help texts, so a new command is caught until it is listed here), the test
 * either runs it on small consented stores or names why it reads no study data.
 *
 * Each run happens under three studies of the same store: AGG (aggregate,
 * minimum cell count 5), BIG (aggregate, minimum cell count larger than the
 * cohort) and ROW (row-level). A run must
 * - exit 0 with one more ledger entry for its study, or be refused (exit 2,
 *   or exit 1 where the command refuses --db as a usage error) with no ledger
 *   entry, no output and no file written;
 * - under AGG and BIG, print and write no pseudonym (no row-level output);
 * - show disclosure control: when it succeeds under both AGG and BIG, its
 *   output differs between them (the study's minimum cell count changes what
 *   is shown). A command that ignored disclosure control would print the same.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIGURE_KINDS } from '../../cli/commands/figure.js';
import { COMMANDS } from '../../cli/registry.js';
import { generateCohort } from '../../datasets/index.js';
import { generateMsRegistry } from '../../datasets/ms-registry/index.js';
import { grantConsent } from '../../engine/consent/registry.js';
import { CANONICAL_TABLES } from '../../engine/schema.js';
import { CohortStore } from '../../engine/store.js';
import { rawConnection } from '../../engine/store-internal.js';
import { runCliCaptured, type CliResult } from '../helpers/run-cli.js';
import { writeConsentedMsStore } from '../helpers/ms-store.js';

const cli = (...argv: string[]): Promise<CliResult> => runCliCaptured(argv);

/** Commands and sub-commands whose help mentions --db but that read no study data, and why. */
const NO_STUDY_DATA: Record<string, string> = {
  import: 'writes records into the store; reads nothing back',
  'pseudonymize import': 'writes pseudonymized records into the store; reads nothing back',
  'pseudonymize id': 'computes the pseudonym of an id; no store',
  'consent grant': 'consent registry (governance), no clinical data',
  'consent revoke': 'consent registry (governance), no clinical data',
  'consent status': 'consent registry (governance), no clinical data',
  'consent history': 'consent registry (governance), no clinical data',
  'consent import': 'consent registry (governance), no clinical data',
  'study register': 'study registry (governance)',
  'study list': 'study registry (governance)',
  'study show': 'study registry (governance)',
  'study publish': 'study registry (governance)',
  'ledger verify': 'the data-use ledger itself',
  'ledger checkpoint': 'the data-use ledger itself',
  'ledger list': 'the data-use ledger itself',
  'ledger for-patient': 'the data-use ledger itself (what a patient may see about their data)',
  generate: 'writes synthetic files; its help mentions --db only for the import that follows',
  'ms cdw': 'reads --visits and --relapses files, not a database',
};

const BC = ['--diagnosis', 'breast_cancer', '--endpoint', 'distant_metastasis,death'];
const F_SITE = ['--formula', 'Surv(time, status) ~ site'];
const F_AGE = ['--formula', 'Surv(time, status) ~ age + site'];

interface Invocation {
  store: 'cohort' | 'ms';
  /** argv without --db and --study; OUT in it becomes a fresh file path. */
  argv: string[];
  /** The command refuses --db as a usage error (exit 1) by design. */
  refusesDb?: boolean;
}

/** One invocation per command (and sub-command) that reads study data. */
const INVOCATIONS: Record<string, Invocation> = {
  query: { store: 'cohort', argv: ['query', '--json', 'SELECT diagnosis, count(*)::INTEGER AS n FROM patients GROUP BY diagnosis ORDER BY diagnosis'] },
  describe: { store: 'cohort', argv: ['describe', '--json'] },
  table: { store: 'cohort', argv: ['table', ...BC, '--json'] },
  timeline: { store: 'cohort', argv: ['timeline', '--json', 'FIRST_PSEUDONYM'] },
  km: { store: 'cohort', argv: ['km', ...BC, ...F_SITE, '--json'] },
  logrank: { store: 'cohort', argv: ['logrank', ...BC, ...F_SITE, '--json'] },
  rmst: { store: 'cohort', argv: ['rmst', ...BC, ...F_SITE, '--json'] },
  cox: { store: 'cohort', argv: ['cox', ...BC, ...F_AGE, '--json'] },
  zph: { store: 'cohort', argv: ['zph', ...BC, ...F_AGE, '--json'] },
  coxnet: { store: 'cohort', argv: ['coxnet', ...BC, ...F_AGE, '--alpha', '1', '--lambda', '0.05', '--json'] },
  cif: { store: 'cohort', argv: ['cif', '--diagnosis', 'breast_cancer', '--endpoint', 'distant_metastasis', '--competing', 'death', ...F_SITE, '--json'] },
  finegray: { store: 'cohort', argv: ['finegray', '--diagnosis', 'breast_cancer', '--endpoint', 'distant_metastasis', '--competing', 'death', '--formula', 'Surv(time, status) ~ age', '--cause', '1', '--json'] },
  aft: { store: 'cohort', argv: ['aft', ...BC, '--formula', 'Surv(time, status) ~ age', '--json'] },
  lmm: { store: 'cohort', argv: ['lmm', '--table', 'observations', '--formula', 'value ~ 1 + (1 | pseudonym)', '--json'] },
  mstate: { store: 'cohort', argv: ['mstate', '--diagnosis', 'breast_cancer', '--endpoint', 'distant_metastasis', '--competing', 'death', '--counting', '--formula', 'Surv(start, stop, event) ~ site', '--id', 'pseudonym', '--json'] },
  'risk train': { store: 'cohort', argv: ['risk', 'train', ...BC, '--formula', 'Surv(time, status) ~ age', '--kind', 'cox', '--horizons', '1', '--out', 'OUT.json'], refusesDb: true },
  'risk evaluate': { store: 'cohort', argv: ['risk', 'evaluate', ...BC, '--model', 'MODEL', '--horizons', '1', '--json'] },
  'risk compare': { store: 'cohort', argv: ['risk', 'compare', ...BC, '--model', 'MODEL,MODEL2', '--bootstrap', '20', '--json'] },
  'risk predict': { store: 'cohort', argv: ['risk', 'predict', ...BC, '--model', 'MODEL', '--json'], refusesDb: true },
  'figure km': { store: 'cohort', argv: ['figure', 'km', ...BC, ...F_SITE, '--out', 'OUT.html'] },
  'figure cox-forest': { store: 'cohort', argv: ['figure', 'cox-forest', ...BC, ...F_AGE, '--out', 'OUT.html'] },
  'figure zph': { store: 'cohort', argv: ['figure', 'zph', ...BC, ...F_AGE, '--out', 'OUT.html'] },
  'figure cif': { store: 'cohort', argv: ['figure', 'cif', '--diagnosis', 'breast_cancer', '--endpoint', 'distant_metastasis', '--competing', 'death', ...F_SITE, '--out', 'OUT.html'] },
  'figure coxnet-cv': { store: 'cohort', argv: ['figure', 'coxnet-cv', ...BC, ...F_AGE, '--nfolds', '3', '--nlambda', '10', '--out', 'OUT.html'] },
  'figure coxnet-path': { store: 'cohort', argv: ['figure', 'coxnet-path', ...BC, ...F_AGE, '--nlambda', '10', '--out', 'OUT.html'] },
  'figure rsf-importance': { store: 'cohort', argv: ['figure', 'rsf-importance', ...BC, ...F_AGE, '--trees', '10', '--out', 'OUT.html'] },
  'ms outcomes': { store: 'ms', argv: ['ms', 'outcomes', '--json'] },
  'ms pathways': { store: 'ms', argv: ['ms', 'pathways', '--json'] },
  'ms cluster': { store: 'ms', argv: ['ms', 'cluster', '--method', 'kmeans', '--k', '2', '--bootstrap', '0', '--assignments', 'OUT.csv', '--json'] },
  'ms compare': { store: 'ms', argv: ['ms', 'compare', '--treatment', 'high', '--control', 'moderate', '--by', 'class', '--json'] },
  'patterns mine': { store: 'cohort', argv: ['patterns', 'mine', '--diagnosis', 'breast_cancer', '--min-support', '0.1', '--max-length', '3', '--json'] },
  'patterns rules': { store: 'cohort', argv: ['patterns', 'rules', '--diagnosis', 'breast_cancer', '--min-support', '0.1', '--max-length', '3', '--json'] },
  'patterns compare': { store: 'cohort', argv: ['patterns', 'compare', '--group-by', 'diagnosis', '--min-support', '0.1', '--max-length', '2', '--json'] },
  compare: { store: 'cohort', argv: ['compare', '--diagnosis', 'breast_cancer', '--treatment', 'radiotherapy', '--control', 'none', '--design', 'clone-censor-weight', '--grace-days', '180', '--outcome', 'distant_metastasis', '--horizon-days', '1825', '--json'] },
};

/** Sub-command placeholders in usage lines and the values they stand for. */
const PLACEHOLDERS: Record<string, readonly string[]> = { 'figure KIND': FIGURE_KINDS };

/** `name` or `name sub` for every usage of a command whose help mentions --db. */
async function dbCommandKeys(): Promise<string[]> {
  const keys: string[] = [];
  for (const entry of COMMANDS) {
    const command = await entry.load();
    if (!/--db\b/.test(command.help)) continue;
    const usage = command.help.split(/\n\s*\n/)[0]!;
    const subs = new Set<string>();
    for (const m of usage.matchAll(new RegExp(`midia ${entry.name} (\\S+)`, 'g'))) {
      const token = m[1]!;
      if (/^[a-z][a-zA-Z0-9-]*(\|[a-z][a-zA-Z0-9-]*)*$/.test(token)) for (const s of token.split('|')) subs.add(s);
      else if (/^[A-Z]+$/.test(token)) {
        const values = PLACEHOLDERS[`${entry.name} ${token}`];
        if (!values) throw new Error(`usage of ${entry.name} has a placeholder ${token}: list its values in PLACEHOLDERS`);
        for (const v of values) subs.add(v);
      }
    }
    if (subs.size === 0) keys.push(entry.name);
    else for (const s of subs) keys.push(`${entry.name} ${s}`);
  }
  return keys;
}

let dir: string;
const stores: Record<Invocation['store'], string> = { cohort: '', ms: '' };
const pseudonyms: Record<Invocation['store'], string[]> = { cohort: [], ms: [] };
let model = '';
let model2 = '';

async function registerStudies(db: string, population: number): Promise<void> {
  for (const [id, extra] of [
    ['AGG', []],
    ['BIG', ['--min-cell-count', String(population * 10)]],
    ['ROW', ['--access', 'row-level']],
  ] as const) {
    const r = await cli('study', 'register', '--db', db, '--id', id, '--title', `Gate ${id}`, '--question', 'Does every command go through the gate?', '--responsible', 'Dr. G', '--purpose', 'research-general', '--approval', 'EK-G', ...extra);
    expect(r.code, r.err).toBe(0);
  }
}

async function ledgerEntries(db: string): Promise<{ n: number; lastStudy: string | null }> {
  const store = await CohortStore.open(db);
  try {
    const rows = (await rawConnection(store).runAndReadAll('SELECT count(*), arg_max(study_id, seq) FROM governance.ledger')).getRowsJS()[0]!;
    return { n: Number(rows[0]), lastStudy: rows[1] === null ? null : String(rows[1]) };
  } finally {
    store.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'midia-db-gate-'));
  const cohort = generateCohort({ seed: 5, breast: 120, prostate: 10, ms: 10 });
  stores.cohort = join(dir, 'cohort.duckdb');
  pseudonyms.cohort = cohort.patients.map((p) => p.pseudonym);
  const store = await CohortStore.open(stores.cohort);
  try {
    for (const t of CANONICAL_TABLES) await store.importRecords(t, cohort[t] as never[]);
    for (const p of cohort.patients) await grantConsent(store, { pseudonym: p.pseudonym, purpose: 'research-general', effectiveAt: new Date('2000-01-01T00:00:00Z') });
  } finally {
    store.close();
  }
  await registerStudies(stores.cohort, cohort.patients.length);
  const registry = generateMsRegistry({ seed: 3, patients: 60 });
  stores.ms = join(dir, 'ms.duckdb');
  pseudonyms.ms = registry.records.patients.map((p) => p.pseudonym);
  await writeConsentedMsStore(stores.ms, registry.records, registry.records.patients[0]!.pseudonym);
  await registerStudies(stores.ms, registry.records.patients.length);
  // Models for risk evaluate/compare, trained on an exported analysis table (a row-level export of study ROW).
  const csv = join(dir, 'bc.csv');
  const t = await cli('table', '--db', stores.cohort, '--study', 'ROW', ...BC, '--out', csv);
  expect(t.code, t.err).toBe(0);
  model = join(dir, 'm1.json');
  model2 = join(dir, 'm2.json');
  for (const [out, formula] of [[model, 'Surv(time, status) ~ age'], [model2, 'Surv(time, status) ~ age + site']] as const) {
    const r = await cli('risk', 'train', '--data', csv, '--formula', formula, '--kind', 'cox', '--horizons', '1', '--out', out, '--created-at', '2026-01-01T00:00:00Z');
    expect(r.code, r.err).toBe(0);
  }
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('every --db command goes through the gate', () => {
  it('lists every command and sub-command that mentions --db, either as an invocation or with a reason it reads no study data', async () => {
    const keys = await dbCommandKeys();
    expect(keys).toContain('figure km');
    expect(keys).toContain('ms outcomes');
    const unclassified = keys.filter((k) => !(k in INVOCATIONS) && !(k in NO_STUDY_DATA));
    expect(unclassified, 'new --db commands: add an invocation (or a reason) to this test').toEqual([]);
    const stale = [...Object.keys(INVOCATIONS), ...Object.keys(NO_STUDY_DATA)].filter((k) => !keys.includes(k));
    expect(stale, 'listed here but no longer a --db command').toEqual([]);
    expect(Object.keys(INVOCATIONS).filter((k) => k in NO_STUDY_DATA)).toEqual([]);
  });

  for (const [key, inv] of Object.entries(INVOCATIONS)) {
    it(`${key}: ledger entry and disclosure control, or refusal`, async () => {
      const db = stores[inv.store];
      const outputs: Record<string, { code: number; text: string }> = {};
      for (const study of ['AGG', 'BIG', 'ROW']) {
        const out = join(dir, `${key.replace(/\s+/g, '-')}-${study}`);
        const files: string[] = [];
        const argv = inv.argv.map((a) => {
          if (a.startsWith('OUT')) {
            const f = out + a.slice(3);
            files.push(f);
            return f;
          }
          if (a === 'FIRST_PSEUDONYM') return pseudonyms[inv.store][5]!;
          return a.replace('MODEL2', model2).replace('MODEL', model);
        });
        const before = await ledgerEntries(db);
        const r = await cli(...argv, '--db', db, '--study', study);
        const after = await ledgerEntries(db);
        const written = files.filter((f) => existsSync(f)).map((f) => readFileSync(f, 'utf8'));
        const what = `${key} under ${study}: exit ${r.code} ${r.err.slice(0, 300)}`;
        if (r.code === 0) {
          expect(after.n, `${what}: no ledger entry`).toBeGreaterThan(before.n);
          expect(after.lastStudy, what).toBe(study);
        } else {
          expect(inv.refusesDb ? [1, 2] : [2], `${what}: neither success nor a refusal (a broken invocation?)`).toContain(r.code);
          expect(after.n, `${what}: refused but recorded`).toBe(before.n);
          expect(r.out, what).toBe('');
          expect(written, `${what}: refused but wrote a file`).toEqual([]);
        }
        if (study !== 'ROW' && r.code === 0) {
          const text = r.out + written.join('\n');
          const leaked = pseudonyms[inv.store].filter((p) => text.includes(p));
          expect(leaked, `${what}: row-level output (pseudonyms) under aggregate access`).toEqual([]);
        }
        outputs[study] = { code: r.code, text: r.out + written.join('\n') };
      }
      if (outputs.AGG!.code === 0 && outputs.BIG!.code === 0) {
        expect(outputs.BIG!.text, `${key}: the output does not depend on the study's minimum cell count (no disclosure control)`).not.toBe(outputs.AGG!.text);
      }
      // The invocation is valid: it runs for the row-level study (or, for a command that refuses --db, is refused there too).
      if (inv.refusesDb) expect(outputs.ROW!.code, `${key} should refuse --db`).not.toBe(0);
      else expect(outputs.ROW!.code, `${key} under ROW: ${outputs.ROW!.text.slice(0, 200)}`).toBe(0);
    }, 120_000);
  }
});
