/** Analysis-table specs from command-line flags (shared by 'midia table' and every --db analysis command). */
import type { CovariateSpec, Diagnosis, EventType, PatientTableSpec, TimeUnit } from '../engine/analysis-table.js';

function list(v: string | undefined): string[] {
  return v ? v.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

/** Builds the analysis-table spec from CLI flags (--diagnosis, --endpoint, --competing, --covariates, --unit). */
export function specFromFlags(flags: Record<string, string | true>): PatientTableSpec {
  const get = (k: string) => (typeof flags[k] === 'string' ? (flags[k] as string) : undefined);
  const spec: PatientTableSpec = {};
  const diagnosis = list(get('diagnosis'));
  if (diagnosis.length) spec.diagnosis = diagnosis as Diagnosis[];
  const events = list(get('endpoint'));
  if (events.length) {
    spec.endpoint = { events: events as EventType[] };
    const competing = list(get('competing'));
    if (competing.length) spec.endpoint.competing = competing as EventType[];
  }
  const covs: CovariateSpec[] = list(get('covariates')).map((code) => ({ code }));
  if (covs.length) spec.covariates = covs;
  const unit = get('unit');
  if (unit) spec.timeUnit = unit as TimeUnit;
  return spec;
}

