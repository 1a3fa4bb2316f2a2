/**
 * A document's working directory: where its blocks run, in order, as a reader following the page would run them.
 *
 * It lies inside the repository (test/docs/.run/), so that module samples resolve the workspace packages by their
 * published names and `pnpm --silent ocispec` finds the workspace's script; `bin/` holds `ocispec`, the built CLI,
 * first on the PATH of shell blocks.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoPath } from '@ocispec/test-fixtures';
import type { DocBlock } from './blocks.js';

/** The built CLI's entry point (`pnpm build` writes what it loads). */
export const CLI = repoPath('packages', 'cli', 'launcher', 'bin.cjs');
const RUNS = repoPath('test', 'docs', '.run');

/** What a process printed (stdout and stderr interleaved, as a terminal shows them) and how it ended. */
export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly output: string;
}

export class DocSession {
  /** The working directory of the document's blocks. */
  readonly dir: string;
  /** The environment of shell blocks and CLI checks. */
  readonly env: NodeJS.ProcessEnv;

  constructor(doc: string) {
    const built = repoPath('packages', 'cli', 'dist', 'ocispec.cjs');
    if (!fs.existsSync(built))
      throw new Error(`${built} is missing: run \`pnpm build\` before the docs suite`);
    fs.mkdirSync(RUNS, { recursive: true });
    this.dir = fs.mkdtempSync(path.join(RUNS, `${doc.replace(/[^A-Za-z0-9]+/g, '-')}-`));
    const bin = path.join(this.dir, 'bin');
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, 'ocispec'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`, {
      mode: 0o755,
    });
    this.env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` };
    delete this.env.NODE_OPTIONS; // vitest's own loader flags are not the reader's
  }

  /** Writes every `file=NAME` block, so that each sample finds the files the document gives (wherever given). */
  writeFiles(blocks: readonly DocBlock[]): void {
    for (const block of blocks) {
      if (block.file === undefined) continue;
      const target = this.path(block.file);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, block.text);
    }
  }

  /** A path of the working directory; refuses one that leaves it. */
  path(name: string): string {
    const target = path.resolve(this.dir, name);
    if (!target.startsWith(`${this.dir}${path.sep}`))
      throw new Error(`file=${name} leaves the working directory`);
    return target;
  }

  /** Runs a program in the working directory (killed after `timeoutMs`). */
  run(file: string, args: readonly string[], timeoutMs = 60_000): Promise<Exit> {
    const outFile = `${this.dir}.out`; // beside the directory: an `ls` in a block sees only the reader's files
    const out = fs.openSync(outFile, 'w');
    return new Promise<Exit>((resolve, reject) => {
      const child = spawn(file, args, { cwd: this.dir, env: this.env, stdio: ['ignore', out, out] });
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('error', reject);
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        fs.closeSync(out);
        const output = fs.readFileSync(outFile, 'utf8');
        fs.rmSync(outFile);
        resolve({ code, signal, output });
      });
    });
  }

  /** Runs the built CLI. */
  ocispec(args: readonly string[]): Promise<Exit> {
    return this.run(process.execPath, [CLI, ...args]);
  }

  close(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
