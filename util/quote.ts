/**
 * Quoting request values and names inside messages without letting a large
 * input make a large message: texts are cut to a length and say how much was
 * left out. Used by the prediction input checks (models/risk/artifact) and the
 * service's error bodies (server/errors.ts).
 */

/**
 * Cuts a text longer than `max` characters to its first `max - 1`, then says how
 * many characters were left out.
 * @example truncateText('abcdef', 4) // => 'abc… (3 more characters)'
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  const keep = Math.max(0, max - 1);
  return `${text.slice(0, keep)}… (${text.length - keep} more characters)`;
}

/**
 * Shows a value inside a message: JSON, cut to `max` characters (default 40).
 * @example echoValue('x'.repeat(1000)) // => '"xxxxxxx…" (1002 characters)'
 */
export function echoValue(value: unknown, max = 40): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}
