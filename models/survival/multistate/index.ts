/**
 * Multi-state models as R survival 3.x does them: Aalen-Johansen state
 * occupation probabilities with infinitesimal-jackknife standard errors
 * (`survfit(Surv(start, stop, state) ~ g, id = id)`), the multi-state Cox
 * model (`coxph(Surv(start, stop, state) ~ x, id = id)`, separate or shared
 * coefficients) and its predicted state occupation for a covariate profile.
 * Definitions and the JSON contract: docs/multi-state.md.
 *
 * @example
 * ```ts
 * import { aalenJohansen, multiStateCox, predictStateOccupation } from 'midia-hub/models/survival';
 * const aj = aalenJohansen('Surv(start, stop, state) ~ group', data, { id: 'id' });
 * aj.toJSON();                       // {states: ['(s0)', 'death', 'recurrence'], strata: [...]}
 * const cox = multiStateCox('Surv(start, stop, state) ~ age + group', data, { id: 'id' });
 * predictStateOccupation(cox, { age: Float64Array.of(60), group: ['b'] })[0].pstate;
 * ```
 */
export { aalenJohansen, AalenJohansenFit, multiStateResponse } from './aalen-johansen.js';
export type { AalenJohansenOptions, AalenJohansenStratum, AalenJohansenJSON, StateOccupationAt, ObservedTransition, MultiStateFormula } from './aalen-johansen.js';
export { aalenJohansenCore } from './aalen-johansen-fit.js';
export type { AalenJohansenInput, AalenJohansenCurve } from './aalen-johansen-fit.js';
export { readMultiStateRows, INITIAL_STATE, DEFAULT_ABSORBING_STATES, DEFAULT_CENSOR_LABELS } from './multi-state-data.js';
export type { MultiStateColumns, MultiStateRows } from './multi-state-data.js';
export { multiStateCox, MultiStateCoxFit } from './multi-state-cox.js';
export type { MultiStateCoxOptions, MultiStateCoxTerm, MultiStateCoxJSON, CommonCoefficients, CoxTransition } from './multi-state-cox.js';
export { predictStateOccupation } from './multi-state-cox-predict.js';
export type { StateOccupationPrediction, StateOccupationPredictionOptions } from './multi-state-cox-predict.js';
export { matrixExponential } from './matrix-exponential.js';
