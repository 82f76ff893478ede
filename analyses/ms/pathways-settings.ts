/** Options and defaults of the MS pathways analysis (`msPathways`, `midia ms pathways`). */
import { DEFAULT_DMT_EPISODE_OPTIONS } from '../../models/ms/pathways/dmt-episodes.js';

/** Defaults of `msPathways`: 90-day gaps (models/ms/pathways/dmt-episodes.ts), links by drug, strategies as Harding 2019. */
export const PATHWAYS_DEFAULTS = Object.freeze({ gapDays: DEFAULT_DMT_EPISODE_OPTIONS.gapDays, switchGapDays: DEFAULT_DMT_EPISODE_OPTIONS.switchGapDays, by: 'drug' as const, strategy: 'harding2019' as const });

/** Options of `runMsPathways` in their validated form. */
export interface MsPathwaysOptions {
  /** The same drug restarted within this many days of its stop continues the episode (default 90). */
  gapDays: number;
  /** A new drug within this many days of a stop is a switch; later, a discontinuation (default 90). */
  switchGapDays: number;
  /** Nodes of the Sankey links: drug (default), efficacy class or DGN class. */
  by: 'drug' | 'efficacy' | 'dgnClass';
  /** Treatment strategies: harding2019 (default: high-efficacy first line = early intensive) or he2020 (high efficacy within 2 years of onset). */
  strategy: 'harding2019' | 'he2020';
}
