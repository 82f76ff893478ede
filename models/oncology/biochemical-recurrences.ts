/**
 * Biochemical recurrence over many prostate cancer patients: PSA
 * observations grouped by pseudonym, the AUA rule after prostatectomy and the
 * Phoenix rule after radiotherapy (biochemical-recurrence-prostatectomy.ts,
 * biochemical-recurrence-radiotherapy.ts), one row per patient in the order
 * of `patients`, time and status as Float64Array.
 */
import { UsageError } from '../../util/errors.js';
import { biochemicalRecurrenceAfterProstatectomy, type ProstatectomyBcrOptions } from './biochemical-recurrence-prostatectomy.js';
import { biochemicalRecurrenceAfterRadiotherapy, type RadiotherapyBcrOptions } from './biochemical-recurrence-radiotherapy.js';
import type { PsaValue } from './psa-series.js';

/** The fields of a canonical observation that are read (engine/schema.ts `Observation` fits). */
export interface PsaObservation {
  pseudonym: string;
  date: string;
  code: string;
  /** ng/mL; null or undefined values are skipped. */
  value?: number | null;
}

/** One patient's primary treatment and follow-up. */
export interface BcrPatient {
  pseudonym: string;
  treatment: 'prostatectomy' | 'radiotherapy';
  /** Surgery date, or last day of radiotherapy: the time origin. ISO. */
  treatmentDate: string;
  /** Last follow-up, ISO (default: the last PSA date, as the per-patient rules). */
  lastFollowUp?: string;
}

/** Options of {@link biochemicalRecurrences}. */
export interface BiochemicalRecurrencesOptions {
  /** Observation code of PSA (default `'PSA'`, the importer's and generator's code). */
  psaCode?: string;
  /** AUA options besides the dates (defaults of biochemicalRecurrenceAfterProstatectomy). */
  prostatectomy?: Omit<ProstatectomyBcrOptions, 'surgeryDate' | 'lastFollowUp'>;
  /** Phoenix options besides the dates (defaults of biochemicalRecurrenceAfterRadiotherapy). */
  radiotherapy?: Omit<RadiotherapyBcrOptions, 'treatmentEnd' | 'lastFollowUp'>;
}

/** Biochemical recurrence of many patients, aligned with `patients`. */
export interface BiochemicalRecurrences {
  pseudonym: string[];
  /** Days from treatment to recurrence or end of follow-up. */
  time: Float64Array;
  /** 1 = recurrence, 0 = censored. */
  status: Float64Array;
  /** ISO date of the recurrence, null when censored. */
  date: (string | null)[];
  /** Rule applied: 'AUA' or 'Phoenix'. */
  rule: ('AUA' | 'Phoenix')[];
  /** Per-patient warnings prefixed with the pseudonym. */
  warnings: string[];
}

/**
 * Vectorized biochemical recurrence (AUA after prostatectomy, Phoenix after radiotherapy).
 * @param observations canonical observations of all patients (any order; not modified); codes other than `psaCode` are ignored.
 * @param patients one row per patient (unique pseudonyms).
 * @param options PSA code and rule options (defaults above).
 * @throws {UsageError} on duplicate pseudonyms, an unknown treatment, or bad dates/values (the message names the patient).
 * @example biochemicalRecurrences(observations, [{ pseudonym: 'P1', treatment: 'prostatectomy', treatmentDate: '2020-01-01' }]).status
 */
export function biochemicalRecurrences(
  observations: readonly PsaObservation[],
  patients: readonly BcrPatient[],
  options: BiochemicalRecurrencesOptions = {},
): BiochemicalRecurrences {
  const code = options.psaCode ?? 'PSA';
  const groups = new Map<string, PsaValue[]>();
  for (const p of patients) {
    if (groups.has(p.pseudonym)) throw new UsageError(`Duplicate pseudonym in patients: ${p.pseudonym}`);
    if (p.treatment !== 'prostatectomy' && p.treatment !== 'radiotherapy') {
      throw new UsageError(`patient ${p.pseudonym}: treatment must be 'prostatectomy' or 'radiotherapy', got ${String(p.treatment)}`);
    }
    groups.set(p.pseudonym, []);
  }
  let missing = 0;
  for (const o of observations) {
    if (o.code !== code) continue;
    const g = groups.get(o.pseudonym);
    if (!g) continue;
    if (o.value === null || o.value === undefined) missing++;
    else g.push({ date: o.date, value: o.value });
  }
  const n = patients.length;
  const out: BiochemicalRecurrences = {
    pseudonym: new Array<string>(n),
    time: new Float64Array(n),
    status: new Float64Array(n),
    date: new Array<string | null>(n),
    rule: new Array<'AUA' | 'Phoenix'>(n),
    warnings: [],
  };
  for (let i = 0; i < n; i++) {
    const p = patients[i] as BcrPatient;
    const psa = groups.get(p.pseudonym) as PsaValue[];
    const follow = p.lastFollowUp === undefined ? {} : { lastFollowUp: p.lastFollowUp };
    let r;
    try {
      r =
        p.treatment === 'prostatectomy'
          ? biochemicalRecurrenceAfterProstatectomy(psa, { ...options.prostatectomy, surgeryDate: p.treatmentDate, ...follow })
          : biochemicalRecurrenceAfterRadiotherapy(psa, { ...options.radiotherapy, treatmentEnd: p.treatmentDate, ...follow });
    } catch (e) {
      if (e instanceof UsageError) throw new UsageError(`patient ${p.pseudonym}: ${e.message}`);
      throw e;
    }
    out.pseudonym[i] = p.pseudonym;
    out.time[i] = r.time;
    out.status[i] = r.status;
    out.date[i] = r.date;
    out.rule[i] = p.treatment === 'prostatectomy' ? 'AUA' : 'Phoenix';
    for (const w of r.warnings) out.warnings.push(`${p.pseudonym}: ${w}`);
  }
  if (missing > 0) out.warnings.push(`${missing} ${code} observation(s) without a value skipped`);
  return out;
}
