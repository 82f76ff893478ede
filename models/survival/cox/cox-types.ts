/**
 * Plain result types of a Cox fit shared by the front end (cox.ts) and the
 * printed summary (cox-summary.ts), kept apart so that neither imports the other.
 */
import type { ModelFrame } from '../../design/types.js';
import type { ConcordanceResult } from '../concordance/concordance.js';
import type { CoxPostInput } from './cox-post-types.js';
import type { PenalizedSummary } from './cox-pspline.js';

/** Inference for one design column (`summary(coxph)$coefficients` and `$conf.int`). */
export interface CoxTerm {
  /** Column name as R writes it (`age`, `sexmale`, `factor(grade)2`). */
  term: string;
  /** Coefficient (NaN when dropped as collinear; R: NA). */
  coef: number;
  /** Model-based standard error (R: `se(coef)`). */
  se: number;
  /** Robust standard error, when robust (R: `robust se`). */
  robustSe?: number;
  /** Wald z (uses the robust SE when robust, as R). */
  z: number;
  /** Two-sided p value of z. */
  p: number;
  /** Hazard ratio exp(coef). */
  hr: number;
  /** Lower confidence limit of the hazard ratio. */
  lower: number;
  /** Upper confidence limit of the hazard ratio. */
  upper: number;
}

/** A chi-square test. */
export interface ChisqTest {
  chisq: number;
  df: number;
  p: number;
}

/** The penalized part of a fit with `pspline()` terms. */
export interface CoxPenalizedInfo {
  /** One entry per pspline term. */
  terms: PenalizedSummary[];
  /** Degrees of freedom of every model term, by term label (R's `fit$df`). */
  dfByTerm: { term: string; df: number }[];
  /** `H^-1 I H^-1` (R's `var2`), p x p row-major. */
  var2: Float64Array;
  /** Outer iterations and Newton–Raphson iterations in all (R's `iter`). */
  iterations: [number, number];
}

/** What the printed summary reads of a fit ({@link CoxFit} in cox.ts has all of it). */
export interface CoxSummarySource {
  readonly formula: string;
  readonly n: number;
  readonly nEvent: number;
  readonly nDropped: number;
  readonly columnNames: string[];
  readonly coefficients: Float64Array;
  readonly terms: CoxTerm[];
  readonly likelihoodRatioTest: ChisqTest;
  readonly waldTest: ChisqTest;
  readonly scoreTest: ChisqTest;
  readonly robustScoreTest: ChisqTest | null;
  readonly concordance: ConcordanceResult;
  readonly warnings: string[];
  readonly confLevel: number;
  readonly robust: boolean;
  readonly internals: CoxPostInput;
  readonly penalized: CoxPenalizedInfo | null;
  readonly frame: ModelFrame;
}
