/**
 * Therapy sequences of MS patients as state sequences on a regular time grid
 * from the index date, for sequence analysis (optimal matching, clustering),
 * and data-driven substitution costs from transition rates.
 *
 * Grid: slot k (k = 0, 1, ...) covers days [index + k w, index + (k + 1) w)
 * with w = `stepMonths` x 365.25 / 12 days; its state is the therapy at the
 * slot's midpoint (index + (k + 1/2) w): the episode that covers that day
 * (start <= day <= stop, ongoing = no stop), the latest-starting one if
 * several do, else `untreated`. An episode shorter than a slot may therefore
 * be missed. The window holds round(`years` x 12 / `stepMonths`) slots.
 * Follow-up shorter than the window: the sequence is truncated at the last
 * slot whose midpoint lies on or before the end of follow-up (last contact),
 * and counted as truncated; optimal matching compares sequences of unequal
 * length through insertions/deletions (Gabadinho et al. 2011, sec. 6;
 * TraMineR's seqdef keeps such sequences with void ends). A patient whose
 * follow-up ends before the first midpoint has an empty sequence.
 * States (`states`): `class` (default) = untreated / moderate / high efficacy
 * (DGN 2021 classes, models/ms/pathways/drug-classes.ts) / unclassified;
 * `drug` = untreated or the normalized drug name.
 *
 * References: Abbott A, Tsay A (2000) Sequence analysis and optimal matching
 * methods in sociology, Sociol Methods Res 29:3-33; Gabadinho A, Ritschard G,
 * Müller NS, Studer M (2011) Analyzing and visualizing state sequences in R
 * with TraMineR, J Stat Softw 40(4):1-37; Studer M, Ritschard G (2016) What
 * matters in differences between life trajectories, J R Stat Soc A 179:481-511.
 */
import { UsageError } from '../../util/errors.js';
import { toDayNumber, type MsDate } from './day-number.js';
import { DEFAULT_DMT_CLASS_MAP, dmtClassOf, normalizeDrugName, type DmtClassMap, type DmtEfficacy } from './pathways/drug-classes.js';

/** State alphabet kind of {@link therapySequences}. */
export type SequenceStateKind = 'class' | 'drug';

/** The state alphabet with `states: 'class'`, in this order. */
export const THERAPY_CLASS_STATES = Object.freeze(['untreated', 'moderate', 'high', 'unclassified'] as const);

/** Options of {@link therapySequences}; every field optional. */
export interface TherapySequenceOptions {
  /** Window length in years from the index date (default 5). */
  years?: number;
  /** Slot length in months (default 3: quarterly states). */
  stepMonths?: number;
  /** `class` (default: untreated / moderate / high / unclassified) or `drug`. */
  states?: SequenceStateKind;
  /** Drug -> class map for episodes without an efficacy (default DGN 2021, {@link DEFAULT_DMT_CLASS_MAP}). */
  classMap?: DmtClassMap;
}

/**
 * Defaults of {@link therapySequences}: a 5-year window of quarterly states
 * (20 slots; Studer & Ritschard 2016 and most DMT sequence studies use
 * monthly to quarterly states over the first years), states by efficacy class.
 */
export const DEFAULT_THERAPY_SEQUENCE_OPTIONS = Object.freeze({ years: 5, stepMonths: 3, states: 'class' as SequenceStateKind });

/** One DMT episode (e.g. from dmtEpisodes). */
export interface SequenceEpisode {
  drug: string;
  start: MsDate;
  /** Last day; null while ongoing. */
  stop: MsDate | null;
  /** Efficacy class when known; else looked up in the class map. */
  efficacy?: DmtEfficacy | null;
}

/** One patient: index date, end of follow-up, DMT episodes. */
export interface TherapySequenceInput {
  id: string;
  index: MsDate;
  /** End of follow-up (last contact). */
  end: MsDate;
  episodes: readonly SequenceEpisode[];
}

/** The state sequence of one patient. */
export interface TherapySequence {
  id: string;
  /** State per slot (length up to `slots`; shorter when follow-up ends earlier). */
  states: string[];
  /** True when follow-up ended before the window did. */
  truncated: boolean;
}

/** Result of {@link therapySequences}. */
export interface TherapySequencesResult {
  sequences: TherapySequence[];
  /** States in use: the class alphabet, or untreated then the drugs seen (sorted). */
  alphabet: string[];
  /** Slots of a complete sequence. */
  slots: number;
  /** Slot length in days. */
  stepDays: number;
  /** Patients with a truncated (shorter, non-empty) sequence. */
  truncated: number;
  /** Patients with an empty sequence (follow-up ends before the first slot midpoint). */
  empty: number;
}

/**
 * Therapy state sequences on a regular grid from each patient's index date
 * (rules in the module documentation).
 * @param patients one entry per patient (not mutated).
 * @param options years 5, stepMonths 3, states 'class', classMap DGN 2021.
 * @throws {UsageError} for a non-positive window, a step that is not a whole number of months, fewer than one slot, or invalid dates.
 * @example therapySequences([{ id: 'a', index: '2020-01-01', end: '2021-01-01', episodes: [] }], { years: 1 }).sequences[0].states // => ['untreated', 'untreated', 'untreated', 'untreated']
 */
