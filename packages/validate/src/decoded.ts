/**
 * validate's and lint's input read as Go reads it: given a `DecodedSpec` (core's `decodeSpec` of the text), they
 * check Go's view of the spec (what runc runs) and report what the decoding found, where Go fails and where
 * readers of the same text disagree. Any other input is checked as the value it is.
 */
import type { DecodedSpec, DecodeProblem, ValidationReport } from '@ocispec/core';
import { DecodedJson } from '@ocispec/core/internal';

/** True for a decoded spec text (not a seccomp profile). */
function isDecodedSpec(input: unknown): input is DecodedSpec {
  return input instanceof DecodedJson && input.goType === 'specs.Spec';
}

/** The validation rule of a decoding problem. */
function problemRule(problem: DecodeProblem): 'schema-type' | 'int-range' | 'int-syntax' {
  if (problem.kind === 'int-syntax') return 'int-syntax';
  return problem.kind === 'int-range' ? 'int-range' : 'schema-type';
}

/** What validate checks of its input, once the decoding's findings are reported. */
export interface ValidatedInput {
  /** The spec: Go's view of a decoded text, or the value given. */
  readonly spec: unknown;
  /**
   * Pointers of the values Go failed to decode (the text holds them; the spec has what Go left there). Each is
   * reported once, by its decoding problem: other rules' findings at these pointers are artefacts of the gap.
   */
  readonly undecoded: ReadonlySet<string>;
}

const NONE: ReadonlySet<string> = new Set();

/**
 * The spec validate checks, reporting a decoded text's findings into `report` first: each problem (rule
 * `schema-type`, `int-range` or `int-syntax`: Go fails to decode the text), each ambiguity (`ambiguous-key`,
 * its message naming the pointer and position of each key, or `invalid-utf8`), and a `null` text (Go reads an
 * empty spec).
 */
export function validatedSpec(input: unknown, report: ValidationReport): ValidatedInput {
  if (!isDecodedSpec(input)) return { spec: input, undecoded: NONE };
  if (input.isNull)
    report.error('', 'schema-type', 'expected object, received null (Go reads an empty spec)');
  for (const problem of input.problems) report.error(problem.pointer, problemRule(problem), problem.message);
  for (const ambiguity of input.ambiguities) {
    const rule = ambiguity.kind === 'invalid-utf8' ? 'invalid-utf8' : 'ambiguous-key';
    report.error(ambiguity.pointer, rule, ambiguity.message);
  }
  return { spec: input.value, undecoded: new Set(input.problems.map((p) => p.pointer)) };
}

/** Drops the findings `report` got from index `from` on at an undecoded pointer (see {@link ValidatedInput}). */
export function dropUndecoded(report: ValidationReport, from: number, undecoded: ReadonlySet<string>): void {
  if (undecoded.size === 0) return;
  const kept = report.findings.slice(from).filter((f) => !undecoded.has(f.pointer));
  report.findings.splice(from, report.findings.length - from, ...kept);
}

/** The spec lint checks, adding a decoded text's ambiguities through `add` (rule `ambiguous-json`, high). */
export function lintedSpec(
  input: unknown,
  add: (rule: 'ambiguous-json', pointer: string, message: string) => void,
): unknown {
  if (!isDecodedSpec(input)) return input;
  for (const ambiguity of input.ambiguities) {
    add('ambiguous-json', ambiguity.pointer, ambiguity.message);
  }
  return input.value;
}
