/**
 * Figure specs: the plain-JSON plotly figures that the builders in charts/
 * return and the renderers (HTML, PNG, notebook display) consume.
 *
 * plotly.js-dist-min ships no types, so this file declares the small subset of
 * the plotly.js schema (https://plotly.com/javascript/reference/) the builders
 * use. Every spec is JSON-serialisable: plain number arrays (no typed arrays),
 * `null` instead of NaN, no functions, so that
 * `JSON.parse(JSON.stringify(spec))` deep-equals `spec`.
 *
 * The input types of the builders that have no model result yet (calibration,
 * time-dependent AUC/Brier, trajectories, Sankey, love plot, patient timeline)
 * are declared here too, structurally, so that charts/ imports no engine/ code.
 */

/** A datum on an axis: a number, an ISO date string, a category, or a gap (null). */
export type PlotlyDatum = number | string | null;

/** Font settings (plotly `font`). */
export interface PlotlyFont {
  family?: string;
  size?: number;
  color?: string;
}

/** Axis or figure title. */
export interface PlotlyTitle {
  text: string;
  font?: PlotlyFont;
  /** Horizontal position in paper coordinates (titles: 0..1). */
  x?: number;
  xanchor?: 'auto' | 'left' | 'center' | 'right';
}

/** Line style of a trace or shape. */
export interface PlotlyLine {
  color?: string;
  width?: number;
  dash?: 'solid' | 'dot' | 'dash' | 'longdash' | 'dashdot' | 'longdashdot';
  /** Interpolation; 'hv' draws a right-continuous step function (survival curves). */
  shape?: 'linear' | 'hv' | 'vh' | 'hvh' | 'vhv' | 'spline';
}

/** Marker style. */
export interface PlotlyMarker {
  symbol?: string | string[];
  size?: number | number[];
  color?: string | string[];
  opacity?: number;
  line?: { color?: string; width?: number };
}

/** Error bars (forest plot, calibration). `array`/`arrayminus` are the distances from the point. */
export interface PlotlyErrorBar {
  type: 'data';
  symmetric?: boolean;
  array: (number | null)[];
  arrayminus?: (number | null)[];
  visible?: boolean;
  color?: string;
  thickness?: number;
  width?: number;
}

/** Fields shared by all trace types. */
export interface PlotlyTraceBase {
  name?: string;
  /** Traces with the same group toggle together in the legend. */
  legendgroup?: string;
  showlegend?: boolean;
  visible?: boolean | 'legendonly';
  opacity?: number;
  hoverinfo?: string;
  hovertemplate?: string | string[];
  text?: string | string[];
  /** Axis references: 'x', 'x2', ... and 'y', 'y2', ... */
  xaxis?: string;
  yaxis?: string;
  /** Free-form per-trace metadata (plotly keeps it; renderers and tests can read it). */
  meta?: Record<string, string | number | boolean | null>;
}

/** A scatter/line trace (plotly `scatter`). */
export interface PlotlyScatterTrace extends PlotlyTraceBase {
  type: 'scatter';
  x: PlotlyDatum[];
  y: PlotlyDatum[];
  mode?: 'lines' | 'markers' | 'lines+markers' | 'text' | 'markers+text' | 'lines+text' | 'none';
  line?: PlotlyLine;
  marker?: PlotlyMarker;
  fill?: 'none' | 'tonexty' | 'tozeroy' | 'toself' | 'tonextx';
  fillcolor?: string;
  /** Whether a gap (null) breaks the line; default false as plotly. */
  connectgaps?: boolean;
  textposition?: string;
  textfont?: PlotlyFont;
  /** Whether markers and text are clipped to the plot area (plotly default true). */
  cliponaxis?: boolean;
  error_x?: PlotlyErrorBar;
  error_y?: PlotlyErrorBar;
  customdata?: PlotlyDatum[][];
}

/** A bar trace (plotly `bar`), horizontal bars use `orientation: 'h'` and `base`. */
export interface PlotlyBarTrace extends PlotlyTraceBase {
  type: 'bar';
  x: PlotlyDatum[];
  y: PlotlyDatum[];
  base?: PlotlyDatum[];
  orientation?: 'v' | 'h';
  marker?: PlotlyMarker;
  width?: number | number[];
  textposition?: 'inside' | 'outside' | 'auto' | 'none';
  insidetextanchor?: 'start' | 'middle' | 'end';
  textfont?: PlotlyFont;
  customdata?: PlotlyDatum[][];
  /** Error bars along x (horizontal bars: confidence intervals of the bar value). */
  error_x?: PlotlyErrorBar;
}

