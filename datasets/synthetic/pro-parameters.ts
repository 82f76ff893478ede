/**
 * Parameters of the synthetic patient-reported outcomes (datasets/synthetic/reports.ts,
 * documented in docs/pro.md "Synthetic reports"). They are not written to
 * truth.json (whose bytes are pinned): the model is this file.
 *
 * Every answer comes from a latent burden b in [0, 1] of the item's domain
 * (0 = no problem, 1 = the worst answer): the answer is the item's level
 * nearest to `b + noise` on its range (`itemNoiseSd`), so a domain score is
 * about 100 x (1 - b) for functional scales and 100 x b for symptom scales.
 * Burdens depend on the disease course as recorded in the patient's own
 * events, treatments and observations (all effects additive, then clipped to
 * [0, 1]); `patientSd` is a patient's persistent offset, `reportSd` the
 * report-to-report noise.
 */
export const PRO_PARAMETERS = Object.freeze({
  /**
   * Random stream of a patient's reports: streamSeed(seed, reportStreamBase +
   * disease stream, patient number), the patient number counted within the
   * disease in generation order; disease streams 1, 2, 3 as the clinical
   * streams of generate-cohort.ts (which use streamSeed(seed, 1..3, number)).
   */
  reportStreamBase: 10,
  diseaseStreams: { breast_cancer: 1, prostate_cancer: 2, multiple_sclerosis: 3 } as Readonly<Record<string, number>>,
  /**
   * Report days: the index date (year 0) and the anniversaries (jittered by up
   * to `jitterDays` later) listed in `eq5dYears` (EQ-5D-5L) and `specificYears`
   * (the disease's questionnaire); MS reports fall on the first EDSS visit of
   * such a year of follow-up instead.
   */
  schedule: { jitterDays: 20, eq5dYears: [0, 1, 2, 3, 4, 5, 7, 10, 15] as readonly number[], specificYears: [0, 1, 2, 5, 10] as readonly number[] },
  /** Probability that an item of QLQ-C30, MSIS-29 or EPIC-26 is left unanswered; the VAS is left out with `vasMissing`. */
  itemMissing: 0.02,
  vasMissing: 0.03,
  itemNoiseSd: 0.12,
  patientSd: 0.07,
  reportSd: 0.04,
  /** EQ-5D dimension weights on the general burden (MO, SC, UA, PD, AD) and the VAS: 100 x (1 - vasWeight x b) + N(0, vasSd). */
  eq5d: { weights: { MO: 0.9, SC: 0.6, UA: 1.0, PD: 1.1, AD: 0.9 }, vasWeight: 0.8, vasSd: 7 },
  breast: {
    /** General burden at diagnosis, per year of age over 60, and in the year after a chemotherapy start. */
    base: 0.14,
    perYearOver60: 0.004,
    chemotherapyFirstYear: 0.12,
    /** Added from the first local or regional recurrence, and from a distant metastasis on (they add up). */
    afterLocalRegionalRecurrence: 0.12,
    afterDistantMetastasis: 0.32,
    /** QLQ-C30 symptom items carry this share of the general burden plus `symptomBase`. */
    symptomShare: 0.8,
    symptomBase: 0.05,
  },
  prostate: {
    base: 0.1,
    perYearOver60: 0.004,
    afterBiochemicalRecurrence: 0.05,
    afterDistantMetastasis: 0.3,
    /** EPIC-26 domain burdens before treatment. */
    before: { urinary_incontinence: 0.06, urinary_irritative: 0.14, bowel: 0.05, sexual: 0.3, hormonal: 0.08 },
    /** Sexual burden per year of age over 60 at baseline. */
    sexualPerYearOver60: 0.012,
    /** After radical prostatectomy: incontinence `acute x exp(-months / recoveryMonths) + lasting`; sexual likewise; irritative symptoms relieved. */
    prostatectomy: { incontinenceAcute: 0.55, incontinenceLasting: 0.12, sexualAcute: 0.25, sexualLasting: 0.3, irritative: -0.05, recoveryMonths: 6 },
    /** After radiotherapy: bowel and irritative `acute x exp(-months / recoveryMonths) + lasting`; sexual worsening grows by `sexualPerYear` up to `sexualMax`. */
    radiotherapy: { bowelAcute: 0.25, bowelLasting: 0.1, irritativeAcute: 0.25, irritativeLasting: 0.06, incontinence: 0.04, sexualPerYear: 0.06, sexualMax: 0.3, recoveryMonths: 12 },
    /** While on androgen deprivation (leuprorelin): hormonal and sexual burden added. */
    adtHormonal: 0.4,
    adtSexual: 0.25,
    /** A report this many days after the end of the primary treatment (the acute effects). */
    postTreatmentReportDays: 90,
  },
  ms: {
    /** MSIS-29 physical burden = physicalBase + physicalPerEdss x EDSS; psychological = psychologicalBase + psychologicalPerEdss x EDSS, + relapse effect within `relapseWindowDays` after a relapse onset. */
    physicalBase: 0.03,
    physicalPerEdss: 0.085,
    psychologicalBase: 0.16,
    psychologicalPerEdss: 0.03,
    relapseEffect: 0.12,
    relapseWindowDays: 90,
    /** EQ-5D general burden = share of the physical and the psychological burden; mobility follows EDSS directly (EDSS / mobilityEdssScale). */
    physicalShare: 0.7,
    psychologicalShare: 0.3,
    mobilityEdssScale: 7,
  },
});
