/** Derives the printing {@link Layout} from the zod model by walking zod 4 schema internals. */
import type { z } from 'zod';
import { fieldRegistry } from './fields.js';
import { goFoldKey } from './go-fold.js';
import type { FieldLayout, Layout, ObjectLayout } from './layout.js';
import { type LayoutData, layoutFromData } from './layout-data.js';
import { SPEC_LAYOUT_JSON } from './spec-layout.data.js';

type Schema = z.core.$ZodType;

const SCALAR: Layout = { kind: 'scalar' };
const ANY: Layout = { kind: 'any' };
const INTERFACE: Layout = { kind: 'interface' };
const cache = new WeakMap<Schema, Layout>();

function defOf(schema: Schema): z.core.$ZodTypes['_zod']['def'] {
  return (schema as z.core.$ZodTypes)._zod.def;
}

/** Strips the wrappers that do not change a value's JSON shape (optional, nullable, readonly, default, ...). */
function unwrap(schema: Schema): Schema {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    switch (def.type) {
      case 'optional':
      case 'nullable':
      case 'readonly':
      case 'default':
      case 'prefault':
      case 'nonoptional':
      case 'catch':
        current = def.innerType;
        break;
      case 'lazy':
        current = def.getter();
        break;
      case 'pipe':
        current = def.in;
        break;
      default:
        return current;
    }
  }
}

function isNullable(schema: Schema): boolean {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if (def.type === 'nullable') return true;
    if (def.type === 'optional' || def.type === 'readonly' || def.type === 'default') {
      current = def.innerType;
      continue;
    }
    return false;
  }
}

/** The layout of a zod schema: objects keep their shape's key order; unions of scalars are scalars. */
export function layoutOf(schema: Schema): Layout {
  const inner = unwrap(schema);
  const cached = cache.get(inner);
  if (cached !== undefined) return cached;
  const layout = computeLayout(inner);
  cache.set(inner, layout);
  return layout;
}

function computeLayout(schema: Schema): Layout {
  const def = defOf(schema);
  switch (def.type) {
    case 'object':
      return objectLayout(def.shape);
    case 'array':
      return { kind: 'array', element: layoutOf(def.element) };
    case 'record':
      return { kind: 'record', value: layoutOf(def.valueType) };
    case 'union': {
      const options = def.options.map((option) => layoutOf(option));
      return options.every((option) => option.kind === 'scalar') ? SCALAR : ANY;
    }
    case 'string':
    case 'number':
    case 'bigint':
    case 'boolean':
    case 'literal':
    case 'enum':
    case 'template_literal':
    case 'null':
    case 'nan':
      return SCALAR;
    case 'unknown':
      return INTERFACE;
    default:
      return ANY;
  }
}

function objectLayout(shape: Readonly<Record<string, Schema>>): ObjectLayout {
  const fields: FieldLayout[] = Object.entries(shape).map(([key, field]) => {
    const meta = fieldRegistry.get(field);
    const emit = meta?.emit ?? 'omitempty';
    const zero = emit === 'always' ? (meta?.zero !== undefined ? meta.zero : zeroOf(field)) : undefined;
    return lazyLayout({ key, emit, zero }, field);
  });
  return {
    kind: 'object',
    fields,
    byKey: new Map(fields.map((field) => [field.key, field])),
    byFold: new Map(fields.map((field) => [goFoldKey(field.key), field])),
  };
}

/**
 * A field whose `layout` is worked out when first read (then a plain property): a struct's layout does not build
 * the schemas of its fields (lazy.ts) until a value of them is printed or checked.
 */
function lazyLayout(field: Omit<FieldLayout, 'layout'>, schema: Schema): FieldLayout {
  return Object.defineProperty(field, 'layout', {
    get(this: FieldLayout) {
      const layout = layoutOf(schema);
      Object.defineProperty(this, 'layout', { value: layout, enumerable: true, writable: false });
      return layout;
    },
    enumerable: true,
    configurable: true,
  }) as FieldLayout;
}

/**
 * The JSON Go prints for a field's zero value: `null` for slices, maps, pointers and interfaces, `""`, `0`,
 * `false`, and for a struct value the zero struct (its `always` fields, recursively).
 */
export function zeroOf(schema: Schema): unknown {
  if (isNullable(schema)) return null;
  const def = defOf(unwrap(schema));
  switch (def.type) {
    case 'string':
      return '';
    case 'number':
    case 'bigint':
      return 0;
    case 'boolean':
      return false;
    case 'union':
      return def.options.length > 0 && def.options.every((option) => zeroOf(option) === 0) ? 0 : null;
    case 'object': {
      const layout = layoutOf(schema);
      const zero: Record<string, unknown> = {};
      if (layout.kind === 'object') {
        for (const field of layout.fields) if (field.emit === 'always') zero[field.key] = field.zero;
      }
      return zero;
    }
    default:
      return null;
  }
}

/**
 * The layout of the whole runtime-spec v1.3.0 model: `layoutOf(SpecSchema)`, read from the data `pnpm gen:layout`
 * derived from it (a test checks they are equal), so that printing a spec builds no zod schema.
 */
export const specLayout: ObjectLayout = layoutFromData(
  JSON.parse(SPEC_LAYOUT_JSON) as LayoutData,
) as ObjectLayout;
