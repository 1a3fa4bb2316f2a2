/**
 * Every fenced block of README.md and docs/*.md, run by its language in a working directory of its document
 * (blocks of a document in order, so later ones see the files earlier ones made): modules imported, shell blocks
 * run with bash, pipeline files generated, specs validated, other data parsed; a `text output` block after a block
 * is exactly what that block prints. Blocks marked `no-run — reason` are only parsed, and listed with the reason.
 * The conventions: test/docs/README.md.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoPath } from '@ocispec/test-fixtures';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DocBlock, parseBlocks } from './blocks.js';
import {
  chain,
  checkData,
  checkModuleSyntax,
  checkShellSyntax,
  commandsOf,
  kindOf,
  parseData,
  runModule,
  runShell,
} from './runners.js';
import { DocSession } from './session.js';
import { typecheckSamples } from './typecheck.js';

const DOCS = [
  'README.md',
  ...fs
    .readdirSync(repoPath('docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
];

/** Per document: how many blocks ran, were checked or parsed, stated an output that was compared, were not run. */
interface Tally {
  run: number;
  checked: number;
  parsed: number;
  compared: number;
  text: number;
  noRun: string[];
}
const tallies = new Map<string, Tally>(
  DOCS.map((doc) => [doc, { run: 0, checked: 0, parsed: 0, compared: 0, text: 0, noRun: [] }]),
);

afterAll(() => {
  const rows = [...tallies].map(([doc, t]) =>
    [doc, t.run, t.checked, t.parsed, t.compared, t.text, t.noRun.length].map(String),
  );
  const head = ['document', 'run', 'checked', 'parsed', 'outputs compared', 'text', 'no-run'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  const noRun = [...tallies].flatMap(([, t]) => t.noRun);
  console.log(
    ['doc samples:', line(head), ...rows.map(line), '', 'not run:', ...noRun.map((n) => `  ${n}`)].join('\n'),
  );
});

const ciScript = fs.readFileSync(repoPath('.ci', 'run'), 'utf8');

for (const doc of DOCS) {
  describe(doc, { timeout: 120_000 }, () => {
    let blocks: DocBlock[] = [];
    try {
      blocks = parseBlocks(fs.readFileSync(repoPath(doc), 'utf8'), doc);
    } catch (error) {
      it('its fences parse', () => {
        throw error;
      });
    }
    const tally = tallies.get(doc)!;
    let session: DocSession;

    beforeAll(() => {
      session = new DocSession(doc);
      session.writeFiles(blocks);
    });
    afterAll(() => session?.close());

    it('every fence names a language this suite runs (text for prose, synopses and diagrams)', () => {
      const unknown = blocks.filter((b) => kindOf(b) === undefined).map((b) => `line ${b.line}: "${b.info}"`);
      expect(unknown).toEqual([]);
    });

    for (const [index, block] of blocks.entries()) {
      const kind = kindOf(block);
      if (kind === undefined) continue;
      const next = blocks[index + 1];
      const stated = next?.output === true ? next : undefined;
      if (kind === 'text') {
        if (block.output) {
          const before = blocks[index - 1];
          it(`the output at line ${block.line} follows a block that runs`, () => {
            expect(
              before && kindOf(before) !== 'text' && kindOf(before) !== 'data',
              'an `output` block follows a module or shell block',
            ).toBe(true);
          });
        } else tally.text++;
        continue;
      }
      const title = `${block.lang} at line ${block.line}`;
      if (block.noRun !== undefined || block.ci) {
        const reason = block.ci ? 'set-up steps .ci/run runs on a fresh machine' : block.noRun!;
        tally.noRun.push(`${doc}:${block.line} (${block.lang}): ${reason}`);
        it(`${title} is not run (${reason}); it parses`, async () => {
          if (kind === 'module') checkModuleSyntax(block);
          else if (kind === 'shell') await checkShellSyntax(session, block);
          else parseData(block);
          if (block.ci) {
            const missing = commandsOf(block).filter((command) => !ciScript.includes(command));
            expect(missing, 'commands of a `ci` block that .ci/run does not run').toEqual([]);
          }
        });
        continue;
      }
      it(`${title} runs${stated === undefined ? '' : ' and prints what the document says'}`, async () => {
        if (kind === 'data') {
          const check = await checkData(session, block);
          if (check === 'parsed') tally.parsed++;
          else tally.checked++;
          return;
        }
        const output =
          kind === 'module' ? await runModule(session, chain(blocks, index)) : await runShell(session, block);
        tally.run++;
        if (stated !== undefined) {
          expect(output.trimEnd(), `the output stated at line ${stated.line}`).toBe(stated.text.trimEnd());
          tally.compared++;
        }
      });
    }
  });
}

describe('TypeScript samples', () => {
  it('typecheck as written, against the workspace packages', { timeout: 300_000 }, () => {
    const docs = new Map(DOCS.map((doc) => [doc, parseBlocks(fs.readFileSync(repoPath(doc), 'utf8'), doc)]));
    const runs = repoPath('test', 'docs', '.run');
    fs.mkdirSync(runs, { recursive: true });
    const dir = fs.mkdtempSync(path.join(runs, 'typecheck-'));
    try {
      const errors = typecheckSamples(dir, docs).map((e) => `${e.where}: ${e.message}`);
      expect(errors).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
