/**
 * Every rate, probability and coefficient the synthetic cohort generator uses.
 * They are copied verbatim into `truth.json` (`parameters`), so a model fitted
 * to the generated data can be checked against the values that produced it.
 *
 * The numbers are plausible orders of magnitude from the literature cited on
 * each block; they are a simulation design, not estimates, and the data are
 * entirely synthetic (no real person stands behind any record).
 *
 * Time units: hazards and rates are per year; durations are in days unless the
 * name says otherwise. Log hazard ratios are natural logarithms.
 */

/** Settings shared by all three cohorts. */
export const COMMON_PARAMETERS = {
  /** Maximum follow-up from the index date, years (brief: "up to 15 years"). */
  maxFollowUpYears: 15,
  /** Patients are recruited uniformly from 1 January of `startYear` to this many days before `endDate`. */
  recruitmentEndsDaysBeforeEnd: 365,
  /** Fictitious sites (no real hospital) with their recruitment weights. */
  sites: [
    { name: 'UK-Nord', weight: 0.4 },
    { name: 'UK-Sued', weight: 0.35 },
    { name: 'Praxis-West', weight: 0.25 },
  ],
  /** `source` column of every record. */
  source: 'synthetic',
  /**
   * Background mortality: Gompertz hazard `a * exp(b * age)` per year, fitted by eye
   * to German life tables (Destatis 2019/21: about 0.5% per year at 60 for women,
   * doubling every ~7 years); men have hazard ratio `maleHazardRatio`.
   */
  gompertz: { a: 1.0e-5, b: 0.103, maleHazardRatio: 1.6 },
} as const;

/**
 * Breast cancer. Covariate distributions after the German cancer registry
 * (ZfKD "Krebs in Deutschland" 2019/2020) and the Rotterdam/GBSG data; recurrence
 * from a proportional-hazards model with Weibull baseline (Bender 2005) whose log
 * hazard ratios are of the size reported in the PREDICT and EBCTCG literature.
 */
