/**
 * Assertions on a spec by JSON pointer (RFC 6901: `/process/env/0`, `/annotations/example.com~1team`), with messages
 * that name the pointer and both values.
 */
import type { Finding, FrozenSpec, Spec, ValidationReport } from '@ocispec/core';
import { diffSpecs } from '@ocispec/core';
import { fail, jsonEqual, show } from './assertion.js';

/** What the pointer assertions read: a spec, frozen or not. */
export type SpecLike = Spec | FrozenSpec;

/** The tokens of a JSON pointer (`/a~1b/0` → `['a/b', '0']`); `''` is the whole document. */
export function pointerTokens(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) fail(`not a JSON pointer: ${show(pointer)} (it starts with "/", or is "")`);
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Builds a pointer from tokens (`['annotations', 'example.com/team']` → `/annotations/example.com~1team`). */
export function pointerOf(...tokens: readonly (string | number)[]): string {
  return tokens.map((t) => `/${String(t).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** The value at `pointer`, or `undefined` when any step is missing. */
export function valueAt(document: unknown, pointer: string): unknown {
  let value = document;
  for (const token of pointerTokens(pointer)) {
    if (Array.isArray(value)) {
      if (!/^(0|[1-9]\d*)$/.test(token)) return undefined;
      value = value[Number(token)];
    } else if (typeof value === 'object' && value !== null && Object.hasOwn(value, token)) {
      value = (value as Record<string, unknown>)[token];
    } else {
      return undefined;
    }
  }
  return value;
}

/** Asserts the value at `pointer` deep-equals `expected` (strictly: `1` is not `1n`, key order is free). */
export function expectAt(spec: SpecLike, pointer: string, expected: unknown): void {
  const actual = valueAt(spec, pointer);
  if (actual === undefined && expected !== undefined) {
    fail(`${pointer || '(the spec)'}: expected ${show(expected)}, but nothing is there`, {
      actual,
      expected,
    });
  }
  if (!jsonEqual(actual, expected)) {
    fail(`${pointer || '(the spec)'}: expected ${show(expected)}, got ${show(actual)}`, {
      actual,
      expected,
    });
  }
}

/** Asserts nothing is at `pointer` (a missing key; a `null` is something). */
export function expectAbsent(spec: SpecLike, pointer: string): void {
  const actual = valueAt(spec, pointer);
  if (actual !== undefined)
    fail(`${pointer}: expected nothing, got ${show(actual)}`, { actual, expected: undefined });
}

/**
 * Asserts that `result` differs from `base` only at or under the given pointers, and at each of them (the spec
 * diff of `diffSpecs`: Go's printing rules, keyed lists by key). `expectOnlyChanged(base, spec, ['/annotations'])`
 * passes when the options touched the annotations and nothing else.
 */
export function expectOnlyChanged(base: SpecLike, result: SpecLike, pointers: readonly string[]): void {
  const changes = diffSpecs(base, result);
  const covered = (p: string) =>
    pointers.some((q) => p === q || p.startsWith(`${q}/`) || q.startsWith(`${p}/`));
  const unexpected = changes.filter((c) => !covered(c.pointer));
  const untouched = pointers.filter(
    (q) =>
      !changes.some((c) => c.pointer === q || c.pointer.startsWith(`${q}/`) || q.startsWith(`${c.pointer}/`)),
  );
  const problems = [
    ...unexpected.map(
      (c) => `unexpected change at ${c.pointer} (${c.kind}): ${show(c.before)} → ${show(c.after)}`,
    ),
    ...untouched.map((q) => `expected a change at ${q}, but it is as in the base`),
  ];
  if (problems.length > 0)
    fail(problems.join('\n'), { actual: changes.map((c) => c.pointer), expected: pointers });
}

/** What {@link expectFinding} matches (every given field must be equal). */
export interface FindingMatch {
  readonly severity?: 'error' | 'warning';
  readonly rule?: string;
  readonly pointer?: string;
  /** The message, exactly, or a pattern. */
  readonly message?: string | RegExp;
}

/** Asserts the report holds a finding matching `match`; returns it. */
export function expectFinding(report: ValidationReport, match: FindingMatch): Finding {
  const findings = report.findings;
  const found = findings.find(
    (f) =>
      (match.severity === undefined || f.severity === match.severity) &&
      (match.rule === undefined || f.rule === match.rule) &&
      (match.pointer === undefined || f.pointer === match.pointer) &&
      (match.message === undefined ||
        (typeof match.message === 'string' ? f.message === match.message : match.message.test(f.message))),
  );
  if (found === undefined) {
    fail(
      `no finding matches ${show({ ...match, message: match.message?.toString() })}; the report has ${findings.length === 0 ? 'none' : findings.map((f) => `${f.severity} ${f.rule} at ${f.pointer}: ${f.message}`).join('; ')}`,
      { actual: findings, expected: match },
    );
  }
  return found;
}

/** Asserts the report has no errors (and, with `warnings: true`, no warnings either). */
export function expectNoFindings(report: ValidationReport, options: { warnings?: boolean } = {}): void {
  const unwanted = report.findings.filter((f) => f.severity === 'error' || options.warnings === true);
  if (unwanted.length > 0) {
    fail(
      `expected no findings, got: ${unwanted.map((f) => `${f.severity} ${f.rule} at ${f.pointer}: ${f.message}`).join('; ')}`,
      { actual: unwanted, expected: [] },
    );
  }
}
