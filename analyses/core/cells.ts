/**
 * Values of query rows (`AnalysisSession.queryRows`) as the analyses use
 * them: DuckDB gives numbers, bigints (BIGINT, counts) or null.
 */

/** A finite number of a cell (a bigint converted), else null. */
export const cellNumber = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'bigint' ? Number(v) : null);

/** The text of a cell, null for a missing one. */
export const cellText = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