/** A Sankey diagram (plotly `sankey`). Link sources/targets index `node.label`. */
export interface PlotlySankeyTrace extends PlotlyTraceBase {
  type: 'sankey';
  orientation?: 'h' | 'v';
  arrangement?: 'snap' | 'perpendicular' | 'freeform' | 'fixed';
  valueformat?: string;
  node: {
    label: string[];
    color?: string[];
    pad?: number;
    thickness?: number;
    line?: { color?: string; width?: number };
    hovertemplate?: string;
  };
  link: {
    source: number[];
    target: number[];
    value: number[];
    label?: string[];
    color?: string[];
    hovertemplate?: string;
    /** Display text of each link value (e.g. '<5' under disclosure control). */
    customdata?: string[];
  };
}

/** Any trace a builder emits. */
export type PlotlyTrace = PlotlyScatterTrace | PlotlyBarTrace | PlotlySankeyTrace;

/** One axis (plotly `layout.xaxis`, `layout.yaxis2`, ...). */
export interface PlotlyAxis {
  title?: PlotlyTitle;
  type?: '-' | 'linear' | 'log' | 'date' | 'category';
  /** Range in data units (for log axes: log10 of the data). */
  range?: PlotlyDatum[];
  autorange?: boolean | 'reversed';
  rangemode?: 'normal' | 'tozero' | 'nonnegative';
  /** Fraction of the plotting area [from, to] (subplots). */
  domain?: [number, number];
  anchor?: string;
  /** Share the range with another axis ('x' for the at-risk table under a KM plot). */
  matches?: string;
  overlaying?: string;
  side?: 'left' | 'right' | 'top' | 'bottom';
  showgrid?: boolean;
  gridcolor?: string;
  zeroline?: boolean;
  showline?: boolean;
  linecolor?: string;
  showticklabels?: boolean;
  ticks?: '' | 'outside' | 'inside';
  tickvals?: PlotlyDatum[];
  ticktext?: string[];
  tickformat?: string;
  tickfont?: PlotlyFont;
  dtick?: number | string;
  tick0?: number | string;
  fixedrange?: boolean;
  automargin?: boolean;
  /** Pixels between the tick labels and the axis line (plotly >= 2.24). */
  ticklabelstandoff?: number;
  hoverformat?: string;
}

/** A layout shape (reference lines, bands). */
export interface PlotlyShape {
  type: 'line' | 'rect';
  xref: string;
  yref: string;
  x0: PlotlyDatum;
  x1: PlotlyDatum;
  y0: PlotlyDatum;
  y1: PlotlyDatum;
  line?: PlotlyLine;
  fillcolor?: string;
  opacity?: number;
  layer?: 'above' | 'below';
}

/** A layout annotation (text placed in data or paper coordinates). */
export interface PlotlyAnnotation {
  text: string;
  xref: string;
  yref: string;
  x: PlotlyDatum;
  y: PlotlyDatum;
  showarrow?: boolean;
  xanchor?: 'auto' | 'left' | 'center' | 'right';
  yanchor?: 'auto' | 'top' | 'middle' | 'bottom';
  align?: 'left' | 'center' | 'right';
  font?: PlotlyFont;
}

/** Legend settings. */
export interface PlotlyLegend {
  orientation?: 'v' | 'h';
  x?: number;
  y?: number;
  xanchor?: 'auto' | 'left' | 'center' | 'right';
  yanchor?: 'auto' | 'top' | 'middle' | 'bottom';
  title?: PlotlyTitle;
  font?: PlotlyFont;
  traceorder?: string;
}

/** Figure layout (plotly `layout`); numbered axes via template-literal keys. */
export interface PlotlyLayout {
  title?: PlotlyTitle;
  font?: PlotlyFont;
  width?: number;
  height?: number;
  margin?: { l?: number; r?: number; t?: number; b?: number; pad?: number };
  showlegend?: boolean;
  legend?: PlotlyLegend;
  hovermode?: 'closest' | 'x' | 'y' | 'x unified' | 'y unified' | false;
  plot_bgcolor?: string;
  paper_bgcolor?: string;
  barmode?: 'group' | 'overlay' | 'stack' | 'relative';
  bargap?: number;
  shapes?: PlotlyShape[];
  annotations?: PlotlyAnnotation[];
  xaxis?: PlotlyAxis;
  yaxis?: PlotlyAxis;
  [axis: `xaxis${number}`]: PlotlyAxis;
  [axis: `yaxis${number}`]: PlotlyAxis;
}

