/**
 * fast-check arbitraries from an option's argument schema (the JSON Schema `defineOpt` gives with `.jsonSchema()`,
 * zod's draft 2020-12 output): values shaped like what the schema describes, and near misses, for the argument
 * contract check. The zod schema stays the judge of what is accepted (the check builds the option with each value
 * and keeps the accepted ones), so an approximation here costs runs, never a wrong verdict. No library maps JSON
 * Schema (or zod 4) to fast-check; the subset here is what zod emits for option arguments.
 */
import fc from 'fast-check';

/** A JSON Schema, as `OptDefinition.jsonSchema()` returns it. */
export type JsonSchemaNode = boolean | { readonly [keyword: string]: unknown };

const MAX_DEPTH = 4;
const INT_RANGES: Record<string, [bigint, bigint]> = {
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
};

/** Any JSON value a pipeline file can hold (bigints for integers past 2^53), small. */
export function anyJson(depth = 2): fc.Arbitrary<unknown> {
  const leaf = fc.oneof(
    fc.string(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }),
  );
  if (depth <= 0) return leaf;
  return fc.oneof(
    { weight: 3, arbitrary: leaf },
    { weight: 1, arbitrary: fc.array(anyJson(depth - 1), { maxLength: 3 }) },
    {
      weight: 1,
      arbitrary: fc.dictionary(fc.string(), anyJson(depth - 1), { maxKeys: 3, noNullPrototype: true }),
    },
  );
}

/** Values for `schema` (the argument list's schema: an array). */
export function arbitraryFromJsonSchema(schema: JsonSchemaNode): fc.Arbitrary<unknown> {
  return fromSchema(schema, schema, 0);
}

/** Argument lists for an option: mostly shaped by its schema, some any JSON (near misses the schema must judge). */
export function argumentsArbitrary(schema: JsonSchemaNode): fc.Arbitrary<unknown[]> {
  const shaped = arbitraryFromJsonSchema(schema).map((v) => (Array.isArray(v) ? v : [v]));
  return fc.oneof(
    { weight: 6, arbitrary: shaped },
    { weight: 1, arbitrary: fc.array(anyJson(), { maxLength: 4 }) },
  );
}

type Node = { readonly [keyword: string]: unknown };

function fromSchema(schema: JsonSchemaNode, root: JsonSchemaNode, depth: number): fc.Arbitrary<unknown> {
  if (schema === true || schema === false) return anyJson();
  if (depth > MAX_DEPTH) return anyJson(0);
  const node = schema as Node;
  if (typeof node.$ref === 'string') return fromSchema(lookup(node.$ref, root), root, depth + 1);
  if ('const' in node) return fc.constant(node.const);
  if (Array.isArray(node.enum) && node.enum.length > 0) return fc.constantFrom(...(node.enum as unknown[]));
  const union = (node.anyOf ?? node.oneOf) as JsonSchemaNode[] | undefined;
  if (Array.isArray(union) && union.length > 0)
    return fc.oneof(...union.map((s) => fromSchema(s, root, depth + 1)));
  if (Array.isArray(node.allOf) && node.allOf.length > 0) {
    const { allOf, ...rest } = node;
    return fromSchema(Object.assign({}, rest, ...(allOf as Node[])), root, depth + 1);
  }
  const type = node.type;
  if (Array.isArray(type)) return fc.oneof(...type.map((t) => fromSchema({ ...node, type: t }, root, depth)));
  switch (type) {
    case 'string':
      return stringArbitrary(node);
    case 'integer':
      return integerArbitrary(node);
    case 'number':
      return fc.double({
        noNaN: true,
        noDefaultInfinity: true,
        ...(typeof node.minimum === 'number' ? { min: node.minimum } : {}),
        ...(typeof node.maximum === 'number' ? { max: node.maximum } : {}),
      });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return arrayArbitrary(node, root, depth);
    case 'object':
      return objectArbitrary(node, root, depth);
    default:
      return anyJson();
  }
}

function lookup(ref: string, root: JsonSchemaNode): JsonSchemaNode {
  if (ref === '#') return root;
  const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref);
  const defs =
    match === null
      ? undefined
      : ((root as Node)[match[1] as string] as Record<string, JsonSchemaNode> | undefined);
  return defs?.[decodeURIComponent(match?.[2] ?? '')] ?? true;
}

