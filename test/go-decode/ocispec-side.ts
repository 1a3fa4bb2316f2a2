/**
 * ocispec's answer for a spec text, in the driver's terms: decode (`decodeSpec`) and print (`printJson` over the
 * spec layout) what both know, i.e. without the unknown fields (Go drops them).
 */

import { decodeSpec, JsonSyntaxError, printJson } from '@ocispec/core';
import type { GoStructType, GoType } from '@ocispec/core/internal';
import { type Layout, specGoType, specLayout } from '@ocispec/core/internal';
import type { GoVerdict } from './go-driver.js';

type Obj = Record<string, unknown>;

/** `value` without the keys `layout` does not know, at every depth (interface values untouched). */
export function withoutUnknown(value: unknown, layout: Layout): unknown {
  if (value === null || typeof value !== 'object') return value;
  switch (layout.kind) {
    case 'object': {
      const out: Obj = {};
      for (const field of layout.fields) {
        if (Object.hasOwn(value, field.key))
          out[field.key] = withoutUnknown((value as Obj)[field.key], field.layout);
      }
      return out;
    }
    case 'array':
      return Array.isArray(value) ? value.map((v) => withoutUnknown(v, layout.element)) : value;
    case 'record': {
      const out: Obj = {};
      for (const [k, v] of Object.entries(value)) out[k] = withoutUnknown(v, layout.value);
      return out;
    }
    default:
      return value;
  }
}

/** Go's `UnmarshalTypeError.Field` for a problem at `pointer`: the struct field names on the way, joined by `.`. */
export function goFieldPath(pointer: string): string {
  const names: string[] = [];
  let type: GoType = specGoType;
  for (const raw of pointer.split('/').slice(1)) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    while (type.kind === 'pointer') type = type.elem;
    if (type.kind === 'struct') {
      const field = (type as GoStructType).byName.get(token);
      if (field === undefined) break;
      names.push(field.name);
      type = field.type;
    } else if (type.kind === 'slice' || type.kind === 'map') {
      type = type.elem;
    } else break;
  }
  return names.join('.');
}

/** What ocispec reads from `text`, in the driver's terms. */
export function ocispecDecode(text: string | Uint8Array): GoVerdict {
  let decoded: ReturnType<typeof decodeSpec>;
  try {
    decoded = decodeSpec(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { kind: 'syntax', message: error.message };
    throw error;
  }
  const problem = decoded.problems[0];
  if (problem !== undefined) {
    return {
      kind: 'type',
      field: goFieldPath(problem.pointer),
      message: `${problem.pointer}: ${problem.message}`,
    };
  }
  return { kind: 'ok', printed: printJson(withoutUnknown(decoded.value, specLayout), specLayout) };
}
