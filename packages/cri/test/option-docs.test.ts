/**
 * Each cri option says what it does once: its `doc` line is the first sentence of the TSDoc on its
 * `export const <name> = defineOpt(...)` (`cri.withMounts` is the export `withMounts` of the `cri` namespace), and
 * the TSDoc's `containerd:` line names its containerd function.
 */
import { fileURLToPath } from 'node:url';
import { optionDocs } from '@ocispec/test-fixtures';
import { describe, expect, it } from 'vitest';
import { cri, criOptions } from '../src/index.js';

const src = fileURLToPath(new URL('../src/options/', import.meta.url));

describe("the cri options' docs", () => {
  const docs = new Map(optionDocs(src).map((doc) => [doc.name, doc]));

  it('every option is the export of its name in the cri namespace, and registered', () => {
    const exports = Object.keys(cri).sort();
    expect(criOptions.map((o) => o.name.replace(/^cri\./, '')).sort()).toEqual(exports);
    for (const [name, option] of Object.entries(cri)) expect(option.name).toBe(`cri.${name}`);
  });

  it("every option's doc line is its TSDoc's first sentence, its containerd name the TSDoc's", () => {
    const problems: string[] = [];
    for (const option of criOptions) {
      const doc = docs.get(option.name.replace(/^cri\./, ''));
      if (doc === undefined) problems.push(`${option.name}: no TSDoc`);
      else if (doc.summary !== option.doc) problems.push(`${option.name}: ${option.doc} ≠ ${doc.summary}`);
      else if (doc.containerd !== option.containerd) {
        problems.push(`${option.name}: containerd ${option.containerd} ≠ TSDoc ${doc.containerd}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('the containerd name is an internal/cri/opts function', () => {
    for (const option of criOptions) {
      if (option.containerd !== undefined) expect(option.containerd, option.name).toMatch(/^opts\.With/);
    }
  });
});
