/** MS therapy pathways: DMT episodes, lines, switches, strategies, Sankey-ready summaries. */
export { DEFAULT_DMT_CLASS_MAP, dmtClassOf, normalizeDrugName } from './drug-classes.js';
export type { DmtClass, DmtClassMap, DmtEfficacy } from './drug-classes.js';
export { dmtEpisodes, switchDirection, DEFAULT_DMT_EPISODE_OPTIONS } from './dmt-episodes.js';
export type { TreatmentRecord, DmtEpisodeOptions, ResolvedDmtEpisodeOptions, DmtEpisode, DmtTransition, DmtEpisodesResult, EpisodeEnd, TransitionType, SwitchDirection } from './dmt-episodes.js';
export { treatmentStrategies } from './treatment-strategy.js';
export type { TreatmentStrategy, StrategyOptions, PatientStrategy } from './treatment-strategy.js';
export { pathwaySummary } from './pathway-summary.js';
export type { PathwaySummary, PathwaySummaryOptions, PathwayLink, LineTime } from './pathway-summary.js';
