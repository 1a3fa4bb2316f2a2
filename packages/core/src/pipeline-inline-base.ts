/**
 * The inline bases of JSON pipeline files, read as Go reads a spec. A pipeline file is ocispec's own strict format
 * (exact keys, the last duplicate winning, numbers lossless), but the object a pipeline gives as its `base` is the
 * JSON of a spec: it is decoded as containerd decodes a base (`decodeSpec`: repeated and case-folded keys, Go's
 * integer rules), and what decoding found is kept by the decoded object until the runner uses the base. YAML
 * pipeline files refuse repeated keys; their bases are read as Go would read their JSON by `checkSpecValue`.
 * Internal (not exported by the package).
 */
import type { DecodeType, GoDecodeReport, JsonOrigin } from './json/go-decode.js';
import { decodeGo } from './json/go-decode.js';
import { specGoType } from './model/go-type.js';

/** A pipeline's members: `base`, when an object, is a spec read as Go reads it (as containerd reads a base). */
const PIPELINE: DecodeType = {
  kind: 'free',
  members: new Map([['base', { kind: 'embedded', type: specGoType }]]),
};

/** A pipeline file: one pipeline, or an array of them. */
const PIPELINE_FILE: DecodeType = { ...PIPELINE, elements: PIPELINE };

/** What decoding found in each inline base, by the base's decoded object. */
const reports = new WeakMap<object, GoDecodeReport>();

/** Options of {@link decodePipelineJson}. */
export interface PipelineJsonOptions {
  /** The bytes are one pipeline of a batch (not a whole file, which may be an array of them). */
  readonly element?: boolean;
  /** Where the bytes start in the file (an element of a split batch), for the report's positions. */
  readonly origin?: JsonOrigin;
}

/**
 * Decodes a JSON pipeline file's bytes (strict UTF-8) as ocispec reads them, each inline base as Go reads a spec
 * (its report kept for {@link inlineBaseReport}).
 *
 * @throws {JsonSyntaxError} for text that is not JSON or not UTF-8.
 */
export function decodePipelineJson(
  bytes: Uint8Array,
  source: string,
  options: PipelineJsonOptions = {},
): unknown {
  const decoded = decodeGo(bytes, options.element === true ? PIPELINE : PIPELINE_FILE, {
    source,
    invalidUtf8: 'reject',
    origin: options.origin,
  });
  for (const [base, report] of decoded.embedded) reports.set(base, report);
  return decoded.value;
}

/**
 * What decoding found in an inline base read by {@link decodePipelineJson} (pointers below `/base`); undefined for
 * any other value (a YAML file's base, one given in code).
 */
export function inlineBaseReport(base: object): GoDecodeReport | undefined {
  return reports.get(base);
}
