/**
 * Every TypeScript sample of docs/cri.md runs as written; where a `text` block follows a sample, it is exactly what
 * the sample prints. The table of the `cri` options is their definitions' (name, doc line, containerd function).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { repoPath } from '@ocispec/test-fixtures';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { criOptions } from '../src/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const doc = fs.readFileSync(repoPath('docs', 'cri.md'), 'utf8');

/** The `ts` blocks of the document, each with the `text` block right after it (if any). */
function samples(markdown: string): { code: string; output: string | undefined; line: number }[] {
  const blocks = [...markdown.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)];
  const out: { code: string; output: string | undefined; line: number }[] = [];
  for (const [i, block] of blocks.entries()) {
    if (block[1] !== 'ts') continue;
    const next = blocks[i + 1];
    const between = next === undefined ? '' : markdown.slice(block.index + block[0].length, next.index);
    const output = next?.[1] === 'text' && !between.includes('```') ? next[2] : undefined;
    out.push({ code: block[2]!, output, line: markdown.slice(0, block.index).split('\n').length });
  }
  return out;
}

// Samples import the packages by name: they are written inside this package so that its resolution applies.
const dir = fs.mkdtempSync(path.join(here, '.doc-samples-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('docs/cri.md samples', () => {
  const all = samples(doc);

  it('has samples', () => {
    expect(all.length).toBeGreaterThanOrEqual(5);
  });

  it.each(all)(
    'the sample at line $line runs and prints what the document says',
    async ({ code, output, line }) => {
      const file = path.join(dir, `sample-${line}.ts`);
      fs.writeFileSync(file, code);
      const printed: string[] = [];
      const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
        printed.push(format(...args));
      });
      try {
        await import(file);
      } finally {
        log.mockRestore();
      }
      if (output !== undefined) expect(`${printed.join('\n')}\n`).toBe(output);
    },
  );
});

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
