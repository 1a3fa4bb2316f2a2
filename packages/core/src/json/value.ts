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

/** True for a JSON object: a non-null object that is not an array (nor a {@link JsonNumber}). */
export function isJsonObject(value: unknown): value is JsonObject {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof JsonNumber)
  );
}

/**
 * A number kept as its literal text because the number types would change it: `1.50`, `1e2`, `-0`, `1e400`, a
 * 30-digit fraction. The Go-exact spec decoder uses it for numbers inside unknown fields (which Go never reads),
 * so that they print back byte for byte; the printer writes {@link text} as is.
 */
export class JsonNumber {
  /** The literal, valid JSON number grammar (RFC 8259). */
  readonly text: string;

  constructor(text: string) {
    this.text = text;
    Object.freeze(this);
  }

  /** The literal as a JS number (rounded; ±Infinity beyond the float range). */
  valueOf(): number {
    return Number(this.text);
  }

  toString(): string {
    return this.text;
  }
}
