/**
 * Options of the confirmed disability worsening / improvement derivation
 * ({@link confirmedDisabilityEvents}), their defaults and their sources,
 * validated in one place ({@link resolveCdwOptions}).
 *
 * Defaults follow msprog (Montobbio N et al., R package msprog, MIT;
 * https://github.com/noemimontobbio/msprog) except the band edge, which
 * follows the registry convention (MSoutcomes; Kalincik T et al., Brain
 * 2015;138:3287): see docs/ms-outcomes.md "Confirmed disability worsening and improvement".
 */
import { UsageError } from '../../util/errors.js';

/** Named PIRA definitions. */
export type PiraDefinition = 'kappos2020' | 'muller2023';

/**
 * Which confirmed events are reported (docs/ms-outcomes.md "Which events";
 * msprog's `event` argument under unambiguous names). The scan of the visits
 * is the same for every choice (improvements are searched, and move a roving
 * reference, even when only worsening is reported, as in msprog), so the
 * choice never changes which events are found, only which are kept:
 * - `first`: the first CDW and the first CDI (this project's original
 *   default; the same as msprog's `firsteach`);
 * - `firsteach`: msprog's name for `first`;
 * - `firstCDW`: the first CDW only (msprog `firstprog`, its default);
 * - `firstCDWtype`: the first CDW of each kind, PIRA, RAW and neither
 *   (msprog `firstprogtype`);
 * - `firstany`: only the very first event, CDW or CDI (msprog `first`);
 * - `multiple`: every event.
 */
export type CdwEventSelection = 'first' | 'firsteach' | 'firstCDW' | 'firstCDWtype' | 'firstany' | 'multiple';

/** msprog's spellings accepted for {@link CdwEventSelection}, and what each stands for. */
export const CDW_EVENT_ALIASES: Readonly<Record<'firstprog' | 'firstprogtype', CdwEventSelection>> = { firstprog: 'firstCDW', firstprogtype: 'firstCDWtype' };

/** Every accepted value of the `events` option (selections and aliases), e.g. for a command-line flag. */
export const CDW_EVENT_CHOICES = ['first', 'firsteach', 'firstCDW', 'firstprog', 'firstCDWtype', 'firstprogtype', 'firstany', 'multiple'] as const;

/** An accepted value of the `events` option. */
export type CdwEventsOption = (typeof CDW_EVENT_CHOICES)[number];

/**
 * Relapse-free windows that make a confirmed worsening PIRA (all in days; a
 * window `[x - before, x + after]` around the event onset or confirmation;
 * `null` switches that window off).
 */
export interface PiraWindows {
  /** No relapse from the reference (baseline) visit, exclusive, to the event onset. */
  sinceReference: boolean;
  /** Days before the event onset that must be relapse-free (null: no such window). */
  eventBefore: number | null;
  /** Days after the event onset that must be relapse-free. */
  eventAfter: number;
  /** Days before the confirmation visit that must be relapse-free. */
  confirmationBefore: number;
  /** Days after the confirmation visit that must be relapse-free. */
  confirmationAfter: number;
}

/**
 * The published windows:
 * - `kappos2020`: Kappos L et al., JAMA Neurol 2020;77:1132: no relapse from the
 *   reference to the event + 30 days, none within 30 days of confirmation
 *   (use with `rebaselineAfterRelapse: true`, as the paper re-baselines after relapses).
 * - `muller2023`: Müller J et al., JAMA Neurol 2023;80:1232 (msprog's default):
 *   no relapse from 90 days before to 30 days after the event onset, and from
 *   90 days before to 30 days after the confirmation.
 */
export const PIRA_WINDOWS: Readonly<Record<PiraDefinition, Readonly<PiraWindows>>> = {
  kappos2020: { sinceReference: true, eventBefore: null, eventAfter: 30, confirmationBefore: 30, confirmationAfter: 30 },
  muller2023: { sinceReference: false, eventBefore: 90, eventAfter: 30, confirmationBefore: 90, confirmationAfter: 30 },
};

