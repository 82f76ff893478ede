/**
 * Multiple sclerosis outcomes: confirmed disability worsening/improvement, PIRA/RAW, relapse rates, NEDA-3.
 *
 * Entry point `midia-hub/models/ms` (README, "Library API"); the root `midia-hub`
 * re-exports a curated part of it (docs/public-api.md).
 */
export { toDayNumber, isoFromDayNumber } from './day-number.js';
export type { MsDate } from './day-number.js';
export { edssMinimumChange, DEFAULT_EDSS_DELTA_BANDS } from './edss-delta.js';
export type { EdssDeltaBands } from './edss-delta.js';
export { resolveCdwOptions, DEFAULT_CDW_OPTIONS, PIRA_WINDOWS, CDW_EVENT_CHOICES, CDW_EVENT_ALIASES } from './cdw-options.js';
export type { CdwOptions, ResolvedCdwOptions, PiraDefinition, PiraWindows, CdwEventSelection, CdwEventsOption } from './cdw-options.js';
export { classifyWorsening } from './worsening-kind.js';
export type { WorseningKind } from './worsening-kind.js';
export { patientDisabilityEvents, confirmedDisabilityEvents, selectEvents } from './cdw.js';
export type { EdssVisit, EdssVisitRow, RelapseRow, DisabilityEvent, DisabilityEventsResult } from './cdw.js';
export { isFollowUpRelapse, countFollowUpRelapses, INCLUDE_INDEX_RELAPSES_DEFAULT } from './follow-up-relapse.js';
export type { FollowUpRelapseOptions } from './follow-up-relapse.js';
export { exactPoissonRate, crudeAnnualizedRelapseRate, relapsesInWindows, DAYS_PER_YEAR } from './relapse-rate.js';
export type { PoissonRate, RelapseExposure, CrudeArr, ExposureWindow, WindowRelapses } from './relapse-rate.js';
export { nedaStatus, nedaByEpisode } from './neda.js';
export type { MriFinding, NedaData, NedaOptions, NedaResult, NedaEpisode } from './neda.js';
export { responseFeatures, edssSlope, baselineEdss, countBetween, ageAt, featureMatrix, baselineCovariates, RESPONSE_FEATURE_NAMES, DEFAULT_CLUSTER_FEATURES, DEFAULT_RESPONSE_FEATURE_OPTIONS } from './response-features.js';
export type { DatedEdss, ExposureInterval, PatientResponseInput, ResponseFeatureOptions, ResponseFeatures, ResponseFeatureName, FeatureMatrix, BaselineCovariates, BaselineInput } from './response-features.js';
export { DEFAULT_DMT_CLASS_MAP, dmtClassOf, normalizeDrugName, dmtEpisodes, switchDirection, DEFAULT_DMT_EPISODE_OPTIONS, treatmentStrategies, pathwaySummary } from './pathways/index.js';
export type {
  DmtClass,
  DmtClassMap,
  DmtEfficacy,
  TreatmentRecord as DmtTreatmentRecord,
  DmtEpisodeOptions,
  ResolvedDmtEpisodeOptions,
  DmtEpisode,
  DmtTransition,
  DmtEpisodesResult,
  EpisodeEnd,
  TransitionType,
  SwitchDirection,
  TreatmentStrategy,
  StrategyOptions,
  PatientStrategy,
  PathwaySummary,
  PathwaySummaryOptions,
  PathwayLink,
  LineTime,
} from './pathways/index.js';
export { therapySequences, encodeSequences, transitionRateCosts, THERAPY_CLASS_STATES, DEFAULT_THERAPY_SEQUENCE_OPTIONS } from './therapy-sequence.js';
export type { SequenceStateKind, TherapySequenceOptions, SequenceEpisode, TherapySequenceInput, TherapySequence, TherapySequencesResult, TransitionRateCosts } from './therapy-sequence.js';
