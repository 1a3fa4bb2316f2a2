import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lintRules, validationRules } from '../src/index.js';
import { renderRuleSections } from '../src/rules-reference.js';

const doc = readFileSync(new URL('../../../docs/validation.md', import.meta.url), 'utf8');

describe('docs/validation.md', () => {
  it('holds the rule tables as rendered from the rule tables: regenerate with `pnpm docs:rules` when this fails', () => {
    expect(doc).toBe(renderRuleSections(doc));
  });

  it('lists every validation rule with its source sentence, and every lint rule with its threat', () => {
    const rows = doc.split('\n').filter((line) => line.startsWith('| `'));
    const row = (id: string) => rows.find((line) => line.startsWith(`| \`${id}\` |`));
    const missing = [...Object.keys(validationRules), ...Object.keys(lintRules)].filter(
      (id) => row(id) === undefined,
    );
    expect(missing).toEqual([]);
    for (const id of Object.keys(validationRules)) expect(row(id)).toMatch(/: “.+” \|$/);
    for (const [id, info] of Object.entries(lintRules))
      expect(row(id)?.endsWith(` ${info.threat} |`)).toBe(true);
  });

  it('states the rule counts', () => {
    expect(doc).toContain(`### Rules (${Object.keys(validationRules).length})`);
    expect(doc).toContain(`After: ${Object.keys(validationRules).length} validation rules`);
    expect(doc).toContain(`and ${Object.keys(lintRules).length} lint rules`);
  });
});
