/**
 * The printing layout as plain JSON data, and back. The spec's layout is derived from the zod model
 * (`layoutOf(SpecSchema)`), but printing a spec must not build the model (lazy.ts): `spec-layout.data.ts` holds
 * the derived layout as data, written by `pnpm gen:layout` and checked against the model by a test.
 */
import { goFoldKey } from './go-fold.js';
import type { FieldEmit, FieldLayout, Layout, ObjectLayout } from './layout.js';

/** A layout as JSON: an object's fields as `[key, emit, layout, zero?]` (zero only for `always` fields). */
export type LayoutData =
  | { readonly o: readonly FieldData[] }
  | { readonly a: LayoutData }
  | { readonly r: LayoutData }
  | 'scalar'
  | 'interface'
  | 'any';

type FieldData = readonly [key: string, emit: FieldEmit, layout: LayoutData, zero?: unknown];

/** `layout` as data (the inverse of {@link layoutFromData}). */
export function layoutToData(layout: Layout): LayoutData {
  switch (layout.kind) {
    case 'object':
      return {
        o: layout.fields.map((f): FieldData => {
          const data = layoutToData(f.layout);
          return f.emit === 'always' ? [f.key, f.emit, data, f.zero] : [f.key, f.emit, data];
        }),
      };
    case 'array':
      return { a: layoutToData(layout.element) };
    case 'record':
      return { r: layoutToData(layout.value) };
    default:
      return layout.kind;
  }
}

const SCALAR: Layout = { kind: 'scalar' };
const INTERFACE: Layout = { kind: 'interface' };
const ANY: Layout = { kind: 'any' };

/** The layout `data` describes, as `layoutOf` would have derived it. */
export function layoutFromData(data: LayoutData): Layout {
  if (data === 'scalar') return SCALAR;
  if (data === 'interface') return INTERFACE;
  if (data === 'any') return ANY;
  if ('a' in data) return { kind: 'array', element: layoutFromData(data.a) };
  if ('r' in data) return { kind: 'record', value: layoutFromData(data.r) };
  const fields = data.o.map(
    ([key, emit, layout, zero]): FieldLayout => ({ key, emit, layout: layoutFromData(layout), zero }),
  );
  const object: ObjectLayout = {
    kind: 'object',
    fields,
    byKey: new Map(fields.map((field) => [field.key, field])),
    byFold: new Map(fields.map((field) => [goFoldKey(field.key), field])),
  };
  return object;
}
