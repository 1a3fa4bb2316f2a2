/** Argument-schema helpers for option definitions. */
import { z } from 'zod';

/** The argument schema of a purely variadic option (Go `...T` as its only parameter): no fixed items, `rest` for all. */
export function variadic<T extends z.ZodType>(rest: T): z.ZodTuple<[], T> {
  return z.tuple([]).rest(rest);
}
