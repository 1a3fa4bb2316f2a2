/**
 * An option's arguments: their shape as a zod tuple (`ArgsSchema`), the one check both call paths go through
 * (`parseArgs`: plain JSON data, arity, then the schema; one message text), and their JSON Schema.
 */
import { z } from 'zod';
import { isOcispecError, messageOf, OcispecError } from './errors.js';
import { describeObject, hasPlainArrayPrototype, hasPlainObjectPrototype } from './json/plain.js';
import { JsonNumber } from './json/value.js';
import { goInt, goUint, int32, int64, toPointer, uint8, uint16, uint32, uint64 } from './model/index.js';
import { describeIssue } from './zod-issues.js';

/** A tuple schema of an option's arguments, in the Go parameters' order (a rest element for variadics). */
export type ArgsTuple = z.ZodTuple<z.core.util.TupleItems, z.core.SomeType | null>;

/**
 * The argument schema of an option: a tuple, or a tuple piped through a transform whose output is the list of
 * arguments the option's body receives (`compose` resolves its nested calls so).
 */
export type ArgsSchema = ArgsTuple | z.ZodPipe<ArgsTuple, z.ZodType<readonly unknown[], unknown>>;

/** The tuple below a schema's transforms. */
function tupleOf(schema: ArgsSchema): ArgsTuple {
  return schema instanceof z.ZodPipe ? (schema.in as ArgsTuple) : schema;
}

/** Arities by schema: computed once per option, not per call (probing optional items allocates zod issues). */
const arities = new WeakMap<ArgsSchema, { min: number; max: number }>();

function arity(schema: ArgsSchema): { min: number; max: number } {
  const known = arities.get(schema);
  if (known !== undefined) return known;
  const tuple = tupleOf(schema);
  const items = tuple.def.items;
  let min = items.length;
  while (min > 0 && z.safeParse(items[min - 1] as z.ZodType, undefined).success) min--;
  const computed = { min, max: tuple.def.rest === null ? items.length : Number.POSITIVE_INFINITY };
  arities.set(schema, computed);
  return computed;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Deeper than this, an argument is refused (it could not have come from a pipeline file either). */
const MAX_DEPTH = 256;

/**
 * Why `value` is not plain JSON data (a cycle, a function, a symbol, `NaN` or an infinity, `undefined` inside a
 * value, a `Map`, a class instance, a getter), as a pointer below it and a description; `undefined` when it is.
 * `bigint` counts as JSON (lossless integers).
 */
export function jsonProblem(value: unknown): { pointer: string; what: string } | undefined {
  const path: (string | number)[] = [];
  const ancestors = new Set<object>();
  const visit = (node: unknown): string | undefined => {
    switch (typeof node) {
      case 'number':
        return Number.isFinite(node) ? undefined : `${String(node)} (not JSON)`;
      case 'string':
      case 'bigint':
      case 'boolean':
        return undefined;
      case 'undefined':
        return 'undefined (not JSON)';
      case 'function':
        return 'a function (not JSON)';
      case 'symbol':
        return 'a symbol (not JSON)';
    }
    // A number kept as its text (an unknown field's `1e400`, as the pipeline file's parser keeps it): JSON.
    if (node === null || node instanceof JsonNumber) return undefined;
    const object = node as object;
    if (ancestors.has(object)) return 'a cycle (the value contains itself)';
    if (path.length >= MAX_DEPTH) return `nesting deeper than ${MAX_DEPTH} levels`;
    const isArray = Array.isArray(object);
    if (isArray ? !hasPlainArrayPrototype(object as unknown[]) : !hasPlainObjectPrototype(object)) {
      return `${describeObject(object)} (not JSON)`;
    }
    const keys = Object.keys(object);
    if (isArray && keys.length !== (object as unknown[]).length) return 'a sparse array (not JSON)';
    if (Reflect.ownKeys(object).length !== keys.length + (isArray ? 1 : 0))
      return 'a symbol-keyed or non-enumerable property (not JSON)';
    ancestors.add(object);
    for (const key of keys) {
      const descriptor = Object.getOwnPropertyDescriptor(object, key)!;
      path.push(isArray ? Number(key) : key);
      if (descriptor.get !== undefined || descriptor.set !== undefined)
        return 'an accessor property (not JSON)';
      const found = visit(descriptor.value);
      if (found !== undefined) return found;
      path.pop();
    }
    ancestors.delete(object);
    return undefined;
  };
  const what = visit(value);
  return what === undefined ? undefined : { pointer: toPointer(path), what };
}

/**
 * zod drops every `__proto__` key from what it parses (assigning one to a plain `{}` would set its prototype), where
 * Go keeps it in a map (`annotations`, `sysctl`): such keys cross the schema under a stand-in name. A struct's schema
 * drops the stand-in as an unknown field, as Go's decoder drops `__proto__`; a map's keeps it, and it is renamed back.
 */
const PROTO = '__proto__';
const STAND_IN = '\u0000ocispec:__proto__';

/** Whether a JSON value holds an own `__proto__` key at any depth. */
function hasProtoKey(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some(hasProtoKey);
  return Object.keys(value).some(
    (key) => key === PROTO || hasProtoKey((value as Record<string, unknown>)[key]),
  );
}

/** A copy of a JSON value with every own key `from` renamed `to` (own data properties throughout). */
function renameKeys(value: unknown, from: string, to: string): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => renameKeys(item, from, to));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const name = key === from ? to : key;
    const child = renameKeys((value as Record<string, unknown>)[key], from, to);
    Object.defineProperty(out, name, { value: child, writable: true, enumerable: true, configurable: true });
  }
  return out;
}

