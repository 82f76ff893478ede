/**
 * The target-trial protocol of a comparison as a table (Hernán & Robins, Am J
 * Epidemiol 2016;183:758–764, Table 1): eligibility, treatment strategies,
 * assignment, time zero, follow-up, outcome, causal contrast and analysis,
 * written from the options so that the report says what was emulated.
 */
import type { ResolvedCompareOptions } from './compare-options.js';

/** One row of the protocol table. */
export interface ProtocolRow {
  component: string;
  specification: string;
}

/**
 * The protocol rows of a comparison.
 * @example trialProtocol(resolveCompareOptions({ ... })).map((r) => r.component) // => ['eligibility', 'treatment strategies', ...]
 */
export function trialProtocol(o: ResolvedCompareOptions): ProtocolRow[] {
  const crit = o.eligibility.map((e) => `${e.covariate} ${e.op} ${e.value}`).join(', ');
  const deathNamed = o.outcome.some((x) => x.toLowerCase() === 'death');
  const strategies =
    o.design === 'clone-censor-weight'
      ? `(1) start ${o.treatment} within ${o.graceDays} days of time zero${o.strategy === 'sustained' ? ' and continue it (gaps up to ' + o.allowedGapDays + ' days)' : ''}; (2) do not start it within ${o.graceDays} days${o.strategy === 'sustained' ? ' nor later' : ''}`
      : o.design === 'new-user'
        ? `(1) start ${o.treatment}; (2) start ${o.control} (active comparator)`
        : `(1) start ${o.treatment} in the month of a trial's time zero; (2) do not start it in that month`;
  return [
    { component: 'eligibility', specification: `diagnosis ${o.diagnosis}${crit ? `; ${crit}` : ''}; no use of ${o.design === 'new-user' ? `${o.treatment} or ${o.control}` : o.treatment} before time zero; no outcome on or before time zero; follow-up after time zero; covariates known at time zero` },
    { component: 'treatment strategies', specification: strategies },
    { component: 'assignment', specification: o.design === 'clone-censor-weight' ? 'each patient is cloned into both strategies at time zero (assignment emulated by cloning); confounding of the deviations by inverse-probability-of-censoring weights' : 'inverse-probability-of-treatment weights given the covariates at time zero' },
    { component: 'time zero', specification: o.design === 'new-user' ? `the start of ${o.treatment} or ${o.control}` : o.design === 'sequential' ? `the start of each of ${o.trials} monthly trials after the index date` : 'the index date (diagnosis, surgery or enrolment)' },
    { component: 'follow-up', specification: `from time zero to the outcome, ${deathNamed ? '' : 'death (competing), '}last follow-up, or ${o.horizonDays} days` },
    { component: 'outcome', specification: `first of ${o.outcome.join(', ')}${deathNamed ? '' : '; death competes'}` },
    { component: 'causal contrast', specification: o.design === 'sequential' ? 'intention-to-treat effect of starting in a trial month, pooled over trials' : o.design === 'new-user' ? 'intention-to-treat effect of starting the treatment vs the comparator (follow-up not censored at switching or stopping)' : 'per-protocol effect of the strategies (as if everyone followed them)' },
    {
      component: 'analysis',
      specification: `risks at ${o.horizonDays} days by weighted Aalen-Johansen, their difference (treatment minus control) and ratio; ${deathNamed ? '' : 'cause-specific '}hazard ratio from the weighted Cox model; ${o.bootstrap ? `percentile bootstrap intervals (${o.bootstrap} resamples of patients, seed ${o.seed})` : '95 % intervals from the robust variance clustered by patient'}; adjusted for ${o.covariates.join(', ') || 'nothing'}`,
    },
  ];
}
