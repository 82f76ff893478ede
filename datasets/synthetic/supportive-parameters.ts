/**
 * Parameters of the synthetic supportive therapies and their outcomes
 * (datasets/synthetic/supportive.ts, documented in docs/target-trial.md
 * "Synthetic supportive therapies"). They are a simulation design for the
 * target-trial-emulation methods, not estimates: the true effects are chosen
 * so that some are protective and some null, and the starting hazards carry
 * confounding by indication (sicker or older patients start more often), a
 * healthy-user effect through a latent, unrecorded health consciousness, and
 * immortal time (a therapy is recorded only while the patient is alive and
 * followed). The supportive records come from their own random stream, so the
 * cohort's existing records stay byte-identical.
 *
 * Time units: rates per year; windows and durations in days from the index
 * date. Log hazard ratios are natural logarithms; covariate terms: `agePer10`
 * per 10 years above 60, `nodePositive` (any positive node), `grade3`,
 * `sizePer10mm` per 10 mm above 20 mm, `letrozole` (adjuvant aromatase
 * inhibitor), `latentHealth` per SD of the latent health consciousness U ~ N(0, 1).
 */

/** Covariate terms of the starting and outcome hazards. */
export interface SupportiveTerms {
  agePer10?: number;
  nodePositive?: number;
  grade3?: number;
  sizePer10mm?: number;
  letrozole?: number;
  latentHealth?: number;
}

/** One supportive therapy: who may get it, when it starts and how long it lasts. */
export interface SupportiveTherapyParameters {
  disease: 'breast_cancer' | 'prostate_cancer';
  substance: string;
  atc: string | null;
  class: string;
  /** Minimum age at the index date (e.g. 50: postmenopausal proxy) and sexes eligible. */
  minAge: number;
  sexes: readonly ('female' | 'male')[];
  /** Starting hazard per year (reference patient) within `windowDays` of the index date; none later. */
  startRatePerYear: number;
  windowDays: number;
  start: SupportiveTerms;
  /** Planned duration (days); stopped earlier at `stopRatePerYear` (adverse events, preference). */
  durationDays: number;
  stopRatePerYear: number;
}

/** One outcome recorded as an event of type `other` with a local code. */
export interface SupportiveOutcomeParameters {
  code: string;
  detail: string;
  /** Rate per year of the reference patient, by disease (absent = not generated). */
  ratePerYear: Partial<Record<'breast_cancer' | 'prostate_cancer', number>>;
  terms: SupportiveTerms;
  /** True log hazard ratio of being on (from the start of) each therapy; absent = no effect (null). */
  effects: Partial<Record<SupportiveTherapyName, number>>;
  /** A negative-control outcome: no therapy affects it. */
  negativeControl: boolean;
}

export type SupportiveTherapyName = 'bisphosphonate' | 'exercise' | 'psychoOncology' | 'lymphoedemaPhysiotherapy' | 'prostateExercise';

