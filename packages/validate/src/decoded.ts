/**
 * validate's and lint's input read as Go reads it: given a `DecodedSpec` (core's `decodeSpec` of the text), they
 * check Go's view of the spec (what runc runs) and report what the decoding found, where Go fails and where
 * readers of the same text disagree. Any other input is checked as the value it is.
 */
import type { DecodedSpec, DecodeProblem, ValidationReport } from '@ocispec/core';
import { DecodedJson } from '@ocispec/core';

/** True for a decoded spec text (not a seccomp profile). */
function isDecodedSpec(input: unknown): input is DecodedSpec {
  return input instanceof DecodedJson && input.goType === 'specs.Spec';
}

/** The validation rule of a decoding problem. */
function problemRule(problem: DecodeProblem): 'schema-type' | 'int-range' | 'int-syntax' {
  if (problem.kind === 'int-syntax') return 'int-syntax';
  return problem.kind === 'int-range' ? 'int-range' : 'schema-type';
}

/**
 * The spec validate checks, reporting a decoded text's findings into `report` first: each problem (rule
 * `schema-type`, `int-range` or `int-syntax`: Go fails to decode the text), each ambiguity (`ambiguous-key`,
 * its message naming the pointer and position of each key, or `invalid-utf8`), and a `null` text (Go reads an
 * empty spec).
 */
export function validatedSpec(input: unknown, report: ValidationReport): unknown {
  if (!isDecodedSpec(input)) return input;
  if (input.isNull)
    report.error('', 'schema-type', 'expected object, received null (Go reads an empty spec)');
  for (const problem of input.problems) report.error(problem.pointer, problemRule(problem), problem.message);
  for (const ambiguity of input.ambiguities) {
    const rule = ambiguity.kind === 'invalid-utf8' ? 'invalid-utf8' : 'ambiguous-key';
    report.error(ambiguity.pointer, rule, ambiguity.message);
  }
  return input.value;
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
