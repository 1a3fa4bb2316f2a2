/** A JSON object as the lossless parser produces it: a plain object with only own data properties. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** A JSON array. */
export type JsonArray = JsonValue[];

/**
 * A parsed JSON value. Integers beyond ±(2^53-1) are `bigint`, so 64-bit values such as
 * `18446744073709551615` survive a parse/print round trip byte for byte.
 */
export type JsonValue = null | boolean | number | bigint | string | JsonArray | JsonObject;

/** True for a JSON object: a non-null object that is not an array. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
