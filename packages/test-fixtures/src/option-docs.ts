/**
 * The check that keeps each option's `doc` and its TSDoc saying the same thing once: the doc line is the first
 * sentence of the TSDoc on `export const <name> = defineOpt(...)`, and the TSDoc's `containerd:` line names the
 * definition's `containerd` function. Run by each package's tests over its own sources.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { AnyOptDefinition } from '@ocispec/core';

/** What one option's TSDoc says, as the check reads it. */
export interface OptionDoc {
  readonly file: string;
  readonly name: string;
  /** The first sentence, `{@link x}` read as `` `x` ``, lines joined. */
  readonly summary: string;
  /** The function on the TSDoc's `containerd:` line, if any. */
  readonly containerd: string | undefined;
}

const DEFINITION = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*export const (\w+) = (?:defineOpt|criOpt)\(/g;

/** The TSDoc text: ` * ` prefixes dropped, `{@link x}` as `` `x` ``. */
function text(comment: string): string[] {
  return comment
    .split('\n')
    .map((line) => line.replace(/^\s*\* ?/, '').trimEnd())
    .filter((line, i, all) => !(line === '' && (i === 0 || i === all.length - 1)))
    .map((line) => line.replace(/\{@link (\S+?)\}/g, '`$1`'));
}

/** The first sentence: up to the first `.` that ends a word outside backticks and parentheses, and its line break. */
export function firstSentence(prose: string): string {
  let depth = 0;
  let code = false;
  for (let i = 0; i < prose.length; i++) {
    const c = prose[i];
    if (c === '`') code = !code;
    else if (!code && c === '(') depth++;
    else if (!code && c === ')') depth--;
    else if (!code && depth === 0 && c === '.' && (i + 1 === prose.length || prose[i + 1] === ' ')) {
      return prose.slice(0, i + 1);
    }
  }
  return prose;
}

/** Every option TSDoc in the `.ts` files under `dir`. */
export function optionDocs(dir: string): OptionDoc[] {
  const docs: OptionDoc[] = [];
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const file = path.join(entry.parentPath, entry.name);
    for (const match of readFileSync(file, 'utf8').matchAll(DEFINITION)) {
      const lines = text(match[1]!);
      const containerdLine = lines.find((line) => line.startsWith('containerd: '));
      const prose = lines.filter((line) => line !== containerdLine).join(' ');
      docs.push({
        file,
        name: match[2]!,
        summary: firstSentence(prose),
        containerd: containerdLine?.match(/`([^`]+)`/)?.[1],
      });
    }
  }
  return docs;
}

/**
 * The disagreements between the option definitions and their TSDoc, one line each (empty when they agree): an
 * option without TSDoc, a doc line that is not the TSDoc's first sentence, a containerd name the TSDoc does not
 * give.
 */
export function optionDocProblems(dir: string, options: readonly AnyOptDefinition[]): string[] {
  const byExport = new Map(optionDocs(dir).map((doc) => [doc.name, doc]));
  const problems: string[] = [];
  for (const option of options) {
    const doc = byExport.get(option.name);
    if (doc === undefined) {
      problems.push(`${option.name}: no TSDoc on \`export const ${option.name} = defineOpt(...)\``);
      continue;
    }
    if (doc.summary !== option.doc) {
      problems.push(
        `${option.name}: doc ${JSON.stringify(option.doc)} is not the TSDoc's first sentence ${JSON.stringify(doc.summary)}`,
      );
    }
    if (option.containerd !== undefined && doc.containerd !== option.containerd) {
      problems.push(
        `${option.name}: the TSDoc names containerd's ${doc.containerd ?? '(nothing)'}, the definition ${option.containerd}`,
      );
    }
  }
  return problems;
}