/** Options of the CDW/CDI derivation. Every field is optional; defaults below. */
export interface CdwOptions {
  /** Upper edge of the +1.0 band (5.0 msprog, 5.5 registry convention). Default 5.5. */
  deltaEdge?: number;
  /** Days from onset to the confirmation target: 84 (12 weeks, default), 168 (24 weeks) or 365. */
  confirmDays?: number;
  /**
   * A confirmation visit may lie this many days before the target (msprog: 7). Default 7.
   * The change must hold at every visit from the onset up to and including the
   * confirmation visit, visits within a relapse's influence included (msprog).
   */
  toleranceBeforeDays?: number;
  /** ... or this many days after it (msprog: 730.5). Default 730.5. */
  toleranceAfterDays?: number;
  /** Also require the change to hold at every later visit to the end of follow-up ("sustained"). Default false. */
  requireSustained?: boolean;
  /**
   * `fixed` (default, msprog): the first visit outside the relapse exclusion is the
   * reference; a further event of the same direction must exceed the level confirmed by
   * the previous one (that level becomes the reference of that direction).
   * `roving`: after each confirmed event (either direction) the reference moves to
   * the confirmation visit (or, with `rovingReference: 'extreme'`, to the lowest
   * (worsening) / highest (improvement) EDSS between onset and confirmation, as MSoutcomes).
   */
  baseline?: 'fixed' | 'roving';
  /** Where a roving reference moves: `confirmation` (default, msprog) or `extreme` (MSoutcomes). */
  rovingReference?: 'confirmation' | 'extreme';
  /**
   * Re-baseline after each relapse (Kappos 2020): the first visit outside the relapse
   * exclusion after a relapse becomes the reference, unless it is the onset of a
   * confirmed event. Default false.
   */
  rebaselineAfterRelapse?: boolean;
  /** EDSS within this many days after a relapse onset (inclusive, onset day included) is neither reference nor confirmation. Default 30. */
  relapseExclusionDays?: number;
  /**
   * Which events are kept ({@link CdwEventSelection}): `first` (default: the first CDW
   * and the first CDI), `firsteach`, `firstCDW` (alias `firstprog`), `firstCDWtype`
   * (alias `firstprogtype`), `firstany` or `multiple`.
   */
  events?: CdwEventsOption;
  /** Derive confirmed improvement (CDI) too. Default true. */
  improvement?: boolean;
  /** A CDW whose onset lies 0 to this many days after a relapse onset is RAW. Default 90. */
  rawWindowDays?: number;
  /** PIRA definition. Default `muller2023` (msprog's default). */
  pira?: PiraDefinition;
  /** Explicit PIRA windows, overriding `pira`. */
  piraWindows?: PiraWindows;
}

/** Options with every default filled in. */
export interface ResolvedCdwOptions {
  deltaEdge: number;
  confirmDays: number;
  toleranceBeforeDays: number;
  toleranceAfterDays: number;
  requireSustained: boolean;
  baseline: 'fixed' | 'roving';
  rovingReference: 'confirmation' | 'extreme';
  rebaselineAfterRelapse: boolean;
  relapseExclusionDays: number;
  /** Aliases resolved: never `firstprog` or `firstprogtype`. */
  events: CdwEventSelection;
  improvement: boolean;
  rawWindowDays: number;
  pira: PiraDefinition | 'custom';
  piraWindows: PiraWindows;
}

/** The defaults (see {@link CdwOptions}). */
export const DEFAULT_CDW_OPTIONS: Readonly<ResolvedCdwOptions> = {
  deltaEdge: 5.5,
  confirmDays: 84,
  toleranceBeforeDays: 7,
  toleranceAfterDays: 730.5,
  requireSustained: false,
  baseline: 'fixed',
  rovingReference: 'confirmation',
  rebaselineAfterRelapse: false,
  relapseExclusionDays: 30,
  events: 'first',
  improvement: true,
  rawWindowDays: 90,
  pira: 'muller2023',
  piraWindows: PIRA_WINDOWS.muller2023,
};

