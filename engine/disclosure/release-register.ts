/**
 * The release register: the patient groups (cells) whose aggregates each study
 * has released, kept in `governance.released_cells` (store migration 4), so
 * that every later release of the study is suppressed consistently with them
 * (engine/disclosure/release-audit.ts, docs/access-levels.md).
 *
 * Like the data-use ledger, the register holds pseudonyms, never clinical data.
 */
import { randomUUID } from 'node:crypto';
import { StoreError } from '../../util/errors.js';
import { literal } from '../sql.js';
import type { CohortStore } from '../store.js';
import { exclusive } from '../store-internal.js';
import { GOVERNANCE_SCHEMA } from '../store-migrations.js';
import { withTransaction } from '../store-sql.js';
import { auditRelease, type CandidateCell, type PriorCell, type ReleaseAudit, type ReleaseAuditOptions } from './release-audit.js';

const T_CELLS = `${GOVERNANCE_SCHEMA}.released_cells`;

/** One released cell as the register keeps it. */
export interface RegisteredCell extends PriorCell {
  releaseId: string;
  analysis: string;
  cell: string;
  n: number;
  releasedAt: string;
}

/**
 * Every cell a study has released, in release order.
 * @example const prior = await releasedCells(store, 'BC-1')
 */
export async function releasedCells(store: CohortStore, studyId: string): Promise<RegisteredCell[]> {
  return exclusive(store, async (c) => {
    const reader = await c.runAndReadAll(`SELECT release_id, analysis, cell, n, pseudonyms, released_at FROM ${T_CELLS} WHERE study_id = ${literal(studyId)} ORDER BY released_at, release_id, cell`);
    return (reader.getRowsJS() as unknown[][]).map((r) => ({
      releaseId: String(r[0]),
      analysis: String(r[1]),
      cell: String(r[2]),
      n: Number(r[3]),
      pseudonyms: (r[4] as unknown[]).map(String),
      releasedAt: String(r[5]),
    }));
  });
}

/**
 * Appends the released cells of one release (one transaction).
 * @returns the release id (a random UUID).
 * @throws StoreError for a read-only or closed store.
 */
export async function registerRelease(store: CohortStore, studyId: string, analysis: string, cells: readonly CandidateCell[], now: Date = new Date()): Promise<string> {
  if (store.readOnly) throw new StoreError(`store ${store.path} is opened read-only; recording a release needs write access`);
  const id = randomUUID();
  const at = now.toISOString();
  if (cells.length === 0) return id;
  await exclusive(store, (c) =>
    withTransaction(c, async () => {
      for (const cell of cells) {
        const ps = [...new Set(cell.pseudonyms)].sort();
        const list = ps.length ? `[${ps.map(literal).join(', ')}]::VARCHAR[]` : '[]::VARCHAR[]';
        await c.run(
          `INSERT INTO ${T_CELLS} (study_id, release_id, analysis, cell, n, pseudonyms, released_at) VALUES (${literal(studyId)}, ${literal(id)}, ${literal(analysis)}, ${literal(cell.label)}, ${ps.length}, ${list}, ${literal(at)})`,
        );
      }
    }),
  );
  return id;
}

/** A release decided against the register: the audit and how to record it. */
export interface PlannedRelease extends ReleaseAudit {
  /** True when the candidate with this label may be shown. */
  shows(label: string): boolean;
  /** Records the released cells in the register (call once, before the output leaves). */
  commit(store: CohortStore, now?: Date): Promise<string>;
}

/**
 * Audits a new release of `studyId` against every cell the study released
 * before (see {@link auditRelease}); `commit` then records the released cells.
 * @example const plan = await planRelease(store, 'BC-1', 'km', cells, { threshold: 5 }); ...; await plan.commit(store)
 */
export async function planRelease(store: CohortStore, studyId: string, analysis: string, candidates: readonly CandidateCell[], options: ReleaseAuditOptions = {}): Promise<PlannedRelease> {
  const prior = await releasedCells(store, studyId);
  const audit = auditRelease(prior, candidates, options);
  const shown = new Set(audit.released);
  const byLabel = new Map(candidates.map((c) => [c.label, c]));
  return {
    ...audit,
    shows: (label) => shown.has(label),
    commit: (s, now) => registerRelease(s, studyId, analysis, audit.released.map((l) => byLabel.get(l)!), now),
  };
}
