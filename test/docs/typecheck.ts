/**
 * Typechecks the TypeScript samples of the documents as one program, with the workspace's compiler options
 * (tsconfig.base.json: strict, NodeNext, the `@ocispec/source` condition, so `@ocispec/*` imports are checked
 * against the packages' sources). Each document's samples are files of their own directory, as a reader would
 * save them: `file=NAME` blocks under their name, other samples (with the samples they continue) as
 * `.sample-LINE.ts`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoPath } from '@ocispec/test-fixtures';
import ts from 'typescript';
import type { DocBlock } from './blocks.js';
import { chain } from './runners.js';

/** One type error of a sample: where the document has it, and the compiler's message. */
export interface SampleError {
  /** `docs/x.md:LINE` of the sample's opening fence. */
  readonly where: string;
  readonly message: string;
}

/**
 * Typechecks the TypeScript blocks of `docs` (each document's blocks) in `dir`, one subdirectory per document
 * holding its `file=NAME` blocks (of any language, so that samples find what they import) and its other samples.
 * Blocks marked `no-run` are checked too: not running is no excuse for not compiling. Returns every error, by the
 * sample it is in; `[]` when all typecheck.
 */
export function typecheckSamples(dir: string, docs: ReadonlyMap<string, readonly DocBlock[]>): SampleError[] {
  const owners = new Map<string, DocBlock>();
  for (const [doc, blocks] of docs) {
    const docDir = path.join(dir, doc.replace(/[^A-Za-z0-9]+/g, '-'));
    for (const [index, block] of blocks.entries()) {
      const isTs = block.lang === 'ts' || block.lang === 'typescript';
      if (!isTs && block.file === undefined) continue;
      const target = path.join(docDir, block.file ?? `.sample-${block.line}.ts`);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const text =
        isTs && block.file === undefined
          ? chain(blocks, index)
              .map((b) => b.text)
              .join('\n')
          : block.text;
      fs.writeFileSync(target, text);
      if (isTs) owners.set(path.resolve(target), block);
    }
  }
  const config = ts.readConfigFile(repoPath('tsconfig.base.json'), (f) => ts.sys.readFile(f));
  if (config.error !== undefined)
    throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, '\n'));
  const { options, errors } = ts.parseJsonConfigFileContent(config.config, ts.sys, repoPath());
  if (errors.length > 0)
    throw new Error(errors.map((e) => ts.flattenDiagnosticMessageText(e.messageText, '\n')).join('\n'));
  const program = ts.createProgram([...owners.keys()], { ...options, noEmit: true, declaration: false });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const file = diagnostic.file;
    const block = file === undefined ? undefined : owners.get(path.resolve(file.fileName));
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (file === undefined || diagnostic.start === undefined)
      return { where: block === undefined ? '(program)' : `${block.doc}:${block.line}`, message: text };
    const { line, character } = file.getLineAndCharacterOfPosition(diagnostic.start);
    const where =
      block === undefined ? path.relative(repoPath(), file.fileName) : `${block.doc}:${block.line}`;
    return { where, message: `(sample line ${line + 1}:${character + 1}) TS${diagnostic.code}: ${text}` };
  });
}
