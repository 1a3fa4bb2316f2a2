/**
 * Schemas of the model built on first use. The model has some 700 zod schemas, and building them all was about
 * half of what a cold `ocispec spec` took over `node -e 0` (zod 4's classic schemas are costly to make): printing
 * needs none of them (the layout is data, spec-layout.data.ts), checking a call's arguments the few of its option.
 */
import type { z } from 'zod';

/**
 * A stand-in for the schema `build` returns, built on the first touch of any of its properties (`_zod`,
 * `.optional()`, `.shape`, `instanceof`), then forwarding to it. A schema holding a lazy one (`z.optional(X)`,
 * `z.array(X)`, a field of `z.object`) does not touch it until it parses or is walked; `X.optional()` does (the
 * model's field helpers use `z.optional(X)`). The stand-in is a Proxy of the real schema's interface: a
 * registry, a `WeakMap` or `===` sees the stand-in, consistently, everywhere it is referenced.
 */
export function lazySchema<T extends z.core.$ZodType>(build: () => T): T {
  let real: T | undefined;
  const schema = (): T => {
    real ??= build();
    return real;
  };
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(schema(), key),
    set: (_, key, value) => Reflect.set(schema(), key, value),
    has: (_, key) => Reflect.has(schema(), key),
    ownKeys: () => Reflect.ownKeys(schema()),
    // Reported configurable: the stand-in's own target is empty, and a Proxy may not claim a non-configurable
    // property its target lacks.
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(schema(), key);
      return descriptor === undefined ? undefined : { ...descriptor, configurable: true };
    },
    defineProperty: (_, key, descriptor) => Reflect.defineProperty(schema(), key, descriptor),
    deleteProperty: (_, key) => Reflect.deleteProperty(schema(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(schema()),
  });
}
