/**
 * The demo's MS relapse rate (docs/ms-outcomes.md, "Follow-up relapses"):
 * relapses after the index date up to the last contact, over the person-years
 * from the index date to the last contact, for the patients with diagnosis
 * multiple_sclerosis. This is the demo's own definition, fixed by its R golden
 * (test/golden/demo-ms-arr.R: 785 / 3562.6 person-years = 0.220 for the default
 * seed); the MS cohort of analyses/ms (ms-cohort.ts) ends follow-up at the later
 * of the last contact and the last EDSS date and also admits patients by EDSS,
 * so `ms outcomes` answers a different question and is not used here.
 */
import type { AnalysisSession } from '../../engine/access.js';
import { crudeAnnualizedRelapseRate, relapsesInWindows, type CrudeArr } from '../../models/ms/relapse-rate.js';

/** The demo's MS relapse rate: the crude ARR and the patients by number of follow-up relapses. */
export interface MsRelapseSummary {
  /** Crude ARR = follow-up relapses / person-years, with its exact Poisson 95% CI. */
  arr: CrudeArr;
  /** Patients, relapses and person-years by number of follow-up relapses (0, 1, 2-3, 4+), then all. */
  rows: { 'relapses during follow-up': string; patients: number; relapses: number; 'person-years': number }[];
}

/**
 * MS relapse rate of the demo: follow-up relapses (after the index date, up to
 * the last contact: the onset relapse on the index date is not one;
 * models/ms/follow-up-relapse.ts, docs/ms-outcomes.md) over the person-years
 * from the index date to the last contact (365.25-day years), per patient
 * with relapsesInWindows. Checked against R: test/golden/demo-ms-arr.R.
 */
export async function msRelapseSummary(session: AnalysisSession): Promise<MsRelapseSummary> {
  const patients = await session.queryRows(
    `SELECT pseudonym, CAST(index_date AS VARCHAR) AS start, CAST(greatest(index_date, coalesce(last_contact, index_date)) AS VARCHAR) AS stop
       FROM patients WHERE diagnosis = 'multiple_sclerosis' ORDER BY pseudonym`,
  );
  const relapses = await session.queryRows(
    `SELECT e.pseudonym, CAST(e.date AS VARCHAR) AS date FROM events e JOIN patients p USING (pseudonym) WHERE e.type = 'relapse' AND p.diagnosis = 'multiple_sclerosis'`,
  );
  const windows = relapsesInWindows(
    patients.map((p) => ({ id: String(p.pseudonym), start: String(p.start), end: String(p.stop) })),
    relapses.map((r) => ({ id: String(r.pseudonym), date: String(r.date) })),
  );
  const bands = [
    { label: '0', has: (k: number) => k === 0 },
    { label: '1', has: (k: number) => k === 1 },
    { label: '2-3', has: (k: number) => k >= 2 && k <= 3 },
    { label: '4+', has: (k: number) => k >= 4 },
  ];
  const row = (label: string, w: typeof windows) => ({
    'relapses during follow-up': label,
    patients: w.length,
    relapses: w.reduce((a, x) => a + x.relapses, 0),
    'person-years': Math.round(w.reduce((a, x) => a + x.years, 0) * 10) / 10,
  });
  const rows = bands.map((b) => row(b.label, windows.filter((w) => b.has(w.relapses)))).filter((r) => r.patients > 0);
  rows.push(row('all', windows));
  return { arr: crudeAnnualizedRelapseRate(windows), rows };
}
