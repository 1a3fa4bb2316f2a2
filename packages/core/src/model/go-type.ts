/**
 * The Go type of every field of runtime-spec's `specs-go`, derived once from the zod model: what the Go-exact
 * decoder (`json/go-decode.ts`) needs to read spec JSON as encoding/json reads it into the Go structs. The model's
 * helpers carry the Go kinds: `pointer()`/`.nullable()` on a struct or scalar is a Go pointer, `slice()` a Go
 * slice, `map()` a Go map, `z.unknown()` an `interface{}`, and the integer schemas of `numbers.ts` the Go
 * integer types (recognised by identity).
 */
import type { z } from 'zod';
import { goFoldKey } from './go-fold.js';
import { int32, int64, uint8, uint16, uint32, uint64 } from './numbers.js';
import { LinuxSeccompSchema } from './seccomp.js';
import { SpecSchema } from './spec.js';

type Schema = z.core.$ZodType;

/** A Go type as encoding/json decodes into it. */
export type GoType =
  | GoStructType
  | GoPointerType
  | GoSliceType
  | GoMapType
  | GoStringType
  | GoBoolType
  | GoIntType
  | GoInterfaceType;

/** A struct: fields matched by exact name first, then by Go's case folding (see `go-fold.ts`). */
export interface GoStructType {
  readonly kind: 'struct';
  readonly fields: readonly GoField[];
  readonly byName: ReadonlyMap<string, GoField>;
  /** Fields by their folded name (`goFoldKey`); no two fields of a spec struct fold alike. */
  readonly byFold: ReadonlyMap<string, GoField>;
}

export interface GoField {
  /** The JSON name (the `json` tag): the canonical key. */
  readonly name: string;
  /** Position in the struct, below 31 (the decoder keeps a bit mask of the fields an object set). */
  readonly index: number;
  readonly type: GoType;
}

/** `*T`: `null` sets nil; anything else allocates `T` when nil and decodes into it. */
export interface GoPointerType {
  readonly kind: 'pointer';
  readonly elem: GoType;
}

/** `[]T`: `null` sets nil; an array decodes into the existing elements, then cuts or grows. */
export interface GoSliceType {
  readonly kind: 'slice';
  readonly elem: GoType;
}

/** `map[string]T`: `null` sets nil; an object adds its entries, each value decoded fresh. */
export interface GoMapType {
  readonly kind: 'map';
  readonly elem: GoType;
}

export interface GoStringType {
  readonly kind: 'string';
}

export interface GoBoolType {
  readonly kind: 'bool';
}

/** An integer type: a literal must satisfy `strconv.ParseInt`/`ParseUint` and fit `min..max`. */
export interface GoIntType {
  readonly kind: 'int';
  /** As messages name it: `uint32`, `int64`, ... (Go `int`/`uint` are 64-bit, as on containerd's platforms). */
  readonly name: string;
  readonly unsigned: boolean;
  readonly min: bigint;
  readonly max: bigint;
}

/** `interface{}`: JSON decoded fresh into `map[string]any`, `[]any`, `float64`, `string`, `bool` or nil. */
export interface GoInterfaceType {
  readonly kind: 'interface';
}

function intType(name: string, min: bigint, max: bigint): GoIntType {
  return Object.freeze({ kind: 'int', name, unsigned: min === 0n, min, max });
}

/** The integer schemas of the model, recognised by identity (`goInt`/`goUint` are `int64`/`uint64`). */
const INT_TYPES = new Map<Schema, GoIntType>([
  [int64, intType('int64', -(2n ** 63n), 2n ** 63n - 1n)],
  [uint64, intType('uint64', 0n, 2n ** 64n - 1n)],
  [int32, intType('int32', -(2n ** 31n), 2n ** 31n - 1n)],
  [uint32, intType('uint32', 0n, 2n ** 32n - 1n)],
  [uint16, intType('uint16', 0n, 65535n)],
  [uint8, intType('uint8', 0n, 255n)],
]);

const STRING: GoStringType = Object.freeze({ kind: 'string' });
const BOOL: GoBoolType = Object.freeze({ kind: 'bool' });
const INTERFACE: GoInterfaceType = Object.freeze({ kind: 'interface' });
const structs = new WeakMap<Schema, GoStructType>();

