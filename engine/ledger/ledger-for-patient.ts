/**
 * "Which studies used my data, when, for what question, with what published
 * result": the patient-facing read of the data-use ledger (issue "Patients in
 * control", item 4). It reads the ledger's own record of each use (the study
 * snapshot taken at run time), joins the results the studies published, and
 * says whether the ledger's hash chain verifies, so the answer can be trusted.
 */
import { literal } from '../sql.js';
import type { CohortStore } from '../store.js';
import { GOVERNANCE_SCHEMA } from '../store-migrations.js';
import type { JsonValue } from './canonical-json.js';
import { entryFromRow, selectRows, T_LEDGER, T_LEDGER_PATIENTS } from './ledger.js';
import { verifyLedger } from './verify-ledger.js';

/** One use of the patient's data. */
export interface PatientDataUse {
  seq: number;
  /** ISO 8601 UTC time of the analysis. */
  at: string;
  analysis: string;
}

/** A published result of a study. */
export interface PatientPublishedResult {
  title: string;
  summary: string;
  url: string | null;
  publishedAt: string;
}

/** One study (or unregistered use) that used the patient's data. */
export interface PatientStudyUse {
  /** Study id; null for uses in an explicitly unrestricted session (see `reason`). */
  studyId: string | null;
  title: string | null;
  question: string | null;
  purpose: string | null;
  responsible: string | null;
  approval: string | null;
  /** For unrestricted sessions: the stated reason. */
  reason: string | null;
  firstUse: string;
  lastUse: string;
  uses: PatientDataUse[];
  published: PatientPublishedResult[];
}

/** Result of {@link ledgerForPatient}. */
export interface PatientLedgerReport {
  pseudonym: string;
  studies: PatientStudyUse[];
  /** True when the ledger's hash chain verified at the time of the query. */
  ledgerVerified: boolean;
}

const str = (v: JsonValue | undefined): string | null => (typeof v === 'string' ? v : null);

/**
 * The studies whose analyses used one patient's data, with their uses and published results.
 *
 * @param pseudonym the patient's pseudonym (as stored)
 * @throws StoreError when the store is closed.
 * @example (await ledgerForPatient(store, 'P-A')).studies.map((s) => s.question)
 */
export async function ledgerForPatient(store: CohortStore, pseudonym: string): Promise<PatientLedgerReport> {
  const rows = await selectRows(
    store,
    `SELECT l.* FROM ${T_LEDGER} l WHERE l.seq IN (SELECT seq FROM ${T_LEDGER_PATIENTS} WHERE pseudonym = ${literal(pseudonym)}) ORDER BY l.seq`,
  );
  const byStudy = new Map<string, PatientStudyUse>();
  for (const row of rows) {
    const e = entryFromRow(row);
    const snap = (e.study && typeof e.study === 'object' && !Array.isArray(e.study) ? e.study : {}) as Record<string, JsonValue>;
    const key = e.studyId ?? `\u0000${str(snap.reason) ?? ''}`;
    let s = byStudy.get(key);
    if (!s) {
      s = {
        studyId: e.studyId,
        title: str(snap.title),
        question: str(snap.question),
        purpose: str(snap.purpose),
        responsible: str(snap.responsible),
        approval: str(snap.approval),
        reason: str(snap.reason),
        firstUse: e.at,
        lastUse: e.at,
        uses: [],
        published: [],
      };
      byStudy.set(key, s);
    }
    s.uses.push({ seq: e.seq, at: e.at, analysis: e.analysis });
    if (e.at < s.firstUse) s.firstUse = e.at;
    if (e.at > s.lastUse) s.lastUse = e.at;
  }
  const ids = [...byStudy.values()].map((s) => s.studyId).filter((id): id is string => id !== null);
  if (ids.length) {
    const pubs = await selectRows(
      store,
      `SELECT * FROM ${GOVERNANCE_SCHEMA}.publications WHERE study_id IN (${ids.map(literal).join(', ')}) ORDER BY published_at, recorded_at`,
    );
    for (const p of pubs) {
      byStudy.get(String(p.study_id))?.published.push({
        title: String(p.title),
        summary: String(p.summary),
        url: p.url === null || p.url === undefined ? null : String(p.url),
        publishedAt: String(p.published_at),
      });
    }
  }
  const verification = await verifyLedger(store);
  return { pseudonym, studies: [...byStudy.values()], ledgerVerified: verification.ok };
}
