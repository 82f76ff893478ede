/**
 * Keyed pseudonyms: HMAC-SHA-256 (RFC 2104, FIPS 198-1) of the normalized
 * source identifier under a secret key, separated by pseudonym domain.
 *
 *   pseudonym = prefix + hex(HMAC-SHA-256(key, utf8(domain) || 0x00 || utf8(normalize(id))))[0 .. length)
 *
 * - normalize(id): trim spaces, tabs, CR and LF at both ends; Unicode NFC;
 *   ASCII letters a-z upper-cased (other characters unchanged, so the result does
 *   not depend on locale or on a Unicode version's case tables). `' ab-12 '`
 *   and `'AB-12'` give the same pseudonym.
 * - domain: one per project (gPAS calls these "domains"); the same id gets
 *   unrelated pseudonyms in different domains. 1-64 characters from letters,
 *   digits, `.`, `_`, `-`, `:` (never 0x00, the separator).
 * - length: {@link DEFAULT_PSEUDONYM_HEX_LENGTH} = 20 hex digits (80 bits). Collision
 *   bound (birthday bound): P(any collision among n ids) <= n(n-1)/2 / 2^80, about
 *   4e-11 for n = 10^7 patients.
 * - prefix: {@link DEFAULT_PSEUDONYM_PREFIX} (`psn-`) marks keyed pseudonyms.
 *
 * The same computation is offered twice: {@link pseudonymFor} with node:crypto
 * (one value) and {@link pseudonymSql}, a DuckDB SQL expression built from
 * `sha256` on BLOBs (H((K ^ opad) || H((K ^ ipad) || m)), RFC 2104 section 2) for
 * whole files at once; tests check that both agree.
 */
import { createHash, createHmac } from 'node:crypto';
import { UsageError } from '../../util/errors.js';
import { MIN_KEY_BYTES } from './key.js';

/** Default number of hex digits kept (80 bits). */
export const DEFAULT_PSEUDONYM_HEX_LENGTH = 20;
/** Default pseudonym prefix. */
export const DEFAULT_PSEUDONYM_PREFIX = 'psn-';
/** Default domain when none is given. */
export const DEFAULT_PSEUDONYM_DOMAIN = 'default';

const DOMAIN = /^[A-Za-z0-9._:-]{1,64}$/;
const PREFIX = /^[A-Za-z0-9._:-]{0,16}$/;

/** Options of keyed pseudonymization. */
export interface PseudonymOptions {
  /** Pseudonym domain (project). Default {@link DEFAULT_PSEUDONYM_DOMAIN}. */
  domain?: string;
  /** Hex digits kept, 16-64. Default {@link DEFAULT_PSEUDONYM_HEX_LENGTH}. */
  length?: number;
  /** Prefix. Default {@link DEFAULT_PSEUDONYM_PREFIX}. */
  prefix?: string;
}

/** Validated options. */
export interface ResolvedPseudonymOptions {
  domain: string;
  length: number;
  prefix: string;
}

/**
 * Validates pseudonym options and fills in the defaults.
 * @throws UsageError naming the bad option.
 */
export function resolvePseudonymOptions(options: PseudonymOptions = {}): ResolvedPseudonymOptions {
  const domain = options.domain ?? DEFAULT_PSEUDONYM_DOMAIN;
  const length = options.length ?? DEFAULT_PSEUDONYM_HEX_LENGTH;
  const prefix = options.prefix ?? DEFAULT_PSEUDONYM_PREFIX;
  if (!DOMAIN.test(domain)) throw new UsageError(`invalid pseudonym domain '${domain}': 1-64 letters, digits, '.', '_', '-', ':'`);
  if (!Number.isInteger(length) || length < 16 || length > 64) throw new UsageError(`pseudonym length must be an integer from 16 to 64 hex digits, got ${length}`);
  if (!PREFIX.test(prefix)) throw new UsageError(`invalid pseudonym prefix '${prefix}': up to 16 letters, digits, '.', '_', '-', ':'`);
  return { domain, length, prefix };
}

/**
 * Normalizes a source identifier (see the module documentation).
 * @example normalizeSourceId(' ab-12\n') // => 'AB-12'
 */
export function normalizeSourceId(id: string): string {
  return id
    .replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '')
    .normalize('NFC')
    .replace(/[a-z]/g, (c) => c.toUpperCase());
}

function checkKey(key: Uint8Array): void {
  if (key.length < MIN_KEY_BYTES) throw new UsageError(`pseudonymization key is ${key.length} bytes; at least ${MIN_KEY_BYTES} are needed`);
}

/**
 * The pseudonym of one source identifier (node:crypto HMAC-SHA-256).
 *
 * @throws UsageError for a short key, bad options, or an identifier that is empty after normalization.
 * @example pseudonymFor(key, 'KIS-4711', { domain: 'midia-ms' }) // => 'psn-…' (20 hex digits)
 */
export function pseudonymFor(key: Uint8Array, sourceId: string, options: PseudonymOptions = {}): string {
  checkKey(key);
  const o = resolvePseudonymOptions(options);
  const id = normalizeSourceId(sourceId);
  if (id === '') throw new UsageError('an empty source identifier has no pseudonym');
  const mac = createHmac('sha256', key).update(Buffer.from(o.domain, 'utf8')).update(Buffer.from([0])).update(Buffer.from(id, 'utf8')).digest('hex');
  return o.prefix + mac.slice(0, o.length);
}

/** The SQL expression normalizing a VARCHAR expression as {@link normalizeSourceId} does. */
export function normalizeSql(expr: string): string {
  return `translate(nfc_normalize(trim(${expr}, ' ' || chr(9) || chr(13) || chr(10))), 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')`;
}

/**
 * A DuckDB SQL expression computing the pseudonym of the VARCHAR expression `expr`
 * (NULL for NULL; an empty normalized id gives a pseudonym too, so callers reject
 * those rows first). The key appears in the SQL text only as the two padded,
 * XOR-ed key blocks; do not log the expression.
 *
 * @throws UsageError for a short key or bad options.
 * @example conn.run(`SELECT ${pseudonymSql('"patient_id"', key, { domain: 'p1' })} AS pseudonym FROM src`)
 */
export function pseudonymSql(expr: string, key: Uint8Array, options: PseudonymOptions = {}): string {
  checkKey(key);
  const o = resolvePseudonymOptions(options);
  // RFC 2104: keys longer than the block size (64 bytes) are hashed first; then zero-padded to 64 bytes.
  const block = Buffer.alloc(64);
  (key.length > 64 ? createHash('sha256').update(key).digest() : Buffer.from(key)).copy(block);
  const ipad = Buffer.from(block.map((b) => b ^ 0x36)).toString('hex');
  const opad = Buffer.from(block.map((b) => b ^ 0x5c)).toString('hex');
  const domainHex = Buffer.concat([Buffer.from(o.domain, 'utf8'), Buffer.from([0])]).toString('hex');
  const message = `unhex('${domainHex}') || encode(${normalizeSql(expr)})`;
  const inner = `unhex(sha256(unhex('${ipad}') || ${message}))`;
  const mac = `sha256(unhex('${opad}') || ${inner})`;
  return `CASE WHEN (${expr}) IS NULL THEN NULL ELSE '${o.prefix}' || left(${mac}, ${o.length}) END`;
}
