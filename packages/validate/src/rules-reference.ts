/**
 * The rule tables of `docs/validation.md`, rendered from the rule tables themselves: every validation rule with its
 * severity, meaning and the sentence it enforces; every lint rule with its profile, severity, meaning and the
 * threat it covers. `pnpm docs:rules` writes them; `test/rules-doc.test.ts` fails when the document is stale.
 */
import { lintRules } from './lint.js';
import { validationRuleSources } from './rule-sources.js';
import type { ValidationRuleId } from './rules.js';
import { validationRules } from './rules.js';

/** A markdown table cell: pipes escaped, one line. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function row(cells: readonly string[]): string {
  return `| ${cells.map(cell).join(' | ')} |`;
}

/** The validation rules table (rule, severity, meaning, source). */
export function renderValidationRules(): string {
  const lines = [row(['rule', 'severity', 'meaning', 'enforces']), row(['---', '---', '---', '---'])];
  for (const [id, info] of Object.entries(validationRules)) {
    const source = validationRuleSources[id as ValidationRuleId];
    const severity = `${info.severity}${'hostSpecific' in info ? ' (host)' : ''}`;
    lines.push(row([`\`${id}\``, severity, info.summary, `${source.from}: “${source.quote}”`]));
  }
  return lines.join('\n');
}

/** The lint rules table (rule, profile, severity, meaning, threat). */
export function renderLintRules(): string {
  const lines = [
    row(['rule', 'profile', 'severity', 'meaning', 'threat']),
    row(['---', '---', '---', '---', '---']),
  ];
  for (const [id, info] of Object.entries(lintRules))
    lines.push(row([`\`${id}\``, info.profile, info.severity, info.summary, info.threat]));
  return lines.join('\n');
}

/** The sections of the document the tables fill, between `<!-- rules:NAME -->` and `<!-- /rules:NAME -->`. */
export const ruleSections = { validate: renderValidationRules, lint: renderLintRules } as const;

/** `doc` with every rule section replaced by its rendering (unaligned: `pnpm docs:rules` then formats the file). */
export function renderRuleSections(doc: string): string {
  let out = doc;
  for (const [name, render] of Object.entries(ruleSections)) {
    const [start, end] = sectionBounds(out, name);
    out = `${out.slice(0, start)}\n${render()}\n${out.slice(end)}`;
  }
  return out;
}

/** Where a section's content starts (after its opening marker) and ends (at its closing marker). */
function sectionBounds(doc: string, name: string): [number, number] {
  const open = `<!-- rules:${name} -->`;
  const close = `<!-- /rules:${name} -->`;
  const start = doc.indexOf(open);
  const end = doc.indexOf(close);
  if (start < 0 || end < start) throw new Error(`docs/validation.md has no ${open} … ${close} section`);
  return [start + open.length, end];
}

/** The cells of a markdown table's rows (`\|` kept escaped), trimmed, whatever the column padding. */
export function tableCells(table: string): string[][] {
  return table
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|[\s|:-]+\|$/.test(line))
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((c) => c.trim()),
    );
}

/** The cells of a rule section as the document holds it. */
export function sectionCells(doc: string, name: keyof typeof ruleSections): string[][] {
  const [start, end] = sectionBounds(doc, name);
  return tableCells(doc.slice(start, end));
}
