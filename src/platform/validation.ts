import type { z } from 'zod';
import { DomainError } from '../kernel/errors.ts';

/** Parses input that did not come through an HTTP schema (CLI, jobs, imports) into the same field errors. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields = result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  const summary = fields.map((f) => (f.path ? `${f.path}: ${f.message}` : f.message)).join('; ');
  throw new DomainError('invalid', 'validation_failed', summary, fields);
}