/** Figure config (plotly `config`). */
export interface PlotlyConfig {
  responsive?: boolean;
  displaylogo?: boolean;
  displayModeBar?: boolean | 'hover';
  modeBarButtonsToRemove?: string[];
  toImageButtonOptions?: { format?: 'png' | 'svg' | 'jpeg' | 'webp'; filename?: string; width?: number; height?: number; scale?: number };
  staticPlot?: boolean;
}

/** What a figure builder returns: a plotly figure plus what it shows. */
export interface FigureSpec {
  data: PlotlyTrace[];
  layout: PlotlyLayout;
  config?: PlotlyConfig;
  /** Which builder made it (`kind`, e.g. 'kaplan-meier'), its title, and builder-specific facts. */
  meta?: { kind: string; title: string; [k: string]: unknown };
}

/** Display-side disclosure control: counts below `threshold` are shown as `<threshold`. */
export interface DisclosureDisplay {
  /** Smallest count shown as a number (e.g. 5 or 10 under the study's rules). */
  threshold: number;
}

// ---------------------------------------------------------------------------
// Builder inputs without a model result type (declared structurally here)
// ---------------------------------------------------------------------------

/** Predicted vs observed risk by group (e.g. deciles of predicted risk at a horizon). */
export interface CalibrationInput {
  /** Mean predicted risk per group (0..1). */
  predicted: number[];
  /** Observed risk per group (0..1), e.g. 1 - KM at the horizon. */
  observed: number[];
  /** Optional confidence limits of the observed risk. */
  lower?: number[];
  upper?: number[];
  /** Optional group sizes (shown on hover, scale the markers). */
  n?: number[];
}

/** One curve of a {@link TimeDependentInput} (AUC(t), Brier(t) of one model). */
export interface TimeDependentSeries {
  name: string;
  value: number[];
  lower?: number[];
  upper?: number[];
}

/** Time-dependent performance curves sharing a time grid. */
export interface TimeDependentInput {
  time: number[];
  series: TimeDependentSeries[];
}

/** One individual's course (e.g. EDSS over years), with its cluster. */
export interface TrajectoryInput {
  id: string;
  cluster: string | number;
  time: number[];
  value: number[];
}

/** A cluster's centre course (class mean or medoid). */
export interface TrajectoryCentre {
  cluster: string | number;
  time: number[];
  value: number[];
}

/** One therapy transition (from one line/substance to the next) with its patient count. */
export interface SankeyTransition {
  from: string;
  to: string;
  count: number;
}

/** Standardized mean differences of one covariate before and after weighting/matching. */
export interface BalanceRow {
  covariate: string;
  smdBefore: number;
  smdAfter: number;
}

/** One entry of a patient timeline (structurally identical to engine/timeline.ts `TimelineEntry`). */
export interface TimelineEntryInput {
  /** ISO date (start date for therapies). */
  date: string;
  kind: 'event' | 'observation' | 'treatment' | 'visit';
  /** Event type, observation code, substance, or visit type. */
  label: string;
  /** Code (event code, observation coding system, ATC), or null. */
  code: string | null;
  /** Numeric value (finding, measurement, therapy line), or null. */
  value: number | null;
  /** Unit, categorical value, therapy class or provider, or null. */
  text: string | null;
  /** Stop date of a therapy (null while ongoing or for other kinds). */
  stop: string | null;
  source: string | null;
}

/** A patient's header and timeline (structurally identical to engine/timeline.ts `PatientTimeline`). */
export interface PatientTimelineInput {
  pseudonym: string;
  patient: Record<string, string | number | boolean | null>;
  entries: TimelineEntryInput[];
}

// ---------------------------------------------------------------------------
// Risk-model and clustering figure inputs (issues 5 and 6), declared
// structurally so that the model results (typed arrays) can be passed as is.
// ---------------------------------------------------------------------------

/**
 * Cross-validated penalized Cox curve (the fields of models/risk
 * `CvCoxnetResult` with the same names: `lambda`, `cvm`, `cvsd`, `nzero`,
 * `lambdaMin`, `lambda1se`), plus the name of the CV measure.
 */
