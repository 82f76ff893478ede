/**
 * The one load -> fit -> disclose -> ledger sequence of every analysis.
 *
 * An analysis is described by an {@link AnalysisSpec}: how it loads its rows,
 * its numeric fit (a pure function of models/), what it returns for a plain
 * table, and how it discloses a result read from a study. {@link runAnalysis}
 * is the only code that strings these together:
 *
 * 1. load: the rows, and the pseudonyms behind them (study sources read
 *    through the access gate: only consenting patients);
 * 2. fit: numerics only;
 * 3. for a plain table: the full result, no ledger, no disclosure control;
 *    for a study: disclose (the analysis' own rules with the study's minimum
 *    cell count, access level and release register; it may refuse with an
 *    AccessDeniedError before anything is recorded), then append the ledger
 *    entry, then commit the release register, then return. Nothing leaves
 *    before its ledger entry is written.
 *
 * Warnings of a study run come only from the disclose step (raw fit warnings
 * can carry small counts: "3 observations deleted").
 */
import type { AnalysisSession, SessionDisclosure, SessionRelease } from '../../engine/access.js';
import type { CandidateCell } from '../../engine/disclosure/release-audit.js';
import type { LedgerEntry } from '../../engine/ledger/ledger.js';
import type { Study } from '../../engine/study/study-registry.js';
import { AccessDeniedError } from '../../util/errors.js';
import type { DataSource } from './source.js';

/** What disclosure control did to a study result. */
export interface DisclosureReport {
  /** The study's minimum cell count. */
  readonly threshold: number;
  /** The study's access level. */
  readonly access: SessionDisclosure['access'];
  /** Labels of the cells, strata or rows withheld. */
  readonly hidden: readonly string[];
  /** What was coarsened, suppressed or withheld, in words. */
  readonly notes: readonly string[];
}

/** The result of every analysis function. */
export interface AnalysisResult<R> {
  /** The analysis name, as the ledger records it. */
  readonly analysis: string;
  /** The result: whole for a plain table, disclosed for a study. */
  readonly result: R;
  /** Warnings (for a study: only those disclosure control lets through). */
  readonly warnings: readonly string[];
  /** What disclosure control did (null for a plain table: none applies). */
  readonly disclosure: DisclosureReport | null;
  /** The ledger entry written for this run (null for a plain table). */
  readonly ledgerEntry: LedgerEntry | null;
}

/** Rows an analysis loaded. */
export interface Loaded<D> {
  readonly data: D;
  /** Pseudonyms behind the rows (null for a plain table). */
  readonly pseudonyms: readonly string[] | null;
  /** What was read (table name, `analysis-table`, ...), recorded with the parameters. */
  readonly selection?: string | null;
}

/** What the disclose step of an analysis returns. */
export interface Disclosed<R> {
  readonly result: R;
  /** The ledger entry's result summary: aggregates only, never pseudonyms. */
  readonly summary: unknown;
  readonly hidden?: readonly string[];
  readonly notes?: readonly string[];
  readonly warnings?: readonly string[];
  /** A release planned with {@link DiscloseContext.planRelease}: committed right after the ledger entry. */
  readonly release?: SessionRelease;
  /** The patients the result rests on (default: every loaded patient). */
  readonly pseudonyms?: readonly string[];
}

/** What the disclose step sees. */
export interface DiscloseContext<O, D> {
  readonly session: AnalysisSession;
  readonly study: Study;
  readonly disclosure: SessionDisclosure;
  readonly options: O;
  readonly data: D;
  /** Pseudonyms behind the loaded rows. */
  readonly pseudonyms: readonly string[];
  /** Audits cells against the study's earlier releases (the difference attack; engine/disclosure/release-audit.ts). */
  planRelease(candidates: readonly CandidateCell[]): Promise<SessionRelease>;
  /**
   * Refuses the run unless the study is approved for row-level research data.
   * @throws AccessDeniedError under an aggregate study.
   */
  requireRowLevel(what: string): void;
}

