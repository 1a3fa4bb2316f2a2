/** The spec's printing layout is read from data (`spec-layout.data.ts`): it must be what the zod model derives. */
import { describe, expect, it } from 'vitest';
import { goFoldKey } from '../../src/model/go-fold.js';
import { layoutFromData, layoutToData } from '../../src/model/layout-data.js';
import { layoutOf, specLayout } from '../../src/model/layout-of.js';
import { SpecSchema } from '../../src/model/spec.js';
import { SPEC_LAYOUT_JSON } from '../../src/model/spec-layout.data.js';
import { deriveSpecLayoutData } from '../../src/model/spec-layout-derive.js';

describe('the spec layout data', () => {
  it('is the layout the zod model derives (else run `pnpm gen:layout`)', () => {
    expect(JSON.parse(SPEC_LAYOUT_JSON)).toEqual(deriveSpecLayoutData());
  });

  it('reads back as layoutOf(SpecSchema) itself: fields, print rules, zero values, lookup maps', () => {
    expect(specLayout).toEqual(layoutOf(SpecSchema));
    expect(specLayout.byFold?.get(goFoldKey('Process'))?.key).toBe('process');
  });

  it('round-trips through data for every kind of layout', () => {
    const data = layoutToData(layoutOf(SpecSchema));
    expect(layoutToData(layoutFromData(data))).toEqual(data);
  });
});
