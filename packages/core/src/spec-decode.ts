/**
 * Reading spec JSON as Go does: `decodeSpec` gives the spec containerd and runc read from a text (Go's
 * encoding/json into runtime-spec's structs), and where readers of the same text disagree.
 */

import { OcispecError } from './errors.js';
import type { DecodeProblem, GoDecodeReport, GoDecodeResult, JsonAmbiguity } from './json/go-decode.js';
import { decodeGo } from './json/go-decode.js';
import { seccompGoType, specGoType } from './model/go-type.js';
import type { LinuxSeccomp, Spec } from './model/index.js';
import type { Finding } from './report.js';
import type { ParsedSpec, SpecParseOptions } from './spec-file.js';

/** Rule of the warnings (or strict-mode errors) about keys readers disagree on. */
export const AMBIGUOUS_KEY_RULE = 'ambiguous-key';
/** Rule of the warnings (or strict-mode errors) about invalid UTF-8, which Go reads as U+FFFD. */
export const INVALID_UTF8_RULE = 'invalid-utf8';

/** Options of {@link decodeSpec}. */
export interface DecodeSpecOptions {
  /** Names the input (a file path) in syntax errors. */
  readonly source?: string;
}

/**
 * JSON text as Go reads it into a Go type (`goType`, e.g. `specs.Spec`). `value` is Go's view: every known field as
 * encoding/json decodes it (canonical keys, repeated keys decoded by Go's rules, a field `null` set to nil is `null`), unknown fields
 * kept (Go drops them) with their number text. Go fails to decode a text with `problems`; `value` then holds what
 * Go had decoded, the failing values left as Go leaves them.
 */
export class DecodedJson<T> implements GoDecodeReport {
  /** The Go type decoded into: `specs.Spec` or `specs.LinuxSeccomp`. */
  readonly goType: 'specs.Spec' | 'specs.LinuxSeccomp';
  readonly value: T;
  /** Duplicate keys, keys Go folds to one field, non-canonical spellings, invalid UTF-8, in document order. */
  readonly ambiguities: readonly JsonAmbiguity[];
  /** Where Go's decoder fails: a wrong JSON type, an integer Go's `strconv` rejects. Empty when Go decodes it. */
  readonly problems: readonly DecodeProblem[];
  /** JSON pointers of the unknown fields, in document order. */
  readonly unknownFields: readonly string[];
  /** The text is `null` (Go decodes it as the zero value: an empty object). */
  readonly isNull: boolean;

  constructor(goType: DecodedJson<T>['goType'], result: GoDecodeResult) {
    this.goType = goType;
    this.value = result.value as T;
    this.ambiguities = result.ambiguities;
    this.problems = result.problems;
    this.unknownFields = result.unknownFields;
    this.isNull = result.isNull;
  }
}

/** A spec text as Go reads it (see {@link decodeSpec}). */
export type DecodedSpec = DecodedJson<Spec>;

/**
 * Decodes spec JSON (a string, or bytes: invalid UTF-8 read as U+FFFD, as Go reads it) exactly as Go's
 * encoding/json decodes it into runtime-spec's `specs.Spec`, the way containerd and runc read a spec. Integers
 * follow Go's `strconv` rules for their field's type; `docs/pitfalls.md` ("Reading JSON as Go does") lists
 * every rule.
 *
 * @throws {JsonSyntaxError} for text that is not JSON.
 */
export function decodeSpec(input: string | Uint8Array, options: DecodeSpecOptions = {}): DecodedSpec {
  return new DecodedJson('specs.Spec', decodeGo(input, specGoType, { source: options.source }));
}

/**
 * Decodes a seccomp profile (`linux.seccomp` JSON) as containerd's `seccomp.WithProfile` does: Go's encoding/json
 * into `specs.LinuxSeccomp` (see {@link decodeSpec}).
 *
 * @throws {JsonSyntaxError} for text that is not JSON.
 */
export function decodeSeccompProfile(
  input: string | Uint8Array,
  options: DecodeSpecOptions = {},
): DecodedJson<LinuxSeccomp> {
  return new DecodedJson('specs.LinuxSeccomp', decodeGo(input, seccompGoType, { source: options.source }));
}

/**
 * The warnings a decoded spec gets: each ambiguity (rule `ambiguous-key` or `invalid-utf8`), then each unknown
 * field (rule `unknown-field`), pointers prefixed with `pointerPrefix`.
 */
export function decodeWarnings(report: GoDecodeReport, pointerPrefix = ''): Finding[] {
  const warnings: Finding[] = report.ambiguities.map((ambiguity) => ({
    severity: 'warning',
    pointer: pointerPrefix + ambiguity.pointer,
    rule: ambiguity.kind === 'invalid-utf8' ? INVALID_UTF8_RULE : AMBIGUOUS_KEY_RULE,
    message: ambiguity.message,
  }));
  for (const pointer of report.unknownFields) {
    warnings.push({
      severity: 'warning',
      pointer: pointerPrefix + pointer,
      rule: 'unknown-field',
      message: 'unknown field, kept as is (containerd would drop it)',
    });
  }
  return warnings;
}

/** A decoding problem's message; at the top level, what a spec must be. */
export function problemMessage(problem: DecodeProblem): string {
  return problem.pointer === '' && problem.kind === 'type'
    ? problem.message.replace(/^expected object/, 'expected a JSON object')
    : problem.message;
}

/**
 * The spec of a decoded text, as `parseSpec` accepts it: the text must be an object Go decodes without a problem
 * (else `BAD_SPEC` naming the source and the JSON pointer); ambiguities and unknown fields are warnings, errors
 * with `strict`.
 */
export function acceptDecodedSpec(decoded: DecodedSpec, options: SpecParseOptions = {}): ParsedSpec {
  if (decoded.isNull) {
    const prefix = options.pointerPrefix ?? '';
    throw new OcispecError(
      'BAD_SPEC',
      `${options.source === undefined ? '' : `${options.source}: `}${prefix === '' ? '' : `${prefix}: `}expected a JSON object, received null`,
      { file: options.source, pointer: prefix },
    );
  }
  return acceptDecoded(decoded.value, decoded, options);
}

/**
 * Accepts a decoded spec: its first problem throws `BAD_SPEC` (pointer below `pointerPrefix`), its ambiguities
 * and unknown fields become warnings, and with `strict` the first of them throws.
 */
export function acceptDecoded(
  spec: Spec,
  report: GoDecodeReport,
  options: SpecParseOptions = {},
): ParsedSpec {
  const prefix = options.pointerPrefix ?? '';
  const where = options.source === undefined ? '' : `${options.source}: `;
  const problem = report.problems[0];
  if (problem !== undefined) {
    const pointer = prefix + problem.pointer;
    throw new OcispecError(
      'BAD_SPEC',
      `${where}${pointer === '' ? '/' : pointer}: ${problemMessage(problem)}`,
      { file: options.source, pointer },
    );
  }
  const warnings = decodeWarnings(report, prefix);
  if (options.strict === true && warnings.length > 0) {
    const first = warnings[0]!;
    const what = first.rule === 'unknown-field' ? 'unknown field' : first.message;
    throw new OcispecError(
      'BAD_SPEC',
      `${where}${first.pointer === '' ? '/' : first.pointer}: ${what} (strict mode)`,
      {
        file: options.source,
        pointer: first.pointer,
      },
    );
  }
  return { spec, warnings };
}
