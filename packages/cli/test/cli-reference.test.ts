import { readFileSync } from 'node:fs';
import { repoPath } from '@ocispec/test-fixtures';
import { describe, expect, it } from 'vitest';
import { renderCliReference } from '../src/cli-reference.js';
import { longName } from '../src/command.js';
import { COMMANDS } from '../src/commands/index.js';
import { QUICK_FLAG_DEFINITIONS } from '../src/quick-flags.js';

const docs = repoPath('docs', 'cli.md');

describe('docs/cli.md', () => {
  it('is current: regenerate it with `pnpm docs:cli` when this fails', () => {
    expect(readFileSync(docs, 'utf8')).toBe(renderCliReference());
  });

  it('has a section for every command and a row for every quick flag', () => {
    const text = renderCliReference();
    for (const command of COMMANDS) expect(text).toContain(`## \`ocispec ${command.name}\``);
    for (const flag of QUICK_FLAG_DEFINITIONS)
      expect(text).toMatch(new RegExp(`^\\| \`--${longName(flag)}\\b`, 'm'));
  });
});