function nonNegative(name: string, v: number): number {
  if (!(Number.isFinite(v) && v >= 0)) throw new UsageError(`${name} must be a finite number >= 0, got ${v}`);
  return v;
}

function oneOf<T extends string>(name: string, v: T, allowed: readonly T[]): T {
  if (!allowed.includes(v)) throw new UsageError(`${name} must be one of ${allowed.join(', ')}, got ${String(v)}`);
  return v;
}

function resolveEvents(v: CdwEventsOption): CdwEventSelection {
  const e = oneOf('events', v, CDW_EVENT_CHOICES);
  return e === 'firstprog' || e === 'firstprogtype' ? CDW_EVENT_ALIASES[e] : e;
}

/**
 * Fill in defaults and validate.
 * @throws {UsageError} naming the bad option and value.
 * @example resolveCdwOptions({ confirmDays: 168 }).toleranceAfterDays // => 730.5
 */
export function resolveCdwOptions(options: CdwOptions | ResolvedCdwOptions = {}): ResolvedCdwOptions {
  const d = DEFAULT_CDW_OPTIONS;
  const deltaEdge = options.deltaEdge ?? d.deltaEdge;
  if (!(deltaEdge >= 1 && deltaEdge <= 10 && Number.isInteger(deltaEdge * 2))) {
    throw new UsageError(`deltaEdge must be an EDSS step in [1, 10] (5.0 or 5.5), got ${deltaEdge}`);
  }
  const pira = options.pira === 'custom' && options.piraWindows ? 'muller2023' : oneOf('pira', options.pira ?? 'muller2023', ['kappos2020', 'muller2023', 'custom'] as const);
  if (pira === 'custom') throw new UsageError("pira 'custom' needs piraWindows");
  let piraWindows: PiraWindows = PIRA_WINDOWS[pira];
  if (options.piraWindows) {
    const w = options.piraWindows;
    piraWindows = {
      sinceReference: Boolean(w.sinceReference),
      eventBefore: w.eventBefore === null ? null : nonNegative('piraWindows.eventBefore', w.eventBefore),
      eventAfter: nonNegative('piraWindows.eventAfter', w.eventAfter),
      confirmationBefore: nonNegative('piraWindows.confirmationBefore', w.confirmationBefore),
      confirmationAfter: nonNegative('piraWindows.confirmationAfter', w.confirmationAfter),
    };
  }
  const confirmDays = nonNegative('confirmDays', options.confirmDays ?? d.confirmDays);
  if (confirmDays === 0) throw new UsageError('confirmDays must be > 0, got 0');
  return {
    deltaEdge,
    confirmDays,
    toleranceBeforeDays: nonNegative('toleranceBeforeDays', options.toleranceBeforeDays ?? d.toleranceBeforeDays),
    toleranceAfterDays: nonNegative('toleranceAfterDays', options.toleranceAfterDays ?? d.toleranceAfterDays),
    requireSustained: options.requireSustained ?? d.requireSustained,
    baseline: oneOf('baseline', options.baseline ?? d.baseline, ['fixed', 'roving'] as const),
    rovingReference: oneOf('rovingReference', options.rovingReference ?? d.rovingReference, ['confirmation', 'extreme'] as const),
    rebaselineAfterRelapse: options.rebaselineAfterRelapse ?? d.rebaselineAfterRelapse,
    relapseExclusionDays: nonNegative('relapseExclusionDays', options.relapseExclusionDays ?? d.relapseExclusionDays),
    events: resolveEvents(options.events ?? d.events),
    improvement: options.improvement ?? d.improvement,
    rawWindowDays: nonNegative('rawWindowDays', options.rawWindowDays ?? d.rawWindowDays),
    pira: options.piraWindows ? 'custom' : pira,
    piraWindows,
  };
}