export const SUPPORTIVE_PARAMETERS = Object.freeze({
  /** Version of this model; bump when the same seed would give different supportive records. */
  version: 1,
  /**
   * Random stream of a patient's supportive records: streamSeed(seed, streamBase +
   * disease stream, patient number within the disease), disease streams 1 (breast)
   * and 2 (prostate) as generate-cohort.ts; 21 and 22 are used by nothing else
   * (clinical 1-3, consents 4, reported outcomes 11-13).
   */
  streamBase: 20,
  diseaseStreams: { breast_cancer: 1, prostate_cancer: 2 } as Readonly<Record<string, number>>,
  therapies: {
    /** Adjuvant zoledronic acid in postmenopausal women (EBCTCG, Lancet 2015;386:1353): 3 years, more often with positive nodes and with age. */
    bisphosphonate: { disease: 'breast_cancer', substance: 'zoledronic_acid', atc: 'M05BA08', class: 'bone_modifying', minAge: 50, sexes: ['female'], startRatePerYear: 0.5, windowDays: 548, start: { agePer10: 0.3, nodePositive: 0.8, grade3: 0.3 }, durationDays: 1096, stopRatePerYear: 0.1 },
    /** Supervised exercise programme: younger and healthier patients (latent health) join more often. */
    exercise: { disease: 'breast_cancer', substance: 'structured_exercise', atc: null, class: 'exercise', minAge: 0, sexes: ['female', 'male'], startRatePerYear: 0.4, windowDays: 730, start: { agePer10: -0.3, grade3: -0.3, latentHealth: 0.7 }, durationDays: 182, stopRatePerYear: 0.5 },
    /** Psycho-oncological support: more often in younger patients and aggressive disease. */
    psychoOncology: { disease: 'breast_cancer', substance: 'psycho_oncology', atc: null, class: 'psychosocial', minAge: 0, sexes: ['female', 'male'], startRatePerYear: 0.35, windowDays: 365, start: { agePer10: -0.3, nodePositive: 0.4, grade3: 0.5 }, durationDays: 120, stopRatePerYear: 0.5 },
    /** Lymphatic drainage and compression after axillary surgery: mostly with positive nodes and large tumours. */
    lymphoedemaPhysiotherapy: { disease: 'breast_cancer', substance: 'lymphatic_drainage', atc: null, class: 'physiotherapy', minAge: 0, sexes: ['female', 'male'], startRatePerYear: 0.2, windowDays: 365, start: { nodePositive: 1.5, sizePer10mm: 0.2 }, durationDays: 91, stopRatePerYear: 0.5 },
    /** Exercise after primary therapy of prostate cancer (the programmes offered during androgen deprivation): younger and healthier men join more often. */
    prostateExercise: { disease: 'prostate_cancer', substance: 'structured_exercise', atc: null, class: 'exercise', minAge: 0, sexes: ['male'], startRatePerYear: 0.4, windowDays: 730, start: { agePer10: -0.4, latentHealth: 0.7 }, durationDays: 182, stopRatePerYear: 0.5 },
  } as Readonly<Record<SupportiveTherapyName, SupportiveTherapyParameters>>,
  /**
   * Outcomes. The true effects (log hazard ratios, from the therapy start on, for the
   * rest of follow-up): zoledronic acid on fragility fractures 0.6, prostate exercise on
   * fractures 0.7, psycho-oncology on depression 0.7, lymphatic drainage on lymphoedema
   * 0.5; breast exercise on depression none (1: its apparent benefit is the latent
   * health, a known systematic error the negative controls reveal); and, by
   * construction, no supportive therapy changes the cohort's recurrences, metastases
   * (bone recurrence included) or deaths, which were generated before and without them.
   */
  outcomes: [
    { code: 'fracture', detail: 'fragility fracture', ratePerYear: { breast_cancer: 0.02, prostate_cancer: 0.012 }, terms: { agePer10: 0.6, letrozole: 0.4, latentHealth: -0.5 }, effects: { bisphosphonate: Math.log(0.6), prostateExercise: Math.log(0.7) }, negativeControl: false },
    { code: 'depression', detail: 'depressive episode', ratePerYear: { breast_cancer: 0.04, prostate_cancer: 0.025 }, terms: { agePer10: -0.2, nodePositive: 0.3, grade3: 0.2, latentHealth: -0.5 }, effects: { psychoOncology: Math.log(0.7) }, negativeControl: false },
    { code: 'lymphoedema', detail: 'arm lymphoedema', ratePerYear: { breast_cancer: 0.04 }, terms: { nodePositive: 1.2, sizePer10mm: 0.2 }, effects: { lymphoedemaPhysiotherapy: Math.log(0.5) }, negativeControl: false },
    { code: 'cataract', detail: 'cataract', ratePerYear: { breast_cancer: 0.02, prostate_cancer: 0.02 }, terms: { agePer10: 0.5, latentHealth: -0.5 }, effects: {}, negativeControl: true },
    { code: 'herpes_zoster', detail: 'herpes zoster', ratePerYear: { breast_cancer: 0.015, prostate_cancer: 0.015 }, terms: { agePer10: 0.3, latentHealth: -0.5 }, effects: {}, negativeControl: true },
    { code: 'hearing_loss', detail: 'hearing loss', ratePerYear: { breast_cancer: 0.015, prostate_cancer: 0.02 }, terms: { agePer10: 0.6, latentHealth: -0.5 }, effects: {}, negativeControl: true },
    { code: 'ingrown_toenail', detail: 'ingrown toenail', ratePerYear: { breast_cancer: 0.02, prostate_cancer: 0.02 }, terms: { latentHealth: -0.5 }, effects: {}, negativeControl: true },
    { code: 'allergic_rhinitis', detail: 'allergic rhinitis', ratePerYear: { breast_cancer: 0.02, prostate_cancer: 0.02 }, terms: { agePer10: -0.2, latentHealth: -0.5 }, effects: {}, negativeControl: true },
    { code: 'dental_caries', detail: 'dental caries', ratePerYear: { breast_cancer: 0.025, prostate_cancer: 0.025 }, terms: { agePer10: 0.1, latentHealth: -0.5 }, effects: {}, negativeControl: true },
  ] as readonly SupportiveOutcomeParameters[],
});