export const BREAST_PARAMETERS = {
  icd10: 'C50.9',
  /** Proportion of male patients (breast cancer in men is about 1% of cases). */
  maleProportion: 0.01,
  /** Age at diagnosis ~ N(mean, sd) clipped to [min, max], years. */
  age: { mean: 58, sd: 12, min: 25, max: 90 },
  /** Tumour size (mm) log-normal, clipped. */
  tumourSizeMm: { median: 18, sdLog: 0.6, min: 2, max: 120 },
  /** P(any positive node) = logistic(intercept + perCm10 * (size mm - 20) / 10). */
  nodePositive: { intercept: -0.8, per10mm: 0.5 },
  /** P(4 or more positive nodes | node positive); counts 1-3 uniform, 4+ = 4 + floor(Exp(mean 4)). */
  nodes4PlusGivenPositive: 0.35,
  /** Grade 1, 2, 3 probabilities. */
  gradeProbabilities: [0.2, 0.45, 0.35],
  /** P(ER >= 1%) by grade 1, 2, 3; positives have 1-9% with probability `lowPositive`, else 10-100%. */
  erPositiveByGrade: [0.95, 0.88, 0.62],
  /** P(PR >= 1%) given ER positive / ER negative. */
  prPositive: { erPositive: 0.82, erNegative: 0.05 },
  lowPositive: 0.05,
  /** Receptor positivity threshold (ASCO/CAP: >= 1% stained nuclei). */
  receptorPositiveThresholdPercent: 1,
  /** HER2 IHC score 0, 1+, 2+, 3+ probabilities; 2+ is ISH-amplified with `ish2PlusAmplified`. HER2 positive = 3+ or 2+ amplified (ASCO/CAP 2018). */
  her2Probabilities: [0.4, 0.3, 0.16, 0.14],
  ish2PlusAmplified: 0.25,
  /** Ki-67 (% positive nuclei) log-normal with median by grade 1, 2, 3, clipped to [1, 95]. */
  ki67MedianByGrade: [10, 18, 35],
  ki67SdLog: 0.5,
  therapy: {
    /** Surgery 14-42 days after diagnosis; breast-conserving with this probability (size <= 30 mm / > 30 mm), else mastectomy. */
    surgeryDelayDays: [14, 42],
    breastConservingProbability: { small: 0.7, large: 0.35 },
    /** Chemotherapy (EC x4 then paclitaxel x12) if indicated (4+ nodes, grade 3, ER-negative, HER2-positive, or 1-3 nodes with Ki-67 >= 30%) with this probability (`indicatedOver75` from age 75), else `notIndicated`. */
    chemotherapy: { indicated: 0.85, indicatedOver75: 0.4, notIndicated: 0.08 },
    /** Trastuzumab for one year in HER2-positive disease with this probability. */
    trastuzumab: 0.85,
    trastuzumabDays: 365,
    /** Radiotherapy after breast-conserving surgery, or after mastectomy with 4+ nodes or size > 50 mm. */
    radiotherapy: { afterBcs: 0.97, afterMastectomyIndicated: 0.9 },
    /** Endocrine therapy in hormone-receptor-positive disease: tamoxifen below age 50, letrozole from 50; planned years; early stop for adverse events at this hazard per year. */
    endocrine: { probability: 0.92, premenopausalAgeBelow: 50, plannedYears: 5, adverseEventStopRate: 0.06 },
  },
  /**
   * First invasive recurrence (local, regional or distant): Weibull PH,
   * `H(t) = lambda t^shape exp(lp)`, t in years from diagnosis. Reference patient
   * (lp = 0): 60 years, 20 mm, node negative, grade 1, ER positive, Ki-67 20%,
   * HER2 negative: 10-year recurrence risk 1 - exp(-lambda 10^shape) ~ 12%.
   */
  recurrence: {
    lambda: 0.016,
    shape: 0.9,
    logHazardRatios: {
      /** per 10 years of age above 60 (younger women do worse) */
      agePer10Years: -0.1,
      /** per 10 mm tumour size above 20 mm */
      sizePer10mm: 0.1,
      nodes1to3: 0.5,
      nodes4plus: 1.1,
      grade2: 0.3,
      grade3: 0.6,
      erNegative: 0.4,
      /** per 10 percentage points of Ki-67 above 20% */
      ki67Per10: 0.1,
      /** HER2 positive and no trastuzumab (treated HER2-positive disease has no excess hazard) */
      her2PositiveUntreated: 0.5,
    },
    /** Site of the first recurrence: local, regional, distant probabilities. */
    firstSiteProbabilities: [0.25, 0.15, 0.6],
    /** After a local or regional recurrence, distant metastasis at this rate per year. */
    distantAfterLocoregionalRate: 0.12,
  },
  /** Metastasis sites (oBDS codes) with ICD-10 codes and probabilities. */
  metastasisSites: [
    { site: 'OSS', icd10: 'C79.5', p: 0.4 },
    { site: 'PUL', icd10: 'C78.0', p: 0.2 },
    { site: 'HEP', icd10: 'C78.7', p: 0.2 },
    { site: 'BRA', icd10: 'C79.3', p: 0.1 },
    { site: 'LYM', icd10: 'C77.9', p: 0.1 },
  ],
  /** Contralateral breast cancer and second non-breast primary, rates per year from diagnosis. */
  contralateralRate: 0.004,
  secondPrimaryRate: 0.007,
  secondPrimaryCodes: ['C18.7', 'C34.1', 'C54.1', 'C43.5'],
  /** Breast cancer death after distant metastasis at this rate per year (median survival ~2.8 years). */
  cancerDeathAfterMetastasisRate: 0.25,
  /** Loss to follow-up rate per year. */
  lossToFollowUpRate: 0.03,
  /** Follow-up visits (S3 guideline): every `months` until `untilMonths`, jittered by +-`jitterDays`. */
  visitSchedule: [
    { everyMonths: 3, untilMonths: 36 },
    { everyMonths: 6, untilMonths: 60 },
    { everyMonths: 12, untilMonths: 180 },
  ],
  visitJitterDays: 14,
} as const;

/**
 * Prostate cancer. PSA dynamics after Pound (JAMA 1999) and Freedland (JAMA
 * 2005): undetectable after prostatectomy, exponential rise with a known doubling
 * time in biochemical recurrence; after radiotherapy an exponential decline to a
 * nadir. The latent recurrence time follows a Weibull PH model; the recorded
 * event date is the AUA 2007 date (PSA >= 0.2 ng/mL, confirmed by the next value
 * >= 0.2; dated at the first) after prostatectomy and the Phoenix date (PSA >=
 * running nadir + 2 ng/mL, dated when met; Roach 2006) after radiotherapy, both
 * applied to the generated PSA series itself.
 */
