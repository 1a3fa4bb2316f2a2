/**
 * The table of the `cri` options in docs/cri.md is their definitions' (name, doc line, containerd function). The
 * document's samples and the outputs they state are run by the docs suite (test/docs).
 */
import * as fs from 'node:fs';
import { repoPath } from '@ocispec/test-fixtures';
import { describe, expect, it } from 'vitest';
import { criOptions } from '../src/index.js';

const doc = fs.readFileSync(repoPath('docs', 'cri.md'), 'utf8');

/** The table of the cri options, padded as Biome formats markdown tables. */
export function criOptionsTable(): string {
  const rows = criOptions.map((o) => [`\`${o.name}\``, o.doc.replaceAll('|', '\\|'), o.containerd ?? '—']);
  const header = ['option', 'what it does', 'containerd'];
  const widths = header.map((h, i) => Math.max(3, h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

describe('docs/cri.md, the cri options', () => {
  it("lists every cri option with its definition's doc line", () => {
    const table = doc.match(/<!-- The table is checked against[^\n]*-->\n\n((?:\|[^\n]*\n)+)/)?.[1];
    expect(table?.trimEnd()).toBe(criOptionsTable());
  });
});