/**
 * Arguments found plain JSON data and frozen all the way down: they cannot have changed since, so a value passed
 * to many calls (a CRI plan's calls share one config) is checked once.
 */
const checkedFrozen = new WeakSet<object>();

/** Whether every object below `value` (itself included) is frozen; stops at the first that is not. */
function frozenThroughout(value: object): boolean {
  if (!Object.isFrozen(value)) return false;
  for (const child of Object.values(value)) {
    if (typeof child === 'object' && child !== null && !frozenThroughout(child)) return false;
  }
  return true;
}

/** Where a failure is reported: the prefix of its message and the details it carries. */
export interface ArgsSite {
  /** `withUIDGID` for a call in code, `option 3 (withUIDGID)` for a pipeline's call. */
  readonly where: string;
  readonly option: string;
  readonly index?: number;
  readonly plugin?: string;
}

function badArgument(site: ArgsSite, message: string): OcispecError {
  return new OcispecError('BAD_ARGUMENT', `${site.where}: ${message}`, {
    option: site.option,
    index: site.index,
    plugin: site.plugin,
  });
}

/**
 * Checks an option's arguments and returns zod's parsed output (transforms and defaults applied). In order: every
 * argument is plain JSON data (a cycle or a function is refused here, never a stack overflow), the count fits the
 * tuple, then the schema; the first problem is a `BAD_ARGUMENT` error `<where>: argument N[ at /pointer]: <why>`,
 * the same text for a call in code and a call in a pipeline file.
 */
