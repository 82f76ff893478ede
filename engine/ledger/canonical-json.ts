/**
 * Canonical JSON: the one byte form of a value that the ledger hashes.
 * Object keys are sorted by UTF-16 code unit (as `Array.prototype.sort`),
 * `undefined` members are left out, no whitespace is written, numbers use
 * JavaScript's shortest round-trip form and NaN/Infinity become `null` (as JSON
 * does). Equal values give equal text whatever their key order, so a ledger
 * entry re-read from the database hashes to the same value. In the spirit of
 * RFC 8785 (JSON Canonicalization Scheme), which also sorts keys and uses the
 * ECMAScript number form.
 */

/** A JSON value as the ledger stores it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Canonical JSON text of a value.
 * @throws TypeError for values JSON cannot hold (functions, symbols, bigint, cycles).
 * @example canonicalJson({ b: 1, a: [true, null] }) // => '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return write(value, new Set());
}

function write(value: unknown, seen: Set<object>): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      throw new TypeError(`canonicalJson: cannot encode a ${typeof value}`);
  }
  const obj = value as object;
  if (seen.has(obj)) throw new TypeError('canonicalJson: cyclic value');
  seen.add(obj);
  let out: string;
  if (Array.isArray(obj) || ArrayBuffer.isView(obj)) {
    const items = Array.from(obj as ArrayLike<unknown>, (v) => write(v, seen));
    out = `[${items.join(',')}]`;
  } else if (obj instanceof Date) {
    out = JSON.stringify(obj.toISOString());
  } else {
    const rec = obj as Record<string, unknown>;
    const keys = Object.keys(rec).filter((k) => rec[k] !== undefined).sort();
    out = `{${keys.map((k) => `${JSON.stringify(k)}:${write(rec[k], seen)}`).join(',')}}`;
  }
  seen.delete(obj);
  return out;
}

/**
 * A value turned into plain JSON data (typed arrays to arrays, dates to ISO
 * text, NaN to null, undefined members dropped): what the ledger stores.
 * @example toJsonValue({ x: new Float64Array([1, NaN]) }) // => { x: [1, null] }
 */
export function toJsonValue(value: unknown): JsonValue {
  return JSON.parse(canonicalJson(value)) as JsonValue;
}
