/**
 * Options of pseudonymizing imports (`importFile(file, { ..., pseudonymize })`).
 */

/**
 * How the source identifier column becomes the pseudonym. Either keyed
 * (HMAC-SHA-256 under a secret key: `key`, `keyFile` or the environment
 * variable MIDIA_PSEUDONYM_KEY) or through a trust centre's mapping
 * (`mappingFile`: CSV with columns `source_id,pseudonym`; no key involved).
 */
export interface PseudonymizeOptions {
  /** Source column holding the patient's identifier (e.g. the hospital's patient number). Required. */
  idColumn: string;
  /** Key bytes, or hex/base64 text (>= 32 bytes). Default: `keyFile`, else MIDIA_PSEUDONYM_KEY. */
  key?: Uint8Array | string;
  /** File holding the key (hex or base64). */
  keyFile?: string;
  /** Environment read for MIDIA_PSEUDONYM_KEY. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Pseudonym domain (project). Default `'default'` (see engine/privacy/pseudonym.ts). */
  domain?: string;
  /** Hex digits of the keyed pseudonym, 16-64. Default 20. */
  length?: number;
  /** Prefix of keyed pseudonyms. Default `'psn-'`. */
  prefix?: string;
  /** Trust-centre mapping file (CSV, header `source_id,pseudonym`): pseudonyms issued externally. Excludes the key options. */
  mappingFile?: string;
  /** strptime format of birth-date columns (e.g. `'%d.%m.%Y'`). Default: the import's `dateFormat`, else ISO `YYYY-MM-DD`. */
  birthDateFormat?: string;
}

/** What the pseudonymization did to the columns of a source (on the import report). */
export interface PseudonymizationSummary {
  /** `hmac-sha256` or `trust-centre`. */
  method: 'hmac-sha256' | 'trust-centre';
  /** Pseudonym domain (keyed method only). */
  domain: string | null;
  /** Column replaced by the pseudonym. */
  idColumn: string;
  /** Columns removed, with the kind of identifier each held. */
  dropped: { column: string; kind: string }[];
  /** Birth-date column generalised to birth_year and birth_month, if any. */
  generalised: string | null;
}
