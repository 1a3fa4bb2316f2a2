/**
 * A batch's output, `[{name, spec, error}, ...]`, printed one entry at a time as the entries are composed, so that
 * a batch of any size is never held in memory as a whole. The text is the same as printing the whole array.
 */
import type { BatchResult } from '@ocispec/core';
import { printJson } from '@ocispec/core';
import { type Layout, specLayout } from '@ocispec/core/internal';

/** One entry: every field always printed (`null` when absent). */
const entryLayout: Layout = (() => {
  const fields = [
    { key: 'name', emit: 'always', layout: { kind: 'scalar' }, zero: null },
    { key: 'spec', emit: 'always', layout: specLayout, zero: null },
    { key: 'error', emit: 'always', layout: { kind: 'scalar' }, zero: null },
  ] as const;
  return { kind: 'object', fields, byKey: new Map(fields.map((f) => [f.key, f])) };
})();

/** The layout of a whole batch (for printing one in a single call). */
export const batchLayout: Layout = { kind: 'array', element: entryLayout };

/** Writes a batch's entries as they come: `[`, each entry indented one level, `]`. */
export class BatchWriter {
  readonly #write: (text: string) => void;
  readonly #indent: number;
  #count = 0;

  constructor(write: (text: string) => void, indent: number) {
    this.#write = write;
    this.#indent = indent;
  }

  add(entry: BatchResult): void {
    const text = printJson(entry, entryLayout, { indent: this.#indent });
    const pad = ' '.repeat(this.#indent);
    const body = this.#indent === 0 ? text : `${pad}${text.replaceAll('\n', `\n${pad}`)}`;
    const separator =
      this.#count === 0 ? (this.#indent === 0 ? '[' : '[\n') : this.#indent === 0 ? ',' : ',\n';
    this.#write(separator + body);
    this.#count++;
  }

  /** Closes the array (`[]` when there was no entry). */
  end(): void {
    if (this.#count === 0) this.#write('[]\n');
    else this.#write(this.#indent === 0 ? ']\n' : '\n]\n');
  }
}
