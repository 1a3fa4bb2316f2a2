/** Each option says what it does once: its `doc` line is the first sentence of its TSDoc (see test-fixtures). */
import { fileURLToPath } from 'node:url';
import { optionDocProblems, optionDocs } from '@ocispec/test-fixtures';
import { describe, expect, it } from 'vitest';
import { cdiOptions as options } from '../src/options.js';

const src = fileURLToPath(new URL('../src/', import.meta.url));

describe("the cdi options' docs", () => {
  it('every option has a TSDoc whose first sentence is its doc line and whose containerd line is its containerd name', () => {
    expect(optionDocProblems(src, options)).toEqual([]);
  });

  it('every TSDoc states the containerd function it re-implements', () => {
    expect(optionDocs(src).map((doc) => doc.name)).toEqual(options.map((option) => option.name));
    for (const option of options) expect(option.containerd, option.name).toBe('cdi.WithCDIDevices');
  });
});
