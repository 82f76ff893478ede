/** Escaping for text placed in HTML and for JSON placed inside a `<script>` element. */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes `& < > " '` so that text can be placed in HTML content or a quoted attribute.
 * @example escapeHtml('a < b') // => 'a &lt; b'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string);
}

/**
 * JSON text that is safe inside a `<script>` element: `<`, `>`, `&` and the
 * line separators U+2028/U+2029 are written as `\u` escapes, so a string
 * value such as `"</script>"` cannot end the element (the JSON value is unchanged).
 * NaN and ±Infinity become null, as JSON.stringify writes them.
 * @example scriptJson({ a: '</script>' }) // => '{"a":"\\u003c/script\\u003e"}'
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A plotly script embedded in HTML must not contain a literal `</script` (case-insensitive). */
export function scriptSafeSource(source: string): string {
  return source.replace(/<\/script/gi, '<\\/script');
}
