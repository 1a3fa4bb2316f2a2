/**
 * Field helpers that mark each object field of the model with its print rule (see `FieldEmit` in `layout.ts`),
 * read back by `layoutOf`. Every field is optional: specs are sparse.
 */
import { z } from 'zod';
import type { FieldEmit } from './layout.js';

/** Metadata attached to a field schema: its print rule and, for `always` fields, an explicit Go zero value. */
export interface FieldMeta {
  readonly emit: FieldEmit;
  /** Overrides the zero value `layoutOf` derives from the schema (`""`, `0`, `false`, `null`, zero struct). */
  readonly zero?: unknown;
}

/** The registry holding every field's print rule. */
export const fieldRegistry = z.registry<FieldMeta>();

/** A Go field without `omitempty`: printed even when absent, as its Go zero value. */
export function always<T extends z.ZodType>(schema: T, zero?: unknown): z.ZodOptional<T> {
  const field = z.optional(schema); // not schema.optional(): that would build a lazy schema (lazy.ts) now
  fieldRegistry.add(field, zero === undefined ? { emit: 'always' } : { emit: 'always', zero });
  return field;
}

/** A Go value (string, bool, number, slice, map) tagged `omitempty`. */
export function omitempty<T extends z.ZodType>(schema: T): z.ZodOptional<T> {
  const field = z.optional(schema);
  fieldRegistry.add(field, { emit: 'omitempty' });
  return field;
}

/** A Go pointer (or interface) tagged `omitempty`: JSON `null` is accepted, as Go's nil. */
export function pointer<T extends z.ZodType>(schema: T): z.ZodOptional<z.ZodNullable<T>> {
  const field = z.optional(z.nullable(schema));
  fieldRegistry.add(field, { emit: 'pointer' });
  return field;
}

/** A Go slice: an array, or `null` for a nil slice. */
export function slice<T extends z.ZodType>(element: T): z.ZodNullable<z.ZodArray<T>> {
  return z.nullable(z.array(element));
}

/** A Go map with string keys: an object, or `null` for a nil map. */
export function map<T extends z.ZodType>(value: T): z.ZodNullable<z.ZodRecord<z.ZodString, T>> {
  return z.nullable(z.record(z.string(), value));
}

/** Go `[]string`, nullable. */
export const strings = (): z.ZodNullable<z.ZodArray<z.ZodString>> => slice(z.string());
