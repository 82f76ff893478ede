/**
 * Parameters of the synthetic MS registry ({@link generateMsRegistry}): the
 * ground truth a method should recover. Rates are per patient-year. All
 * numbers are illustrative (plausible orders of magnitude for relapsing MS
 * registries, e.g. ARR ~0.3-1 untreated), not estimates from real data.
 */

/** Therapy exposure classes. */
export type ExposureClass = 'untreated' | 'dmt_moderate' | 'dmt_high';

/** One latent response class: EDSS course and relapse activity. */
export interface LatentClassSpec {
  /** Class name, written to the truth (`latentClass`). */
  name: string;
  /** Proportion of patients. */
  p: number;
  /** Mean and SD of the (latent) EDSS at onset before rounding to the EDSS grid. */
  edssMean: number;
  edssSd: number;
  /** Untreated relapse rate (per year, before frailty). */
  relapseRate: number;
  /** Untreated rate of relapse-independent worsening steps (per year); each step is one CDW-sized EDSS step. */
  piraRate: number;
  /** Probability that a relapse leaves a permanent CDW-sized step (relapse-associated worsening). */
  residualProbability: number;
}

export const MS_REGISTRY_PARAMETERS = {
  classes: [
    { name: 'stable', p: 0.35, edssMean: 1.5, edssSd: 0.6, relapseRate: 0.25, piraRate: 0.01, residualProbability: 0.05 },
    { name: 'relapsing', p: 0.3, edssMean: 2.0, edssSd: 0.7, relapseRate: 0.9, piraRate: 0.03, residualProbability: 0.35 },
    { name: 'progressive', p: 0.2, edssMean: 3.0, edssSd: 0.8, relapseRate: 0.3, piraRate: 0.25, residualProbability: 0.15 },
    { name: 'rapid', p: 0.15, edssMean: 3.5, edssSd: 0.8, relapseRate: 0.6, piraRate: 0.6, residualProbability: 0.3 },
  ] as const satisfies readonly LatentClassSpec[],
  /** True relapse rate ratios versus untreated (also applied to MRI lesion rates). */
  relapseRateRatio: { untreated: 1, dmt_moderate: 0.65, dmt_high: 0.3 } as const satisfies Record<ExposureClass, number>,
  /** True hazard ratios of relapse-independent worsening steps versus untreated. */
  worseningHazardRatio: { untreated: 1, dmt_moderate: 0.85, dmt_high: 0.6 } as const satisfies Record<ExposureClass, number>,
  /** Relapse frailty: gamma with shape 2 and mean 1 (overdispersion of relapse counts). */
  frailtyShape: 2,
  /** Follow-up: uniform between these many years, capped by the administrative end. */
  followUpYears: [2, 15] as const,
  /** Scheduled visit interval in days: uniform in [min, max] (3 to 12 months). */
  visitIntervalDays: [91, 365] as const,
  /** Probability of an unscheduled visit 7-30 days after a relapse onset (EDSS inside the relapse exclusion window). */
  relapseVisitProbability: 0.7,
  /** Transient EDSS increase during a relapse and how long it lasts (days). */
  relapseBump: 1.0,
  relapseBumpDays: 60,
  /** Probability that a recorded EDSS is off by one half step (rater variability). */
  edssNoiseProbability: 0.12,
  /** MRI about yearly: new/enlarging T2 lesions per year and Gd+ lesions per scan (untreated, before frailty). */
  mri: { t2PerYear: 1.2, gdPerScan: 0.5, gdRecentRelapseFactor: 3, intervalDays: 335 },
  /** Probability of starting a DMT at diagnosis, and of high efficacy first line by prior relapses (0, 1, 2+ in 2 years). */
  firstLine: { startProbability: 0.85, highProbabilityByPriorRelapses: [0.1, 0.25, 0.55] as const },
  /** At a visit with activity in the last year on therapy (relapse or new T2): probability of switching (escalation, or lateral on high efficacy). */
  switchOnActivity: 0.6,
  /** Untreated patients with activity start a DMT with this probability per visit. */
  startOnActivity: 0.5,
  /** Adverse-event discontinuation rate per year on moderate-efficacy DMT (followed by a lateral switch). */
  adverseEventRate: 0.04,
  /** Days untreated between stopping one DMT and starting the next. */
  washoutDays: 30,
  drugs: {
    dmt_moderate: [
      { substance: 'interferon_beta_1a', atc: 'L03AB07' },
      { substance: 'glatiramer_acetate', atc: 'L03AX13' },
      { substance: 'dimethyl_fumarate', atc: 'L04AX07' },
      { substance: 'teriflunomide', atc: 'L04AA31' },
    ],
    dmt_high: [
      { substance: 'ocrelizumab', atc: 'L04AA36' },
      { substance: 'natalizumab', atc: 'L04AA23' },
      { substance: 'ofatumumab', atc: 'L04AA52' },
    ],
  },
} as const;

/**
 * A preset of three well-separated response classes for recovery tests of
 * clustering methods (the criterion they are held to: adjusted Rand index >= 0.8
 * between found and true response classes where the classes are well separated). The default
 * classes ({@link MS_REGISTRY_PARAMETERS}) overlap on purpose, as real
 * registries do; here onset EDSS levels are 2 points apart with small spread
 * and the worsening rates differ by an order of magnitude, so a method that
 * fails to recover these classes is wrong, not unlucky. Use with
 * `generateMsRegistry({ classes: MS_REGISTRY_SEPARATED_CLASSES })`.
 */
export const MS_REGISTRY_SEPARATED_CLASSES = [
  { name: 'stable', p: 0.4, edssMean: 1.0, edssSd: 0.3, relapseRate: 0.1, piraRate: 0, residualProbability: 0 },
  { name: 'progressive', p: 0.3, edssMean: 3.0, edssSd: 0.3, relapseRate: 0.3, piraRate: 0.35, residualProbability: 0.1 },
  { name: 'rapid', p: 0.3, edssMean: 5.0, edssSd: 0.3, relapseRate: 0.5, piraRate: 1.0, residualProbability: 0.3 },
] as const satisfies readonly LatentClassSpec[];