export function therapySequences(patients: readonly TherapySequenceInput[], options: TherapySequenceOptions = {}): TherapySequencesResult {
  const years = options.years ?? DEFAULT_THERAPY_SEQUENCE_OPTIONS.years;
  const stepMonths = options.stepMonths ?? DEFAULT_THERAPY_SEQUENCE_OPTIONS.stepMonths;
  const kind = options.states ?? DEFAULT_THERAPY_SEQUENCE_OPTIONS.states;
  const classMap = options.classMap ?? DEFAULT_DMT_CLASS_MAP;
  if (!(Number.isFinite(years) && years > 0)) throw new UsageError(`therapy sequence window must be > 0 years, got ${years}`);
  if (!(Number.isInteger(stepMonths) && stepMonths >= 1)) throw new UsageError(`therapy sequence step must be a whole number of months >= 1, got ${stepMonths}`);
  if (kind !== 'class' && kind !== 'drug') throw new UsageError(`therapy sequence states must be class or drug, got ${String(kind)}`);
  const slots = Math.round((years * 12) / stepMonths);
  if (slots < 1) throw new UsageError(`therapy sequence window of ${years} years holds no slot of ${stepMonths} months`);
  const stepDays = (stepMonths * 365.25) / 12;
  const drugs = new Set<string>();
  let truncated = 0;
  let empty = 0;
  const sequences = patients.map((p, row): TherapySequence => {
    const index = toDayNumber(p.index, `patient ${p.id} (row ${row + 1}) index date`);
    const end = toDayNumber(p.end, `patient ${p.id} (row ${row + 1}) end of follow-up`);
    const eps = p.episodes.map((e, j) => {
      const start = toDayNumber(e.start, `patient ${p.id} episode ${j + 1} start`);
      const stop = e.stop === null ? Infinity : toDayNumber(e.stop, `patient ${p.id} episode ${j + 1} stop`);
      let state: string;
      if (kind === 'drug') {
        state = normalizeDrugName(e.drug);
        drugs.add(state);
      } else state = e.efficacy ?? dmtClassOf(e.drug, classMap)?.efficacy ?? 'unclassified';
      return { start, stop, state };
    });
    const states: string[] = [];
    for (let k = 0; k < slots; k++) {
      const mid = index + (k + 0.5) * stepDays;
      if (mid > end) break;
      let best: { start: number; state: string } | null = null;
      for (const e of eps) if (e.start <= mid && mid <= e.stop && (best === null || e.start >= best.start)) best = e;
      states.push(best ? best.state : 'untreated');
    }
    const short = states.length < slots;
    if (states.length === 0) empty++;
    else if (short) truncated++;
    return { id: p.id, states, truncated: short };
  });
  const alphabet = kind === 'class' ? [...THERAPY_CLASS_STATES] : ['untreated', ...[...drugs].filter((d) => d !== 'untreated').sort()];
  return { sequences, alphabet, slots, stepDays, truncated, empty };
}

/**
 * Encodes state sequences as integer codes of an alphabet.
 * @throws {UsageError} for a state not in the alphabet.
 * @example encodeSequences([['a', 'b']], ['a', 'b']) // => [[0, 1]]
 */
export function encodeSequences(sequences: readonly (readonly string[])[], alphabet: readonly string[]): number[][] {
  const code = new Map(alphabet.map((s, i) => [s, i]));
  return sequences.map((seq, i) =>
    seq.map((s) => {
      const c = code.get(s);
      if (c === undefined) throw new UsageError(`sequence ${i + 1}: state '${s}' is not in the alphabet ${alphabet.join(', ')}`);
      return c;
    }),
  );
}

/** Result of {@link transitionRateCosts}. */
export interface TransitionRateCosts {
  /** p(j | i): share of slots in state i followed by state j (row-major S x S; a row of zeros for a state never followed). */
  rates: Float64Array;
  /** Substitution costs 2 - p(j | i) - p(i | j) off the diagonal, 0 on it (row-major S x S). */
  substitution: Float64Array;
  /** Indel cost max(substitution) / 2, as TraMineR's seqdist indel = "auto" with a cost matrix. */
  indel: number;
}

/**
 * Data-driven substitution costs from transition rates, as TraMineR's
 * `seqcost(seqdata, method = "TRATE", cval = 2)` (transition = "both",
 * time-constant): rates p(j | i) pooled over all consecutive slot pairs of all
 * sequences (TraMineR's `seqtrate`), cost(i, j) = 2 - p(j | i) - p(i | j).
 * States that often follow each other are cheap to substitute.
 * @param sequences integer-coded sequences (codes 0..nStates-1).
 * @throws {UsageError} for a code outside 0..nStates-1.
 * @example transitionRateCosts([[0, 0, 1, 1]], 2).substitution // => [0, 1.5, 1.5, 0]
 */
export function transitionRateCosts(sequences: readonly (readonly number[])[], nStates: number): TransitionRateCosts {
  if (!(Number.isInteger(nStates) && nStates >= 1)) throw new UsageError(`nStates must be a whole number >= 1, got ${nStates}`);
  const S = nStates;
  const counts = new Float64Array(S * S);
  sequences.forEach((seq, i) => {
    for (let t = 0; t < seq.length; t++) {
      const a = seq[t]!;
      if (!(Number.isInteger(a) && a >= 0 && a < S)) throw new UsageError(`sequence ${i + 1}: state code ${a} at ${t + 1} is outside 0..${S - 1}`);
      if (t > 0) counts[seq[t - 1]! * S + a] = counts[seq[t - 1]! * S + a]! + 1;
    }
  });
  const rates = new Float64Array(S * S);
  for (let a = 0; a < S; a++) {
    let tot = 0;
    for (let b = 0; b < S; b++) tot += counts[a * S + b]!;
    if (tot > 0) for (let b = 0; b < S; b++) rates[a * S + b] = counts[a * S + b]! / tot;
  }
  const substitution = new Float64Array(S * S);
  let mx = 0;
  for (let a = 0; a < S; a++) for (let b = 0; b < S; b++) {
    if (a === b) continue;
    const c = 2 - rates[a * S + b]! - rates[b * S + a]!;
    substitution[a * S + b] = c;
    mx = Math.max(mx, c);
  }
  return { rates, substitution, indel: mx / 2 };
}