export function parseArgs(schema: ArgsSchema, args: readonly unknown[], site: ArgsSite): readonly unknown[] {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === undefined) continue; // an omitted optional argument; the schema decides
    if (typeof arg === 'object' && arg !== null && checkedFrozen.has(arg)) continue;
    const problem = jsonProblem(arg);
    if (problem !== undefined) {
      const at = problem.pointer === '' ? '' : ` at ${problem.pointer}`;
      throw badArgument(site, `argument ${i + 1}${at}: ${problem.what}`);
    }
    if (typeof arg === 'object' && arg !== null && frozenThroughout(arg)) checkedFrozen.add(arg);
  }
  const { min, max } = arity(schema);
  let count = args.length;
  while (count > min && args[count - 1] === undefined) count--;
  if (count < min || count > max) {
    const expected =
      max === Number.POSITIVE_INFINITY
        ? `at least ${plural(min, 'argument')}`
        : min === max
          ? plural(min, 'argument')
          : `${min} to ${plural(max, 'argument')}`;
    throw badArgument(site, `expected ${expected}, received ${count}`);
  }
  let input: readonly unknown[] = count === args.length ? args : args.slice(0, count);
  const protoKeys = hasProtoKey(input);
  if (protoKeys) input = renameKeys(input, PROTO, STAND_IN) as unknown[];
  let parsed: z.ZodSafeParseResult<readonly unknown[]>;
  try {
    parsed = schema.safeParse(input);
  } catch (error) {
    // A transform that threw (`compose` resolving a nested call): named after this call, its code kept.
    throw new OcispecError(
      isOcispecError(error) ? error.code : 'BAD_ARGUMENT',
      `${site.where}: ${messageOf(error)}`,
      {
        option: site.option,
        index: site.index,
        plugin: site.plugin,
        cause: error,
      },
    );
  }
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const [position, ...rest] = issue.path;
    const argument = typeof position === 'number' ? `argument ${position + 1}` : 'arguments';
    const pointer = rest.length > 0 ? ` at ${toPointer(rest as (string | number)[])}` : '';
    throw badArgument(site, `${argument}${pointer}: ${describeIssue(issue)}`.replaceAll(STAND_IN, PROTO));
  }
  return protoKeys ? (renameKeys(parsed.data, STAND_IN, PROTO) as readonly unknown[]) : parsed.data;
}

/** A JSON Schema document, as zod builds it. */
export type JsonSchema = z.core.JSONSchema.BaseSchema;

/**
 * The JSON Schemas of the model's Go integer schemas: `integer`s with their bounds, the 64-bit ones named by
 * `format` (`int64`, `uint64`, as OpenAPI names them) since their bounds are no exact JavaScript numbers.
 */
const INTEGERS = new Map<unknown, JsonSchema>([
  [int64, { type: 'integer', format: 'int64' }],
  [goInt, { type: 'integer', format: 'int64' }],
  [uint64, { type: 'integer', format: 'uint64', minimum: 0 }],
  [goUint, { type: 'integer', format: 'uint64', minimum: 0 }],
  [int32, { type: 'integer', format: 'int32', minimum: -2147483648, maximum: 2147483647 }],
  [uint32, { type: 'integer', format: 'uint32', minimum: 0, maximum: 4294967295 }],
  [uint16, { type: 'integer', format: 'uint16', minimum: 0, maximum: 65535 }],
  [uint8, { type: 'integer', format: 'uint8', minimum: 0, maximum: 255 }],
]);

const jsonSchemas = new WeakMap<ArgsSchema, JsonSchema>();

/**
 * The JSON Schema of an option's arguments (what a pipeline file's call `["name", ...args]` holds after the name):
 * an array with `prefixItems` (and `items` for a variadic tail), Go integers as `integer` with their range and Go
 * type (`format`).
 * Computed once per schema.
 */
export function argsJsonSchema(schema: ArgsSchema): JsonSchema {
  let built = jsonSchemas.get(schema);
  if (built === undefined) {
    built = z.toJSONSchema(schema, {
      io: 'input',
      unrepresentable: 'any',
      override: (ctx) => {
        const integer = INTEGERS.get(ctx.zodSchema);
        if (integer !== undefined) {
          for (const key of Object.keys(ctx.jsonSchema))
            delete (ctx.jsonSchema as Record<string, unknown>)[key];
          Object.assign(ctx.jsonSchema, integer);
        } else if (ctx.zodSchema._zod.def.type === 'bigint') {
          Object.assign(ctx.jsonSchema, { type: 'integer' });
        }
      },
    });
    jsonSchemas.set(schema, built);
  }
  return built;
}
