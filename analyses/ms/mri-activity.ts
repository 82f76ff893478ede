/**
 * The MRI-activity definition of every MS analysis: which MRI event codes of
 * the canonical `events` table (type `mri`, the lesion count in `value`) count
 * as new or enlarging T2 lesions and which as gadolinium-enhancing lesions.
 * NEDA-3 (models/ms/neda.ts) and the response feature `mriActivity`
 * (models/ms/response-features.ts) read MRI findings built with these codes
 * and nothing else (docs/ms-outcomes.md, "MRI activity").
 *
 * Several codes of one scan (the same patient and date) are combined: the
 * largest count of the codes of each kind. Other codes of an MRI event (e.g.
 * `T2_TOTAL`, the lesion load of a first scan) are not activity: such a scan
 * has its date and a finding of null (not reported) for a kind without a code.
 */

/** The MRI event codes that count as activity, by kind. */
export const MRI_ACTIVITY_CODES = Object.freeze({
  /** New or enlarging T2 lesions versus the previous scan: `T2_NEW` (the synthetic cohort's and the registry's code), `T2_NEW_ENLARGING`, `T2_ENLARGING`. */
  newOrEnlargingT2: Object.freeze(['T2_NEW', 'T2_NEW_ENLARGING', 'T2_ENLARGING'] as const),
  /** Gadolinium-enhancing lesions: `GD_ENHANCING` (as generated), `GD`. */
  gadoliniumEnhancing: Object.freeze(['GD_ENHANCING', 'GD'] as const),
});

/** The event type of an MRI examination in the canonical `events` table. */
export const MRI_EVENT_TYPE = 'mri';
