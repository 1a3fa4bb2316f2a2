/** Argument-schema helpers for option definitions. */
import { z } from 'zod';

/**
 * The argument schema of a purely variadic option (Go `...T` as its only parameter): a tuple with no fixed items
 * and `rest` for every argument. zod supports it at run time; its typings only lack the overload.
 */
export function variadic<T extends z.ZodType>(rest: T): z.ZodTuple<[], T> {
  return (z.tuple as unknown as (items: [], rest: T) => z.ZodTuple<[], T>)([], rest);
}
