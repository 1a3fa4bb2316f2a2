import { readFileSync } from 'node:fs';
import { Pipeline } from '@ocispec/core';
import { repoPath } from '@ocispec/test-fixtures';
import { describe, expect, it } from 'vitest';
import { builtinPlugins } from '../src/builtins.js';
import { describeSchema, renderOptionsReference } from '../src/options-reference.js';

const docs = repoPath('docs', 'options.md');

describe('docs/options.md', () => {
  it('is current: regenerate it with `pnpm docs:options` when this fails', () => {
    expect(readFileSync(docs, 'utf8')).toBe(renderOptionsReference());
  });

  it('lists every registered option once, with its package and containerd name', () => {
    const text = renderOptionsReference();
    const options = new Pipeline({ plugins: builtinPlugins() }).registry.list();
    for (const option of options) {
      expect(text.match(new RegExp(`^\\| \`${option.name}\` +\\|`, 'gm')), option.name).toHaveLength(1);
    }
    expect(text).toContain('## @ocispec/linux');
    expect(text).toMatch(
      /^\| `withHostname` +\| `\(string\)` +\| Sets `hostname`.* \| `oci\.WithHostname` +\|$/m,
    );
    expect(text).toMatch(/^\| `withProcessArgs` +\| `\(\.\.\.string\[\]\)` +\|/m);
  });
});

describe('describeSchema', () => {
  it('describes arrays, tuples with rest, optional fields, unions and enums', () => {
    expect(describeSchema({ type: 'array', items: { type: 'string' } })).toBe('string[]');
    expect(
      describeSchema({ type: 'array', prefixItems: [{ type: 'string' }], items: { type: 'number' } }),
    ).toBe('[string, ...number[]]');
    expect(
      describeSchema({
        type: 'object',
        properties: {
          a: { type: 'string' },
          b: { anyOf: [{ type: 'integer', minimum: 0 }, { type: 'null' }] },
        },
        required: ['a'],
      }),
    ).toBe('{ a: string, b?: uint | null }');
    expect(describeSchema({ enum: ['k', 'm'] })).toBe('"k" | "m"');
    expect(describeSchema({ type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'null' }] } })).toBe(
      '(string | null)[]',
    );
  });
});
