/** Lossless JSON for OCI specs: a strict parser keeping 64-bit integers exact, and Go-compatible printing. */
export { type JsonErrorPosition, JsonPrintError, JsonSyntaxError } from './errors.js';
export { quoteJsonString } from './escape.js';
export type {
  DecodeProblem,
  DecodeProblemKind,
  GoDecodeReport,
  JsonAmbiguity,
  JsonAmbiguityKind,
  JsonKind,
  JsonLocation,
} from './go-decode-types.js';
export { compareUtf8 } from './keys.js';
export { DEFAULT_MAX_DEPTH, type ParseJsonOptions, parseJson, parseJsonBytes } from './parse.js';
export { ANY_LAYOUT, MAX_PRINT_DEPTH, type PrintJsonOptions, printJson } from './print.js';
export { isJsonObject, type JsonArray, JsonNumber, type JsonObject, type JsonValue } from './value.js';