function stringArbitrary(node: Node): fc.Arbitrary<string> {
  const minLength = typeof node.minLength === 'number' ? node.minLength : 0;
  const maxLength = typeof node.maxLength === 'number' ? node.maxLength : Math.max(minLength, 24);
  if (typeof node.pattern === 'string') {
    try {
      const pattern = new RegExp(node.pattern);
      return fc.stringMatching(pattern).filter((s) => s.length >= minLength && s.length <= maxLength);
    } catch {
      // A pattern JavaScript cannot compile: plain strings (the zod schema judges them).
    }
  }
  return fc.oneof(
    fc.string({ minLength, maxLength }),
    fc.string({ minLength, maxLength, unit: 'binary' }),
    fc
      .constantFrom('', '/', '..', ' ', 'a=b', '\n', '\u0000')
      .filter((s) => s.length >= minLength && s.length <= maxLength),
  );
}

function integerArbitrary(node: Node): fc.Arbitrary<number | bigint> {
  const range = typeof node.format === 'string' ? INT_RANGES[node.format] : undefined;
  const min = typeof node.minimum === 'number' ? node.minimum : undefined;
  const max = typeof node.maximum === 'number' ? node.maximum : undefined;
  const safe = fc.integer({
    min: Math.max(min ?? Number.MIN_SAFE_INTEGER, Number.MIN_SAFE_INTEGER),
    max: Math.min(max ?? Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
  });
  const small = fc.integer({ min: Math.max(min ?? -1000, -1000), max: Math.min(max ?? 1000, 1000) });
  const edges = fc.constantFrom(
    ...[min, max, 0, -1, 1].filter(
      (v): v is number =>
        v !== undefined && (min === undefined || v >= min) && (max === undefined || v <= max),
    ),
  );
  const parts: fc.Arbitrary<number | bigint>[] = [small, safe, edges];
  if (range !== undefined) {
    parts.push(fc.bigInt({ min: range[0], max: range[1] }));
    parts.push(fc.constantFrom(range[0], range[1]));
  }
  return fc.oneof(...parts);
}

function arrayArbitrary(node: Node, root: JsonSchemaNode, depth: number): fc.Arbitrary<unknown[]> {
  const prefix = (Array.isArray(node.prefixItems) ? node.prefixItems : []) as JsonSchemaNode[];
  const items = node.items as JsonSchemaNode | undefined;
  const minItems = typeof node.minItems === 'number' ? node.minItems : prefix.length;
  const maxItems = typeof node.maxItems === 'number' ? node.maxItems : undefined;
  const rest =
    items === undefined || items === false
      ? fc.constant([] as unknown[])
      : fc.array(fromSchema(items, root, depth + 1), { maxLength: 4 });
  return fc
    .tuple(fc.tuple(...prefix.map((s) => fromSchema(s, root, depth + 1))), rest, fc.nat(prefix.length))
    .map(([head, tail, cut]) => {
      // Optional trailing items (minItems below the prefix's length) are left out at random.
      const kept = head.slice(0, Math.max(minItems, prefix.length - cut));
      const all = kept.length < prefix.length ? kept : [...kept, ...tail];
      return maxItems === undefined ? all : all.slice(0, maxItems);
    });
}

function objectArbitrary(
  node: Node,
  root: JsonSchemaNode,
  depth: number,
): fc.Arbitrary<Record<string, unknown>> {
  const properties = (node.properties ?? {}) as Record<string, JsonSchemaNode>;
  const required = new Set(Array.isArray(node.required) ? (node.required as string[]) : []);
  const known = fc.record(
    Object.fromEntries(Object.entries(properties).map(([key, s]) => [key, fromSchema(s, root, depth + 1)])),
    { requiredKeys: Object.keys(properties).filter((k) => required.has(k)), noNullPrototype: true },
  );
  const additional = node.additionalProperties;
  if (additional === false || (additional === undefined && Object.keys(properties).length > 0)) return known;
  const keys =
    node.propertyNames === undefined
      ? fc.string()
      : (fromSchema(node.propertyNames as JsonSchemaNode, root, depth + 1) as fc.Arbitrary<string>);
  const values =
    additional === undefined || additional === true
      ? anyJson(1)
      : fromSchema(additional as JsonSchemaNode, root, depth + 1);
  return fc
    .tuple(
      known,
      fc.dictionary(
        keys.filter((k) => typeof k === 'string'),
        values,
        { maxKeys: 4, noNullPrototype: true },
      ),
    )
    .map(([a, b]) => ({ ...b, ...a }));
}
