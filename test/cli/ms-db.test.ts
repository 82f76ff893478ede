/**
 * `midia ms outcomes` and `midia ms pathways` on a cohort database: a seeded
 * synthetic MS registry, a registered study, one patient who revoked consent.
 * Outputs are checked against the model functions run directly on the
 * consenting patients' records, and small counts must be suppressed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMsRegistry } from '../../datasets/ms-registry/index.js';
import { confirmedDisabilityEvents } from '../../models/ms/cdw.js';
import { dmtEpisodes } from '../../models/ms/pathways/dmt-episodes.js';
import { pathwaySummary } from '../../models/ms/pathways/pathway-summary.js';
import { runCliCaptured, type CliResult } from '../helpers/run-cli.js';
import { writeConsentedMsStore } from '../helpers/ms-store.js';

function cli(...argv: string[]): Promise<CliResult> {
  return runCliCaptured(argv);
}

const registry = generateMsRegistry({ seed: 3, patients: 60 });
const { records } = registry;
const revoked = records.patients[0]?.pseudonym as string;
const admitted = records.patients.map((p) => p.pseudonym).filter((p) => p !== revoked);
let dir: string;
let db: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'midia-ms-db-'));
  db = join(dir, 'ms.duckdb');
  await writeConsentedMsStore(db, records, revoked);
  for (const [id, extra] of [['MSP', []], ['MST', ['--allow-individual-times']]] as const) {
    const reg = await cli('study', 'register', '--db', db, '--id', id, '--title', 'Pathways', '--question', 'Which DMT sequences are used?', '--responsible', 'Dr. M', '--purpose', 'research-general', '--approval', 'EK-2', '--min-cell-count', '5', '--access', 'row-level', ...extra); // per-patient outcome rows
    expect(reg.code, reg.err).toBe(0);
  }
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('midia ms pathways', () => {
  it('matches dmtEpisodes/pathwaySummary on the consenting patients, with counts < 5 suppressed', async () => {
    const r = await cli('ms', 'pathways', '--db', db, '--study', 'MSP', '--by', 'efficacy', '--json');
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as { patients: number | null; sankey: { links: { source: string; target: string; count: number | null }[] }; transitions: { label: string; count: number | null }[]; timeOnLine: { line: number; n: number | null; medianDays: number | null }[] };
    const ok = new Set(admitted);
    const recs = records.treatments
      .filter((t) => ok.has(t.pseudonym) && (t.intent === 'disease_modifying' || t.class === 'dmt_moderate' || t.class === 'dmt_high'))
      .map((t) => ({ id: t.pseudonym, drug: t.substance, start: t.start, stop: t.stop ?? null, stopReason: t.stop_reason ?? null }));
    const ep = dmtEpisodes(recs);
    const s = pathwaySummary(ep.episodes, { by: 'efficacy' });
    expect(j.patients).toBe(new Set(ep.episodes.map((e) => e.id)).size);
    expect(j.sankey.links.map((l) => `${l.source}>${l.target}`)).toEqual(s.links.map((l) => `${l.source}>${l.target}`));
    j.sankey.links.forEach((l, i) => {
      const truth = s.links[i]?.count as number;
      if (l.count !== null) expect(l.count).toBe(truth);
      else expect(truth).toBeGreaterThan(0);
      if (truth > 0 && truth < 5) expect(l.count).toBeNull();
    });
    expect(j.sankey.links.some((l) => l.count !== null)).toBe(true);
    const line1 = s.lines[0];
    expect(j.timeOnLine[0]?.medianDays).toBe(line1 && line1.n - line1.ongoing >= 5 ? line1.medianDays : null);
    for (const t of j.transitions) if (t.count !== null) expect(t.count).toBeGreaterThanOrEqual(5);
  });

  it('prints tables, refuses without --study and records the run in the ledger', async () => {
    const r = await cli('ms', 'pathways', '--db', db, '--study', 'MSP');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Transitions \(line k -> k\+1\)/);
    expect((await cli('ms', 'pathways', '--db', db)).code).not.toBe(0);
    const list = await cli('ledger', 'list', '--db', db, '--json');
    expect(list.out).toContain('ms pathways');
  });
});

describe('midia ms outcomes', () => {
  it('gives per-patient CDW/CDI/ARR/NEDA for consenting patients, dates only when the study allows them', async () => {
    const r = await cli('ms', 'outcomes', '--db', db, '--study', 'MSP', '--json');
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as { summary: { patients: number | null; withCdw: number | null }; patients: { id: string; cdw: boolean; cdwKind: string | null; cdwDate?: string | null; relapses: number; years: number; neda: boolean | null }[] };
    const ids = j.patients.map((p) => p.id);
    expect(ids).not.toContain(revoked);
    expect(ids.length).toBe(admitted.length);
    expect(j.patients.every((p) => p.cdwDate === undefined)).toBe(true);
    const ok = new Set(admitted);
    const visits = records.observations.filter((o) => o.code === 'EDSS' && ok.has(o.pseudonym)).map((o) => ({ id: o.pseudonym, date: o.date, edss: o.value ?? null }));
    const rel = records.events.filter((e) => e.type === 'relapse' && ok.has(e.pseudonym)).map((e) => ({ id: e.pseudonym, date: e.date }));
    const cdw = confirmedDisabilityEvents(visits, rel);
    const withCdw = new Set(cdw.events.filter((e) => e.type === 'CDW').map((e) => e.id));
    expect(j.patients.filter((p) => p.cdw).map((p) => p.id).sort()).toEqual([...withCdw].sort());
    // ARR counts relapses in follow-up (index date to last contact); prior relapses before the index date are not counted
    const pat = new Map(records.patients.map((p) => [p.pseudonym, p]));
    const inFollowUp = rel.filter((e) => {
      const p = pat.get(e.id);
      return p !== undefined && e.date >= p.index_date && e.date <= (p.last_contact ?? '9999-12-31');
    });
    expect(inFollowUp.length).toBeLessThan(rel.length);
    expect(j.patients.reduce((a, p) => a + p.relapses, 0)).toBe(inFollowUp.length);
    expect(j.patients.every((p) => p.years > 0)).toBe(true);
    expect(j.summary.patients).toBe(admitted.length);
    const t = await cli('ms', 'outcomes', '--db', db, '--study', 'MST', '--json');
    const jt = JSON.parse(t.out) as { patients: { id: string; cdw: boolean; cdwDate: string | null }[] };
    const first = cdw.events.find((e) => e.type === 'CDW');
    expect(jt.patients.find((p) => p.id === first?.id)?.cdwDate).toBe(first?.date);
  });
});
