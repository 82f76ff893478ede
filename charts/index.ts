/**
 * Figure builders: pure functions from analysis results to plotly figure specs
 * (plain JSON; rendering, HTML/PNG export and notebook display live elsewhere).
 *
 * @example
 * ```ts
 * import { kaplanMeierFigure, forestFromCox } from './charts/index.js';
 * const km = kaplanMeierFigure(kaplanMeier('Surv(time, status) ~ sex', lung), { disclosure: { threshold: 5 } });
 * const forest = forestFromCox(coxph('Surv(time, status) ~ age + sex', lung));
 * ```
 *
 * Entry point `midia-hub/charts` (README, "Library API"); the root `midia-hub`
 * re-exports a curated part of it (docs/public-api.md).
 */
export type {
  FigureSpec,
  PlotlyTrace,
  PlotlyScatterTrace,
  PlotlyBarTrace,
  PlotlySankeyTrace,
  PlotlyTraceBase,
  PlotlyLayout,
  PlotlyAxis,
  PlotlyConfig,
  PlotlyShape,
  PlotlyAnnotation,
  PlotlyLegend,
  PlotlyTitle,
  PlotlyFont,
  PlotlyLine,
  PlotlyMarker,
  PlotlyErrorBar,
  PlotlyDatum,
  DisclosureDisplay,
  CalibrationInput,
  TimeDependentInput,
  TimeDependentSeries,
  TrajectoryInput,
  TrajectoryCentre,
  SankeyTransition,
  BalanceRow,
  PatientTimelineInput,
  TimelineEntryInput,
  CvCurveInput,
  CoefficientPathInput,
  ImportanceRow,
  PredictedCurveInput,
  PredictedSurvivalInput,
  BicCell,
  SilhouetteInput,
  ClusterProfileInput,
  ProfileClusterInput,
  ProfileVariableInput,
} from './types.js';
export { kaplanMeierFigure } from './kaplan-meier-figure.js';
export type { KaplanMeierFigureOptions } from './kaplan-meier-figure.js';
export { cumulativeIncidenceFigure, CAUSE_DASHES } from './cumulative-incidence-figure.js';
export type { CumulativeIncidenceFigureOptions, IncidenceAtRisk } from './cumulative-incidence-figure.js';
export type { RiskTableRow } from './risk-table.js';
export { forestPlot } from './forest-plot.js';
export type { ForestRow, ForestPlotOptions } from './forest-plot.js';
export { forestFromCox, coxForestRows } from './forest-from-cox.js';
export { forestFromFineGray, fineGrayForestRows } from './forest-from-fine-gray.js';
export { schoenfeldFigure, schoenfeldFigures } from './schoenfeld-figure.js';
export type { SchoenfeldFigureOptions } from './schoenfeld-figure.js';
export { calibrationFigure } from './calibration-figure.js';
export type { CalibrationFigureOptions } from './calibration-figure.js';
export { timeDependentFigure } from './time-dependent-figure.js';
export type { TimeDependentFigureOptions } from './time-dependent-figure.js';
export { trajectoryFigure } from './trajectory-figure.js';
export type { TrajectoryFigureOptions } from './trajectory-figure.js';
export { sankeyFigure } from './sankey-figure.js';
export type { SankeyFigureOptions } from './sankey-figure.js';
export { loveFigure } from './love-figure.js';
export type { LoveFigureOptions } from './love-figure.js';
export { patientTimelineFigure, EVENT_SYMBOLS, KEY_EVENTS } from './patient-timeline-figure.js';
export type { PatientTimelineFigureOptions } from './patient-timeline-figure.js';
export { cvCurveFigure } from './cv-curve-figure.js';
export type { CvCurveFigureOptions } from './cv-curve-figure.js';
export { coefficientPathFigure } from './coefficient-path-figure.js';
export type { CoefficientPathFigureOptions } from './coefficient-path-figure.js';
export { importanceFigure } from './importance-figure.js';
export type { ImportanceFigureOptions } from './importance-figure.js';
export { predictedSurvivalFigure } from './predicted-survival-figure.js';
export type { PredictedSurvivalFigureOptions } from './predicted-survival-figure.js';
export { bicFigure } from './bic-figure.js';
export type { BicFigureOptions } from './bic-figure.js';
export { silhouetteFigure } from './silhouette-figure.js';
export type { SilhouetteFigureOptions } from './silhouette-figure.js';
export { clusterProfileFigure } from './cluster-profile-figure.js';
export type { ClusterProfileFigureOptions } from './cluster-profile-figure.js';
export { localLinearSmooth } from '../models/stats/loess.js';
export type { SmoothOptions, SmoothResult } from '../models/stats/loess.js';
export { niceBreaks } from './nice-breaks.js';
export { OKABE_ITO, DEFAULT_PALETTE, colorAt, withAlpha } from './palette.js';
export { formatP, formatNumber, displayCount } from './format.js';
export type { CommonFigureOptions } from './layout-defaults.js';
export { patternSupportFigure, patternLabel } from './pattern-support-figure.js';
export type { PatternSupportFigureOptions, PatternSupportRow } from './pattern-support-figure.js';
export { discriminatingPatternsFigure } from './discriminating-patterns-figure.js';
export type { DiscriminatingPatternsFigureOptions } from './discriminating-patterns-figure.js';
export { stateOccupationFigure } from './state-occupation-figure.js';
export type { StateOccupationCurve, StateOccupationFigureOptions } from './state-occupation-figure.js';