/** One analysis, in phases. */
export interface AnalysisSpec<O, D, F, R> {
  /** Name recorded in the ledger (e.g. `km`, `cox`, `ms-outcomes`). */
  readonly name: string;
  load(source: DataSource, options: O): Promise<Loaded<D>>;
  fit(data: D, options: O): F | Promise<F>;
  /** The whole result, for a plain table. */
  plain(fit: F, options: O, data: D): R | Promise<R>;
  /** The disclosed result, for a study. May throw AccessDeniedError (nothing is recorded then). */
  disclose(fit: F, context: DiscloseContext<O, D>): Disclosed<R> | Promise<Disclosed<R>>;
  /** Warnings of a plain-table fit (default none). */
  warnings?(fit: F): readonly string[];
  /** The parameters the ledger records (default: the options). */
  parameters?(options: O): unknown;
}

/** How a surface calls an analysis: what the ledger records about the call. */
export interface AnalysisCall {
  /**
   * The parameters the ledger records, as the surface knows them (the CLI
   * records its flags, `{ flags, positional }`); default: the validated options.
   * The data selection's label is added as `table`.
   */
  readonly parameters?: Readonly<Record<string, unknown>>;
  /** The analysis name the ledger and release register record (default the analysis' own, e.g. `figure km` for a figure of `km`). */
  readonly name?: string;
}

/** The access refusal of row-level outputs under an aggregate study. */
export function rowLevelRefusal(study: Study, what: string): AccessDeniedError {
  return new AccessDeniedError(
    `${what} is row-level output, and study ${study.id} is approved for aggregates only (access level aggregate): only disclosure-controlled aggregates leave. ` +
      "A study approved for pseudonymized row-level research data is registered with 'midia study register ... --access row-level' (docs/access-levels.md)",
  );
}

/**
 * Runs an analysis on a data source: the one load -> fit -> disclose -> ledger sequence.
 * @example const r = await runAnalysis(KM, source, { formula: 'Surv(time, status) ~ site' })
 */
export async function runAnalysis<O, D, F, R>(spec: AnalysisSpec<O, D, F, R>, source: DataSource, options: O, call: AnalysisCall = {}): Promise<AnalysisResult<R>> {
  const name = call.name ?? spec.name;
  const loaded = await spec.load(source, options);
  const fit = await spec.fit(loaded.data, options);
  if (source.kind === 'table') {
    return { analysis: name, result: await spec.plain(fit, options, loaded.data), warnings: spec.warnings?.(fit) ?? [], disclosure: null, ledgerEntry: null };
  }
  const session = source.session;
  const study = session.studyRecord;
  if (study === null) throw new AccessDeniedError('A study source needs a session opened for a registered study');
  const pseudonyms = loaded.pseudonyms ?? session.pseudonyms;
  const context: DiscloseContext<O, D> = {
    session,
    study,
    disclosure: session.disclosure,
    options,
    data: loaded.data,
    pseudonyms,
    planRelease: (candidates) => session.planRelease(name, candidates),
    requireRowLevel(what) {
      if (session.disclosure.access !== 'row-level') throw rowLevelRefusal(study, what);
    },
  };
  const disclosed = await spec.disclose(fit, context);
  const table = loaded.selection ? { table: loaded.selection } : {};
  const recorded = call.parameters ? { ...call.parameters, ...table } : { options: spec.parameters ? spec.parameters(options) : options, ...table };
  const ledgerEntry = await session.record(name, recorded, disclosed.summary, { pseudonyms: disclosed.pseudonyms ?? pseudonyms });
  await disclosed.release?.commit();
  return {
    analysis: name,
    result: disclosed.result,
    warnings: disclosed.warnings ?? [],
    disclosure: { threshold: session.disclosure.threshold, access: session.disclosure.access, hidden: disclosed.hidden ?? [], notes: disclosed.notes ?? [] },
    ledgerEntry,
  };
}
