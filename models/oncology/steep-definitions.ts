/**
 * Which events count for each breast cancer time-to-event endpoint, after the
 * STEEP system: Hudis CA et al., "Proposal for standardized definitions for
 * efficacy end points in adjuvant breast cancer trials: the STEEP system",
 * J Clin Oncol 2007;25:2127-2132, and STEEP 2.0: Tolaney SM et al., "Updated
 * Standardized Definitions for Efficacy End Points (STEEP) in Adjuvant Breast
 * Cancer Clinical Trials: STEEP Version 2.0", J Clin Oncol 2021;39:2720-2731.
 * Endpoints as in docs/oncology.md "Endpoints (STEEP, STEEP 2.0)".
 *
 * | endpoint | local | regional | distant | contralateral invasive | second non-breast primary | DCIS | death breast cancer | death other cause | death unknown cause | source |
 * | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
 * | IDFS  | x | x | x | x | x | - | x | x | x | STEEP 2007, 2.0 |
 * | IBCFS | x | x | x | x | - | - | x | x | x | STEEP 2.0 |
 * | RFS   | x | x | x | - | - | - | x | x | x | STEEP 2007 |
 * | RFI   | x | x | x | - | - | - | x | - | option | STEEP 2007 (verify) |
 * | DRFS  | - | - | x | - | - | - | x | x | x | STEEP 2007 |
 * | DRFI  | - | - | x | - | - | - | x | - | option | STEEP 2007, 2.0 |
 * | DDFS  | - | - | x | - | x | - | x | x | x | STEEP 2007 (verify) |
 * | OS    | - | - | - | - | - | - | x | x | x | STEEP 2007, 2.0 |
 *
 * "option": a death of unknown cause in an endpoint that counts only breast
 * cancer deaths is censored by default (`unknownDeathCause: 'censor'`) or
 * counted (`'event'`); the choice is the analyst's and should be stated
 * (verify against the trial's protocol). DCIS (ipsilateral or contralateral)
 * and LCIS are never events of these endpoints (STEEP: "not DCIS or LCIS").
 * Local = ipsilateral breast or chest wall; regional = ipsilateral axillary,
 * internal mammary, supra- or infraclavicular nodes; anything else distant; a
 * contralateral cancer is a new primary, not a recurrence.
 */

/** Endpoints implemented by {@link steepEndpoint}. */
export const STEEP_ENDPOINTS = ['IDFS', 'IBCFS', 'RFS', 'RFI', 'DRFS', 'DRFI', 'DDFS', 'OS'] as const;
/** One STEEP endpoint. */
export type SteepEndpointName = (typeof STEEP_ENDPOINTS)[number];

/** The kind of event as the endpoint tables distinguish them. */
export type SteepEventCategory =
  | 'local'
  | 'regional'
  | 'distant'
  | 'contralateral'
  | 'second_primary'
  | 'dcis'
  | 'death_breast_cancer'
  | 'death_other_cause'
  | 'death_unknown_cause';

/** One row of the endpoint table. */
export interface SteepDefinition {
  endpoint: SteepEndpointName;
  /** Full name of the endpoint. */
  name: string;
  /** Event categories that end follow-up as an event. `death_unknown_cause` is absent where it is an option. */
  counts: readonly SteepEventCategory[];
  /** True when only breast cancer deaths count, so unknown-cause deaths follow `unknownDeathCause`. */
  causeSpecificDeath: boolean;
  /** Where the row comes from. */
  source: string;
  /** True for rows taken from secondary sources that must be checked against the paper (docs/oncology.md). */
  verify: boolean;
}

const RECURRENCE: readonly SteepEventCategory[] = ['local', 'regional', 'distant'];
const ALL_DEATHS: readonly SteepEventCategory[] = ['death_breast_cancer', 'death_other_cause', 'death_unknown_cause'];

/** The endpoint table (see the module comment). Frozen. */
export const STEEP_DEFINITIONS: Readonly<Record<SteepEndpointName, SteepDefinition>> = Object.freeze({
  IDFS: {
    endpoint: 'IDFS',
    name: 'invasive disease-free survival',
    counts: [...RECURRENCE, 'contralateral', 'second_primary', ...ALL_DEATHS],
    causeSpecificDeath: false,
    source: 'Hudis 2007 (STEEP) Table 1; Tolaney 2021 (STEEP 2.0)',
    verify: false,
  },
  IBCFS: {
    endpoint: 'IBCFS',
    name: 'invasive breast cancer-free survival',
    counts: [...RECURRENCE, 'contralateral', ...ALL_DEATHS],
    causeSpecificDeath: false,
    source: 'Tolaney 2021 (STEEP 2.0): IDFS without second non-breast primaries',
    verify: false,
  },
  RFS: {
    endpoint: 'RFS',
    name: 'recurrence-free survival',
    counts: [...RECURRENCE, ...ALL_DEATHS],
    causeSpecificDeath: false,
    source: 'Hudis 2007 (STEEP) Table 1',
    verify: false,
  },
  RFI: {
    endpoint: 'RFI',
    name: 'recurrence-free interval',
    counts: [...RECURRENCE, 'death_breast_cancer'],
    causeSpecificDeath: true,
    source: 'Hudis 2007 (STEEP) Table 1 (verify: death from breast cancer)',
    verify: true,
  },
  DRFS: {
    endpoint: 'DRFS',
    name: 'distant relapse-free survival',
    counts: ['distant', ...ALL_DEATHS],
    causeSpecificDeath: false,
    source: 'Hudis 2007 (STEEP) Table 1',
    verify: false,
  },
  DRFI: {
    endpoint: 'DRFI',
    name: 'distant relapse-free interval',
    counts: ['distant', 'death_breast_cancer'],
    causeSpecificDeath: true,
    source: 'Hudis 2007 (STEEP) Table 1; Tolaney 2021 (STEEP 2.0)',
    verify: false,
  },
  DDFS: {
    endpoint: 'DDFS',
    name: 'distant disease-free survival',
    counts: ['distant', 'second_primary', ...ALL_DEATHS],
    causeSpecificDeath: false,
    source: 'Hudis 2007 (STEEP) Table 1 (verify: second non-breast primary)',
    verify: true,
  },
  OS: {
    endpoint: 'OS',
    name: 'overall survival',
    counts: [...ALL_DEATHS],
    causeSpecificDeath: false,
    source: 'Hudis 2007 (STEEP); Tolaney 2021 (STEEP 2.0)',
    verify: false,
  },
});
