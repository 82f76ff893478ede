/**
 * Treatment strategy per patient: escalation versus early intensive therapy.
 *
 * - `harding2019` (Harding K et al., JAMA Neurol 2019;76:536): early intensive
 *   = a high-efficacy drug as first line; escalation = a moderate-efficacy
 *   first line (whatever follows).
 * - `he2020` (He A et al., Lancet Neurol 2020;19:307): early = the first
 *   high-efficacy drug started within `earlyYears` (default 2) of disease
 *   onset; late = started later; patients never on high efficacy are
 *   `no-high-efficacy`. Needs the onset date per patient.
 */
import { UsageError } from '../../../util/errors.js';
import { toDayNumber, type MsDate } from '../day-number.js';
import type { DmtEpisode } from './dmt-episodes.js';

/** Strategy label. */
export type TreatmentStrategy = 'early-intensive' | 'escalation' | 'late-intensive' | 'no-high-efficacy';

/** Options of {@link treatmentStrategies}. */
export interface StrategyOptions {
  /** Definition. Default `harding2019`. */
  definition?: 'harding2019' | 'he2020';
  /** Onset date per patient id (required by `he2020`). */
  onsets?: ReadonlyMap<string, MsDate>;
  /** `he2020`: years from onset within which high efficacy counts as early. Default 2. */
  earlyYears?: number;
}

/** One patient's strategy. */
export interface PatientStrategy {
  id: string;
  /** null when undetermined (first drug unclassified, or no onset for he2020). */
  strategy: TreatmentStrategy | null;
  firstDrug: string;
  /** Start of the first high-efficacy episode (ISO), null if none. */
  firstHighEfficacyStart: string | null;
}

/** Days per year used for `earlyYears` (Julian year). */
const DAYS_PER_YEAR = 365.25;

/**
 * Strategy of each patient from their episodes ({@link dmtEpisodes}).
 * @param episodes episodes of any number of patients (line order is taken from `line`).
 * @param options definition `harding2019` (default) or `he2020` with `onsets`, earlyYears 2.
 * @throws {UsageError} when `he2020` is asked without onsets, or earlyYears is not positive.
 * @example treatmentStrategies(dmtEpisodes(records).episodes)[0].strategy // => 'escalation'
 */
export function treatmentStrategies(episodes: readonly DmtEpisode[], options: StrategyOptions = {}): PatientStrategy[] {
  const definition = options.definition ?? 'harding2019';
  if (definition !== 'harding2019' && definition !== 'he2020') throw new UsageError(`definition must be harding2019 or he2020, got ${String(definition)}`);
  const earlyYears = options.earlyYears ?? 2;
  if (!(Number.isFinite(earlyYears) && earlyYears > 0)) throw new UsageError(`earlyYears must be > 0, got ${earlyYears}`);
  if (definition === 'he2020' && !options.onsets) throw new UsageError('definition he2020 needs onsets (disease onset date per patient)');
  const byId = new Map<string, DmtEpisode[]>();
  for (const e of episodes) {
    let list = byId.get(e.id);
    if (!list) byId.set(e.id, (list = []));
    list.push(e);
  }
  const out: PatientStrategy[] = [];
  for (const [id, list] of byId) {
    const eps = [...list].sort((a, b) => a.line - b.line);
    const first = eps[0] as DmtEpisode;
    const high = eps.find((e) => e.efficacy === 'high') ?? null;
    let strategy: TreatmentStrategy | null;
    if (definition === 'harding2019') {
      strategy = first.efficacy === null ? null : first.efficacy === 'high' ? 'early-intensive' : 'escalation';
    } else {
      const onset = options.onsets?.get(id);
      if (onset === undefined) strategy = null;
      else if (!high) strategy = eps.some((e) => e.efficacy === null) ? null : 'no-high-efficacy';
      else strategy = toDayNumber(high.start) - toDayNumber(onset, `onset of ${id}`) <= earlyYears * DAYS_PER_YEAR ? 'early-intensive' : 'late-intensive';
    }
    out.push({ id, strategy, firstDrug: first.drug, firstHighEfficacyStart: high?.start ?? null });
  }
  return out;
}