export interface CvCurveInput {
  /** Lambda values of the path (> 0). */
  lambda: ArrayLike<number>;
  /** Mean cross-validated measure per lambda. */
  cvm: ArrayLike<number>;
  /** Its standard error per lambda (error bars are cvm ± cvsd). */
  cvsd: ArrayLike<number>;
  /** Non-zero coefficients per lambda. */
  nzero: ArrayLike<number>;
  /** Lambda with the best cvm. */
  lambdaMin: number;
  /** Largest lambda within one SE of the best. */
  lambda1se: number;
  /** Name of the measure (default 'Partial likelihood deviance', as cv.glmnet type.measure = "deviance"). */
  measure?: string;
}

/**
 * A coefficient path (the fields of models/risk `CoxnetFit`: `lambda`,
 * `beta` one coefficient vector per lambda, and the term names `columnNames`
 * passed as `names`).
 */
export interface CoefficientPathInput {
  /** Lambda values (> 0), one per step of the path. */
  lambda: ArrayLike<number>;
  /** Coefficients per lambda: `beta[k][j]` is term j at lambda k. */
  beta: readonly ArrayLike<number>[];
  /** Term names, one per coefficient. */
  names: readonly string[];
}

/** One bar of a variable-importance figure. */
export interface ImportanceRow {
  /** Variable (or term, or biomarker) name. */
  name: string;
  /** Importance value (e.g. permutation importance in C units, |coefficient|, a screen statistic). */
  value: number;
  /** Optional lower and upper limits (confidence or bootstrap interval). */
  lower?: number;
  upper?: number;
}

/** One patient's predicted curve (structurally models/risk `PatientRisk`). */
export interface PredictedCurveInput {
  /** S(t | x) at each grid time. */
  survival: ArrayLike<number>;
  /** Warnings about this patient (e.g. "age 95 outside the training range 24-80"). */
  warnings?: readonly string[];
}

/** Predicted survival of one or more patients (structurally models/risk `RiskPrediction`). */
export interface PredictedSurvivalInput {
  /** The curves' time grid (increasing, starting at 0 or later). */
  grid: ArrayLike<number>;
  /** One curve per patient. */
  predictions: readonly PredictedCurveInput[];
  /** Horizons to mark (default: none unless given in options). */
  horizons?: readonly number[];
  /** Time unit of the grid and horizons (e.g. 'days', 'years'). */
  timeUnit?: string;
  /** The model's warnings (all patients, de-duplicated). */
  warnings?: readonly string[];
}

/** One cell of an mclust BIC table (structurally models/cluster `BicEntry`). */
export interface BicCell {
  /** Number of components. */
  G: number;
  /** Covariance model name (VVV, VVI, VII, ...). */
  model: string;
  /** BIC (mclust convention: larger is better); NaN when the fit failed. */
  bic: number;
  /** Integrated completed likelihood (same convention), when known. */
  icl?: number;
}

/** Silhouette widths with the cluster of each object (models/cluster `SilhouetteResult` plus the labels). */
export interface SilhouetteInput {
  /** s(i) per object, in [-1, 1]. */
  widths: ArrayLike<number>;
  /** Cluster of each object. */
  labels: ArrayLike<number> | readonly (string | number)[];
  /** Neighbour cluster per object (shown on hover), optional. */
  neighbor?: ArrayLike<number> | readonly (string | number)[];
  /** Object names (hover), optional; default the 1-based position. */
  ids?: readonly string[];
}

/** One cluster of a {@link ClusterProfileInput}. */
export interface ProfileClusterInput {
  /** Cluster label. */
  cluster: string | number;
  /** Cluster size; null when suppressed by disclosure control upstream. */
  size: number | null;
}

/** One variable of a {@link ClusterProfileInput}: a summary per cluster. */
export interface ProfileVariableInput {
  name: string;
  /** Mean (or median) per cluster, in the order of `clusters`; null = suppressed or not available. */
  centre: readonly (number | null)[];
  /** Optional spread per cluster (e.g. Q1 and Q3 with medians, or mean ± SD), same order. */
  lower?: readonly (number | null)[];
  upper?: readonly (number | null)[];
  /** Optional non-missing count per cluster (cells under the disclosure threshold are not shown). */
  n?: readonly (number | null)[];
  /** Overall mean and SD of the variable (all clusters together), for the standardized scale. */
  mean?: number;
  sd?: number;
}

/** Per-cluster summaries of several variables (e.g. from models/cluster `clusterProfiles`). */
export interface ClusterProfileInput {
  clusters: readonly ProfileClusterInput[];
  variables: readonly ProfileVariableInput[];
  /** What `centre` holds (default 'mean'): sets labels only. */
  statistic?: 'mean' | 'median';
}
