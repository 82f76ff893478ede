/**
 * Drug-to-efficacy-class map for disease-modifying therapies (DMTs) in MS.
 *
 * Default: German neurology guideline (DGN S2k "Diagnose und Therapie der
 * Multiplen Sklerose", 2021) efficacy categories, see docs/ms-outcomes.md
 * "DMT efficacy classes":
 * - class I (30-50% relapse reduction): interferon beta-1a/-1b, peginterferon
 *   beta-1a, dimethyl fumarate, glatiramer acetate, teriflunomide -> `moderate`;
 * - class II (50-60%): cladribine, fingolimod, ozanimod, ponesimod (verify),
 *   siponimod (verify) -> `moderate` (as the escalation arm of Harding 2019 and
 *   He 2020, which count only anti-CD20, natalizumab, alemtuzumab, mitoxantrone
 *   as high efficacy; studies differ, so pass your own map);
 * - class III (> 60%): alemtuzumab, ocrelizumab, ofatumumab, rituximab,
 *   natalizumab -> `high`;
 * - not in the DGN list: diroximel fumarate (class I by analogy, verify),
 *   ublituximab (class III by analogy, verify), mitoxantrone (high efficacy in
 *   Harding 2019 / He 2020, no DGN class; verify).
 * Entries marked `verify: true` are the '(verify)' items.
 */

/** Efficacy group used for escalation / de-escalation. */
export type DmtEfficacy = 'moderate' | 'high';

/** One entry of the map. */
export interface DmtClass {
  /** DGN 2021 efficacy category, or null when the guideline does not list the drug. */
  dgnClass: 'I' | 'II' | 'III' | null;
  efficacy: DmtEfficacy;
  /** True for assignments that the sources leave open (the '(verify)' items). */
  verify?: boolean;
}

/** A drug-to-class map keyed by normalized drug name ({@link normalizeDrugName}). */
export type DmtClassMap = Readonly<Record<string, DmtClass>>;

const I: DmtClass = { dgnClass: 'I', efficacy: 'moderate' };
const II: DmtClass = { dgnClass: 'II', efficacy: 'moderate' };
const III: DmtClass = { dgnClass: 'III', efficacy: 'high' };

/** The default map (DGN 2021; class II counted as moderate efficacy, see module doc). */
export const DEFAULT_DMT_CLASS_MAP: DmtClassMap = Object.freeze({
  interferon_beta: I,
  interferon_beta_1a: I,
  interferon_beta_1b: I,
  peginterferon_beta_1a: I,
  dimethyl_fumarate: I,
  diroximel_fumarate: { ...I, verify: true },
  glatiramer_acetate: I,
  teriflunomide: I,
  cladribine: II,
  fingolimod: II,
  ozanimod: II,
  ponesimod: { ...II, verify: true },
  siponimod: { ...II, verify: true },
  alemtuzumab: III,
  ocrelizumab: III,
  ofatumumab: III,
  rituximab: III,
  natalizumab: III,
  ublituximab: { ...III, verify: true },
  mitoxantrone: { dgnClass: null, efficacy: 'high', verify: true },
});

/**
 * Normalizes a drug name for look-up: lower case, runs of spaces, hyphens and
 * underscores become one underscore, surrounding ones dropped.
 * @example normalizeDrugName('Interferon beta-1a') // => 'interferon_beta_1a'
 */
export function normalizeDrugName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s\-_]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/**
 * Class of a drug in a map (names normalized on both sides), or null when unknown.
 * @example dmtClassOf('Natalizumab')?.efficacy // => 'high'
 */
export function dmtClassOf(drug: string, map: DmtClassMap = DEFAULT_DMT_CLASS_MAP): DmtClass | null {
  const key = normalizeDrugName(drug);
  const direct = map[key];
  if (direct) return direct;
  for (const [k, v] of Object.entries(map)) if (normalizeDrugName(k) === key) return v;
  return null;
}
