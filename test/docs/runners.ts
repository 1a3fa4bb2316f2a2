/**
 * How each language's blocks run: modules (`ts`, `js`) imported through vitest's resolver, shell blocks through
 * bash, data blocks (`json`, `yaml`, `toml`) parsed and, when they are pipeline files or specs, checked with the
 * built `ocispec`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import { parse as parseToml } from 'smol-toml';
import ts from 'typescript';
import { vi } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { DocBlock } from './blocks.js';
import type { DocSession } from './session.js';

/** What a block is, for its runner. */
export type BlockKind = 'module' | 'shell' | 'data' | 'text';

const KINDS: Readonly<Record<string, BlockKind>> = {
  ts: 'module',
  typescript: 'module',
  js: 'module',
  javascript: 'module',
  sh: 'shell',
  bash: 'shell',
  shell: 'shell',
  json: 'data',
  yaml: 'data',
  yml: 'data',
  toml: 'data',
  text: 'text',
  txt: 'text',
};

/** The runner of a block's language, or `undefined` for a language nothing here runs. */
export function kindOf(block: DocBlock): BlockKind | undefined {
  return KINDS[block.lang];
}

// ---------------------------------------------------------------------------------------------------------------
// Modules

const PART = Symbol.for('ocispec.docs.part');
/** Between the parts of a `continues` chain: what is printed before the last part is not its output. */
const PART_MARK = `\n;globalThis[Symbol.for('ocispec.docs.part')]?.();\n`;
const CONSOLE = ['log', 'info', 'warn', 'error', 'debug'] as const;

/**
 * Imports a module sample (with the samples it continues: `chain` ends with the block to run) from the document's
 * working directory, which is also the process's for the time it runs. Returns what the last block printed
 * through `console`.
 */
export async function runModule(session: DocSession, chain: readonly DocBlock[]): Promise<string> {
  const block = chain.at(-1)!;
  const ext = block.lang.startsWith('t') ? 'ts' : 'mjs';
  const file =
    chain.length === 1 && block.file !== undefined
      ? session.path(block.file)
      : session.path(`.sample-${block.line}.${ext}`);
  if (chain.length > 1 || block.file === undefined)
    fs.writeFileSync(file, chain.map((b) => b.text).join(PART_MARK));
  const printed: string[] = [];
  let from = 0;
  const global = globalThis as unknown as Record<symbol, unknown>;
  global[PART] = () => {
    from = printed.length;
  };
  const spies = CONSOLE.map((method) =>
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      printed.push(format(...args));
    }),
  );
  const cwd = process.cwd();
  process.chdir(session.dir);
  try {
    await import(file);
  } finally {
    process.chdir(cwd);
    for (const spy of spies) spy.mockRestore();
    delete global[PART];
  }
  const own = printed.slice(from);
  return own.length === 0 ? '' : `${own.join('\n')}\n`;
}

/** The block at `index` with the module blocks it continues, first to last. */
export function chain(blocks: readonly DocBlock[], index: number): DocBlock[] {
  const out = [blocks[index]!];
  while (out[0]!.continues) {
    const at = blocks.indexOf(out[0]!);
    const previous = blocks.slice(0, at).findLast((b) => kindOf(b) === 'module');
    if (previous === undefined)
      throw new Error(`${out[0]!.doc}:${out[0]!.line}: "continues", but no module block comes before it`);
    out.unshift(previous);
  }
  return out;
}

/** A module block that is not run still has to parse. */
export function checkModuleSyntax(block: DocBlock): void {
  const { diagnostics = [] } = ts.transpileModule(block.text, {
    reportDiagnostics: true,
    fileName: block.lang.startsWith('t') ? 'sample.ts' : 'sample.mjs',
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  if (diagnostics.length > 0)
    throw new Error(diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('\n'));
}

// ---------------------------------------------------------------------------------------------------------------
// Shell

/** Runs a shell block with `bash -e -o pipefail` (a failing command fails the block). Returns what it printed. */
export async function runShell(session: DocSession, block: DocBlock): Promise<string> {
  const { code, signal, output } = await session.run('bash', ['-e', '-o', 'pipefail', '-c', block.text]);
  if (code !== block.exit)
    throw new Error(
      `the block ended with ${signal ?? `exit ${code}`}${block.exit === 0 ? '' : ` (the document says exit ${block.exit})`}:\n${output}`,
    );
  return output;
}

/** A shell block that is not run still has to parse (`bash -n`). */
export async function checkShellSyntax(session: DocSession, block: DocBlock): Promise<void> {
  const { code, output } = await session.run('bash', ['-n', '-c', block.text]);
  if (code !== 0) throw new Error(`bash -n: ${output}`);
}

/** The commands of a `ci` block (comments and blank lines dropped), each of which `.ci/run` must run. */
export function commandsOf(block: DocBlock): string[] {
  return block.text
    .split('\n')
    .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
    .filter((line) => line !== '');
}

// ---------------------------------------------------------------------------------------------------------------
// Data

/** What a data block turned out to be, and how it was checked. */
export type DataCheck = 'pipeline' | 'spec' | 'parsed';

const PIPELINE_FIELDS = new Set([
  'name',
  'platform',
  'namespace',
  'id',
  'labels',
  'base',
  'runtime',
  'plugins',
  'opts',
]);

function isPipeline(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0 && value.every(isPipeline);
  if (typeof value !== 'object' || value === null) return false;
  const keys = Object.keys(value);
  return (
    keys.includes('opts') ||
    (keys.length > 0 && keys.every((k) => PIPELINE_FIELDS.has(k)) && !('ociVersion' in value))
  );
}

function isSpec(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && 'ociVersion' in value;
}

/** Parses a data block by its language (throws with the parser's message). */
export function parseData(block: DocBlock): unknown {
  if (block.lang === 'json') return JSON.parse(block.text);
  if (block.lang === 'toml') return parseToml(block.text);
  return parseYaml(block.text, { uniqueKeys: true });
}

/**
 * Parses a data block; a pipeline file is run with `ocispec generate` (its plugins allowed: they are the
 * document's own files) and a spec checked with `ocispec validate`; each must succeed.
 */
export async function checkData(session: DocSession, block: DocBlock): Promise<DataCheck> {
  const value = parseData(block);
  if (block.lang === 'toml' || block.fragment) return 'parsed';
  const check: DataCheck = isPipeline(value) ? 'pipeline' : isSpec(value) ? 'spec' : 'parsed';
  if (check === 'parsed') return check;
  const name = block.file ?? `.block-${block.line}.${block.lang === 'json' ? 'json' : 'yaml'}`;
  const file = session.path(name);
  if (block.file === undefined) fs.writeFileSync(file, block.text);
  const names = (v: unknown): boolean =>
    Array.isArray(v) ? v.some(names) : typeof v === 'object' && v !== null && 'plugins' in v;
  const args =
    check === 'pipeline'
      ? ['generate', path.relative(session.dir, file), ...(names(value) ? ['--allow-plugins'] : [])]
      : ['validate', path.relative(session.dir, file)];
  const { code, output } = await session.ocispec(args);
  if (code !== block.exit) {
    const said = block.exit === 0 ? '' : ` (the document says exit ${block.exit})`;
    throw new Error(
      `ocispec ${args.join(' ')} (a ${check} block) ended with exit ${code}${said}:\n${output}`,
    );
  }
  return check;
}