function defOf(schema: Schema): z.core.$ZodTypes['_zod']['def'] {
  return (schema as z.core.$ZodTypes)._zod.def;
}

/** The Go type a field schema of the model stands for. */
export function goTypeOf(schema: Schema): GoType {
  let current = schema;
  let nullable = false;
  for (;;) {
    const int = INT_TYPES.get(current);
    if (int !== undefined) return nullable ? { kind: 'pointer', elem: int } : int;
    const def = defOf(current);
    switch (def.type) {
      case 'optional':
      case 'readonly':
      case 'default':
      case 'prefault':
      case 'nonoptional':
      case 'catch':
        current = def.innerType;
        continue;
      case 'nullable':
        nullable = true;
        current = def.innerType;
        continue;
      case 'lazy':
        current = def.getter();
        continue;
      case 'pipe':
        current = def.in;
        continue;
      case 'string':
      case 'enum':
      case 'literal':
      case 'template_literal':
        return nullable ? { kind: 'pointer', elem: STRING } : STRING;
      case 'boolean':
        return nullable ? { kind: 'pointer', elem: BOOL } : BOOL;
      case 'unknown':
      case 'any':
        return INTERFACE;
      case 'array':
        return { kind: 'slice', elem: goTypeOf(def.element) };
      case 'record':
        return { kind: 'map', elem: goTypeOf(def.valueType) };
      case 'object': {
        const shape = def.shape;
        const struct = structOf(current, () => shape);
        return nullable ? { kind: 'pointer', elem: struct } : struct;
      }
      default:
        throw new Error(`@ocispec/core: no Go type for zod type ${def.type}`);
    }
  }
}

/**
 * The struct type of an object schema. Its fields are worked out when first read, so that importing the model
 * costs nothing for a command that never decodes spec text (`ocispec spec`, a pipeline without a base file).
 */
function structOf(schema: Schema, shape: () => Readonly<Record<string, Schema>>): GoStructType {
  const cached = structs.get(schema);
  if (cached !== undefined) return cached;
  const struct = { kind: 'struct' } as GoStructType;
  const members = (): Pick<GoStructType, 'fields' | 'byName' | 'byFold'> => {
    const built = structMembers(shape());
    // From now on plain data properties: the decoder reads them on every key.
    for (const [key, value] of Object.entries(built))
      Object.defineProperty(struct, key, { value, enumerable: true, writable: false, configurable: false });
    return built;
  };
  for (const key of ['fields', 'byName', 'byFold'] as const)
    Object.defineProperty(struct, key, { get: () => members()[key], enumerable: true, configurable: true });
  structs.set(schema, struct);
  return struct;
}

function structMembers(
  shape: Readonly<Record<string, Schema>>,
): Pick<GoStructType, 'fields' | 'byName' | 'byFold'> {
  const fields = Object.entries(shape).map(([name, field], index) => ({
    name,
    index,
    type: goTypeOf(field),
  }));
  if (fields.length > 31) throw new Error('@ocispec/core: a Go struct of the model has more than 31 fields');
  const byFold = new Map<string, GoField>();
  for (const field of fields) {
    const folded = goFoldKey(field.name);
    if (byFold.has(folded)) throw new Error(`@ocispec/core: fields fold alike: ${field.name}`);
    byFold.set(folded, field);
  }
  return { fields, byName: new Map(fields.map((field) => [field.name, field])), byFold };
}

/**
 * The struct type of one of the model's object schemas, which is not built (the model's schemas are made on first
 * use, see lazy.ts) until the struct's fields are first read.
 */
function modelStruct(schema: Schema): GoStructType {
  return structOf(schema, () => {
    const def = defOf(schema);
    if (def.type !== 'object')
      throw new Error(`@ocispec/core: a Go struct of the model is a zod ${def.type}`);
    return def.shape;
  });
}

/** `specs.Spec`, the type containerd and runc decode `config.json` into. */
export const specGoType = modelStruct(SpecSchema);

export { goFoldKey };

/** `specs.LinuxSeccomp`, the type containerd's `seccomp.WithProfile` decodes a profile file into. */
export const seccompGoType = modelStruct(LinuxSeccompSchema);
