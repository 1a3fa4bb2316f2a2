/** Finds keys the model does not know (containerd would silently drop them). */
import { isJsonObject } from '../json/value.js';
import type { Layout } from './layout.js';
import { specLayout } from './layout-of.js';
import { toPointer } from './pointer.js';

/**
 * JSON pointers of every key in `value` not known at its position in `layout` (the spec model by default),
 * in document order. Recurses through known objects, arrays and maps (a map's keys are all known); values of
 * the wrong JSON type are skipped (schema validation reports those).
 */
export function findUnknownFields(value: unknown, layout: Layout = specLayout): string[] {
  const found: string[] = [];
  walk(value, layout, [], found);
  return found;
}

function walk(value: unknown, layout: Layout, path: (string | number)[], found: string[]): void {
  switch (layout.kind) {
    case 'object':
      if (!isJsonObject(value)) return;
      for (const [key, child] of Object.entries(value)) {
        const field = layout.byKey.get(key);
        path.push(key);
        if (field === undefined) found.push(toPointer(path));
        else walk(child, field.layout, path, found);
        path.pop();
      }
      return;
    case 'array':
      if (!Array.isArray(value)) return;
      value.forEach((element, index) => {
        path.push(index);
        walk(element, layout.element, path, found);
        path.pop();
      });
      return;
    case 'record':
      if (!isJsonObject(value)) return;
      for (const [key, child] of Object.entries(value)) {
        path.push(key);
        walk(child, layout.value, path, found);
        path.pop();
      }
      return;
    default:
      return;
  }
}
