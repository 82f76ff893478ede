/**
 * One place where analysis options are validated: a zod schema per analysis,
 * defaults written in the schema, and failures as a UsageError that names the
 * option path (`options.confLevel: expected a number between 0 and 1`).
 */
import type { z } from 'zod';
import { UsageError } from '../../util/errors.js';

/**
 * Parses `input` with `schema`; the analysis name prefixes the message.
 * @throws UsageError naming each invalid option.
 * @example const o = parseOptions('km', KmOptions, { formula: 'Surv(t, s) ~ 1' })
 */
export function parseOptions<S extends z.ZodType>(analysis: string, schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'options'}: ${i.message}`);
  throw new UsageError(`${analysis}: invalid options: ${issues.join('; ')}`);
}