export const PROSTATE_PARAMETERS = {
  icd10: 'C61',
  age: { mean: 66, sd: 7, min: 45, max: 85 },
  /** PSA at diagnosis (ng/mL), log-normal clipped. */
  psaAtDiagnosis: { median: 7.5, sdLog: 0.7, min: 0.5, max: 150 },
  /** ISUP grade group 1-5 probabilities; Gleason patterns 1: 3+3, 2: 3+4, 3: 4+3, 4: 4+4, 5: 4+5 / 5+4 / 5+5. */
  gradeGroupProbabilities: [0.25, 0.33, 0.2, 0.12, 0.1],
  /** Clinical T stage probabilities. */
  clinicalT: [
    { stage: 'cT1c', p: 0.45 },
    { stage: 'cT2a', p: 0.15 },
    { stage: 'cT2b', p: 0.1 },
    { stage: 'cT2c', p: 0.12 },
    { stage: 'cT3a', p: 0.13 },
    { stage: 'cT3b', p: 0.05 },
  ],
  /** Radical prostatectomy with this probability below / from age 70, else primary radiotherapy. */
  prostatectomyProbability: { under70: 0.78, from70: 0.4 },
  /** Treatment 30-90 days after diagnosis; radiotherapy lasts 56 days (before 2016) or 28 days (moderate hypofractionation). */
  treatmentDelayDays: [30, 90],
  /** Pathology after prostatectomy: P = base + perGradeGroup * (GG - 1) (+ svi given cT3b). */
  pathology: {
    positiveMargin: { base: 0.12, perGradeGroup: 0.05 },
    extracapsularExtension: { base: 0.15, perGradeGroup: 0.07 },
    seminalVesicleInvasion: { base: 0.03, perGradeGroup: 0.04, cT3b: 0.25 },
    nodePositive: { base: 0.02, perGradeGroup: 0.04 },
  },
  /**
   * Latent biochemical recurrence (PSA reaching 0.2 ng/mL after prostatectomy,
   * nadir + 2 after radiotherapy): Weibull PH from the end of primary treatment,
   * years. Reference (lp = 0): PSA 7.5, grade group 1, organ confined, R0, pN0:
   * 10-year risk ~ 15%. Pathology terms apply after prostatectomy only.
   */
  recurrence: {
    lambda: 0.02,
    shape: 0.9,
    logHazardRatios: {
      /** per doubling of PSA at diagnosis above 7.5 ng/mL */
      log2Psa: 0.3,
      gradeGroup2: 0.4,
      gradeGroup3: 0.8,
      gradeGroup4: 1.1,
      gradeGroup5: 1.5,
      clinicalT3: 0.4,
      positiveMargin: 0.6,
      seminalVesicleInvasion: 0.7,
      nodePositive: 0.8,
      radiotherapy: 0,
    },
  },
  /** PSA doubling time (months) log-normal with median `median * exp(perGradeGroup * (GG - 1))`, clipped. */
  doublingTimeMonths: { median: 10, perGradeGroup: -0.15, sdLog: 0.6, min: 2, max: 60 },
  /** Days per month used for doubling times. */
  daysPerMonth: 30.4375,
  /** PSA assay lower limit of detection: undetectable values are recorded as value = LOD, value_text '<LOD'. */
  psaLowerLimit: 0.01,
  /** Proportion of prostatectomy patients with a stable low detectable PSA (0.01-0.05 ng/mL) and no recurrence. */
  lowDetectableProportion: 0.15,
  /** After radiotherapy: PSA(t) = nadir + (PSA0 - nadir) exp(-t / tau) (times noise), plus 2 * 2^((t - t_bcr) / DT) after recurrence. */
  radiotherapyNadir: { median: 0.4, sdLog: 0.7, min: 0.05, max: 2 },
  radiotherapyDeclineTauDays: 240,
  /** SD of the log multiplicative noise on the declining component after radiotherapy. */
  radiotherapyNoiseSdLog: 0.06,
  /** AUA threshold after prostatectomy and Phoenix increment after radiotherapy, ng/mL. */
  auaThreshold: 0.2,
  phoenixIncrement: 2,
  /** PSA schedule after treatment: months from end of treatment; after the first value over threshold a confirmation after `confirmationDays` and then every `risingEveryMonths`. */
  psaScheduleMonths: [1.5, 3, 6, 9, 12, 18, 24, 30, 36, 48, 60, 72, 84, 96, 108, 120, 132, 144, 156, 168, 180],
  psaJitterDays: 10,
  confirmationDays: 42,
  risingEveryMonths: 3,
  /** Distant metastasis when the recurrence PSA component reaches a level ~ log-normal(median, sdLog), ng/mL; then ADT (leuprorelin) and no further PSA values. */
  metastasisPsaLevel: { median: 15, sdLog: 0.8, min: 4, max: 500 },
  metastasisSites: [
    { site: 'OSS', icd10: 'C79.5', p: 0.8 },
    { site: 'LYM', icd10: 'C77.2', p: 0.1 },
    { site: 'PUL', icd10: 'C78.0', p: 0.1 },
  ],
  /** Prostate cancer death after metastasis, rate per year. */
  cancerDeathAfterMetastasisRate: 0.2,
  lossToFollowUpRate: 0.03,
} as const;

