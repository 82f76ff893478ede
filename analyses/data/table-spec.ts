/**
 * The types of an analysis-table request, re-exported for the surfaces (which
 * import analyses/, not engine/ internals): the one-row-per-patient spec, the
 * counting-process spec, and the time-dependent parts (engine/analysis-table.ts,
 * engine/time-dependent-table.ts; docs/time-dependent-covariates.md).
 */
import type { TimeDependentSpec } from '../../engine/time-dependent-table.js';

export type { CountingProcessSpec, CovariateSpec, Diagnosis, EndpointSpec, EventType, PatientTableSpec, TimeUnit } from '../../engine/analysis-table.js';
export type { TimeDependentSpec } from '../../engine/time-dependent-table.js';

/** The time-dependent covariates of a counting-process table (`--tdc`, `--cumtdc`, `--cumevent`, `--tdc-therapy`). */
export type TimeDependentParts = Pick<TimeDependentSpec, 'tdc' | 'counts' | 'therapies' | 'recurrent'>;
