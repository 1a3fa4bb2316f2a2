/**
 * An option call's arguments are JSON data (what a pipeline file can hold, plus `bigint` and `Uint8Array`): this
 * finds what is not — a cycle, a function, a symbol, `NaN`, a `Map` — before any schema, copy or freeze walks it
 * (a cycle would overflow the stack there: `Maximum call stack size exceeded`, naming nothing).
 */
import { toPointer } from './model/index.js';

/** How deep arguments may nest (Go's encoding/json allows 10,000; a spec needs a handful). */
export const MAX_ARGUMENT_DEPTH = 1000;

/** What is wrong with one argument, and where inside it. */
export interface ArgumentProblem {
  /** 0-based argument position. */
  readonly argument: number;
  /** JSON pointer inside the argument (`""`: the argument itself). */
  readonly pointer: string;
  readonly problem: string;
}

function kindOf(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'bigint':
    case 'undefined':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : `not JSON data (${String(value)})`;
    case 'function':
      return 'not JSON data (a function)';
    case 'symbol':
      return 'not JSON data (a symbol)';
    default:
      if (value === null || Array.isArray(value) || value instanceof Uint8Array) return undefined;
      {
        const proto = Object.getPrototypeOf(value) as object | null;
        if (proto === null || proto === Object.prototype) return undefined;
        const name = (proto as { constructor?: { name?: unknown } }).constructor?.name;
        return `not JSON data (a ${typeof name === 'string' && name !== '' ? name : 'class instance'})`;
      }
  }
}

interface Frame {
  readonly value: unknown;
  readonly path: readonly (string | number)[];
  readonly ancestors: readonly object[];
}

/** The first problem of one argument, walked without recursion. */
function problemOf(argument: unknown): { pointer: string; problem: string } | undefined {
  const stack: Frame[] = [{ value: argument, path: [], ancestors: [] }];
  while (stack.length > 0) {
    const { value, path, ancestors } = stack.pop()!;
    const kind = kindOf(value);
    if (kind !== undefined) return { pointer: toPointer(path), problem: kind };
    if (typeof value !== 'object' || value === null || value instanceof Uint8Array) continue;
    if (ancestors.includes(value)) {
      return { pointer: toPointer(path), problem: 'a cycle (the value contains itself)' };
    }
    if (path.length >= MAX_ARGUMENT_DEPTH) {
      return { pointer: toPointer(path), problem: `nested deeper than ${MAX_ARGUMENT_DEPTH} levels` };
    }
    const inside = [...ancestors, value];
    const entries: [string | number, unknown][] = Array.isArray(value)
      ? value.map((item, i) => [i, item])
      : Object.keys(value).map((key) => [key, (value as Record<string, unknown>)[key]]);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, item] = entries[i]!;
      stack.push({ value: item, path: [...path, key], ancestors: inside });
    }
  }
  return undefined;
}

/** The first argument that is not JSON data (see the module comment), or `undefined` when all are. */
export function nonJsonArgument(args: readonly unknown[]): ArgumentProblem | undefined {
  for (const [argument, value] of args.entries()) {
    let found: { pointer: string; problem: string } | undefined;
    try {
      found = problemOf(value);
    } catch {
      found = { pointer: '', problem: 'cannot be read (a property access threw)' };
    }
    if (found !== undefined) return { argument, ...found };
  }
  return undefined;
}