/**
 * Multiple sclerosis (relapsing-remitting at onset). Relapse rates after the
 * placebo arms of the pivotal trials (ARR ~ 0.6) and the DGN 2021 efficacy
 * classes; EDSS trajectories as three latent classes (stable / slow / fast
 * worsening) in the spirit of group-based trajectory models of registry EDSS.
 * DMT switches are driven by disease activity (confounding by indication).
 */
export const MS_PARAMETERS = {
  icd10: 'G35.10',
  femaleProportion: 0.71,
  /** Age at onset (index date = onset) ~ N(mean, sd) clipped. */
  onsetAge: { mean: 32, sd: 9, min: 16, max: 60 },
  /** Diagnosis after onset: exponential delay with this mean (years), at least 14 days, at most 5 years. */
  diagnosisDelayMeanYears: 0.6,
  /** Latent EDSS classes: probability, EDSS at onset ~ N(mean, sd) clipped to [0, 4], untreated worsening per year. */
  latentClasses: [
    { name: 'stable', p: 0.5, edssMean: 1.5, edssSd: 0.5, slopePerYear: 0.02 },
    { name: 'slow_worsening', p: 0.35, edssMean: 2.0, edssSd: 0.6, slopePerYear: 0.15 },
    { name: 'fast_worsening', p: 0.15, edssMean: 2.5, edssSd: 0.7, slopePerYear: 0.45 },
  ],
  /** Multiplier of the worsening slope while on a DMT of each class. */
  slopeMultiplier: { untreated: 1, dmt_moderate: 0.85, dmt_high: 0.6 },
  /**
   * Relapses: Poisson process with rate `untreatedRate * frailty * rateRatio[class] *
   * exp(-annualDecline * years since onset)`, piecewise constant between scheduled
   * visits and therapy changes (evaluated at the start of each piece); frailty ~
   * Gamma(shape 2, scale 0.5) (mean 1, variance 0.5: negative-binomial counts).
   * Candidate relapses within `minGapDays` of the previous onset are discarded
   * (the usual 30-day relapse definition), so realized rates are slightly lower.
   */
  relapse: {
    untreatedRate: 0.6,
    rateRatio: { untreated: 1, dmt_moderate: 0.6, dmt_high: 0.3 },
    annualDecline: 0.05,
    frailtyShape: 2,
    frailtyScale: 0.5,
    minGapDays: 30,
    /** Temporary EDSS increase at a relapse ~ U(0.5, 1.5), decaying with this time constant (days). */
    bumpDecayDays: 45,
    /** Probability of a permanent residual increase (+0.5 or +1.0 with equal chance). */
    residualProbability: 0.3,
    /** An unscheduled visit with EDSS 3-14 days after a relapse onset. */
    visitDelayDays: [3, 14],
    /** Methylprednisolone for the relapse with this probability. */
    steroidProbability: 0.7,
  },
  /** EDSS as recorded: latent + N(0, sd), rounded to the 0.5 grid, 0.5 mapped to 0 or 1.0, clipped to [0, 9.5]. */
  edssNoiseSd: 0.25,
  /** Annual MRI from diagnosis (+-30 days): new T2 lesions ~ Poisson(t2Rate * frailty * rateRatio * years since last MRI); Gd-enhancing ~ Poisson(gdRate * frailty * rateRatio * (3 if a relapse in the previous 90 days)). Baseline MRI reports T2_TOTAL. */
  mri: { t2Rate: 1.2, gdRate: 0.4, gdRelapseFactor: 3, baselineT2Total: { min: 3, max: 30 } },
  /** Visits every 3 months for a year after diagnosis or a therapy change, then every 6-12 months (uniform). */
  visits: { earlyIntervalDays: 91, earlyPeriodDays: 365, lateIntervalDays: [182, 365] },
  /**
   * DMTs with class and first year available in the EU. ATC codes as revised by
   * the WHO in 2024 (natalizumab L04AG03, confirmed in the WHOCC index; ocrelizumab
   * L04AG08, ofatumumab L04AG12, fingolimod L04AE01, teriflunomide L04AK02: verify);
   * before 2024 these were L04AA23, L04AA36, L04AA52, L04AA27 and L04AA31. Class
   * map (moderate vs high) after DGN 2021 classes I vs II/III; studies differ for
   * S1P modulators and fumarates (docs/ms-outcomes.md, "DMT efficacy classes").
   */
  dmts: [
    { substance: 'interferon_beta_1a', atc: 'L03AB07', class: 'dmt_moderate', fromYear: 1998 },
    { substance: 'glatiramer_acetate', atc: 'L03AX13', class: 'dmt_moderate', fromYear: 2001 },
    { substance: 'teriflunomide', atc: 'L04AK02', class: 'dmt_moderate', fromYear: 2013 },
    { substance: 'dimethyl_fumarate', atc: 'L04AX07', class: 'dmt_moderate', fromYear: 2014 },
    { substance: 'fingolimod', atc: 'L04AE01', class: 'dmt_high', fromYear: 2011 },
    { substance: 'natalizumab', atc: 'L04AG03', class: 'dmt_high', fromYear: 2006 },
    { substance: 'cladribine', atc: 'L04AA40', class: 'dmt_high', fromYear: 2017 },
    { substance: 'ocrelizumab', atc: 'L04AG08', class: 'dmt_high', fromYear: 2018 },
    { substance: 'ofatumumab', atc: 'L04AG12', class: 'dmt_high', fromYear: 2021 },
  ],
  /** Cladribine: two yearly courses, recorded as one 2-year treatment ('course_completed'); its effect lasts `cladribineEffectYears` from the start. */
  cladribineCourseYears: 2,
  cladribineEffectYears: 4,
  /** First DMT at diagnosis with this probability; high-efficacy first line with probability by calendar year (+ `activeBoost` with a relapse between onset and diagnosis). */
  firstLine: { startProbability: 0.85, highByYear: [{ fromYear: 0, p: 0.1 }, { fromYear: 2015, p: 0.2 }, { fromYear: 2019, p: 0.35 }], activeBoost: 0.15 },
  /**
   * Switch rules at scheduled visits. Activity = a relapse in the past 365 days
   * (not in the first 180 days on the current drug) or >= 2 new T2 lesions at the
   * last MRI. Active on moderate: escalate to high (`escalate`); active on high:
   * switch to another high-efficacy drug (`switchHigh`); untreated and active:
   * start (`startWhenActive`). Adverse-event switches (same class) and
   * patient-wish stops occur at the given rates per year; natalizumab after 2
   * years is switched to an anti-CD20 with probability `natalizumabPml` per visit.
   * New drugs start 14-60 days after the stop.
   */
  switching: {
    graceDays: 180,
    escalate: 0.7,
    switchHigh: 0.3,
    startWhenActive: 0.6,
    adverseEventRate: { dmt_moderate: 0.08, dmt_high: 0.04 },
    patientWishStopRate: 0.02,
    natalizumabPml: 0.3,
    washoutDays: [14, 60],
  },
  /** Background mortality hazard ratio for MS (Lunde, JNNP 2017: SMR ~ 2-3; milder here). */
  mortalityHazardRatio: 1.5,
  lossToFollowUpRate: 0.04,
} as const;
