/** The spec's layout derived from the zod model, as the data `spec-layout.data.ts` holds (`pnpm gen:layout`). */
import { type LayoutData, layoutToData } from './layout-data.js';
import { layoutOf } from './layout-of.js';
import { SpecSchema } from './spec.js';

/** `layoutOf(SpecSchema)` as data: what `SPEC_LAYOUT_JSON` must parse to. */
export function deriveSpecLayoutData(): LayoutData {
  return layoutToData(layoutOf(SpecSchema));
}
