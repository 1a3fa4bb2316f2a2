import { readFileSync } from 'node:fs';
import { repoPath } from '@ocispec/test-fixtures';
import { describe, expect, it } from 'vitest';
import { lintRules, validationRules } from '../src/index.js';
import { ruleSections, sectionCells, tableCells } from '../src/rules-reference.js';

const doc = readFileSync(repoPath('docs', 'validation.md'), 'utf8');

describe('docs/validation.md', () => {
  it.each(Object.keys(ruleSections) as Array<keyof typeof ruleSections>)(
    'holds the %s rule table as rendered from the rule tables: regenerate with `pnpm docs:rules` when this fails',
    (name) => {
      expect(sectionCells(doc, name)).toEqual(tableCells(ruleSections[name]()));
    },
  );

  it('lists every validation rule with its source sentence, and every lint rule with its threat', () => {
    const rows = new Map(
      [...sectionCells(doc, 'validate'), ...sectionCells(doc, 'lint')].map((r) => [r[0], r]),
    );
    const missing = [...Object.keys(validationRules), ...Object.keys(lintRules)].filter(
      (id) => !rows.has(`\`${id}\``),
    );
    expect(missing).toEqual([]);
    for (const id of Object.keys(validationRules))
      expect(rows.get(`\`${id}\``)?.[3]).toMatch(/^[a-z.-]+: “.+”$/);
    for (const [id, info] of Object.entries(lintRules)) expect(rows.get(`\`${id}\``)?.[4]).toBe(info.threat);
  });

  it('states the rule counts', () => {
    expect(doc).toContain(`### Rules (${Object.keys(validationRules).length})`);
    expect(doc).toContain(`After: ${Object.keys(validationRules).length} validation rules`);
    expect(doc).toContain(`and ${Object.keys(lintRules).length} lint rules`);
  });
});
