/** Where a {@link JsonSyntaxError} happened. */
export interface JsonErrorPosition {
  /** The file or other origin of the text, when the caller named one. */
  readonly source: string | undefined;
  /** 1-based line (lines end at `\n`). */
  readonly line: number;
  /** 1-based column, counted in Unicode code points. */
  readonly column: number;
  /**
   * 0-based offset into the input: UTF-16 code units for `parseJson`, bytes for `parseJsonBytes`.
   */
  readonly offset: number;
}

/**
 * Text that is not valid JSON (RFC 8259), or bytes that are not valid UTF-8. The message is one line:
 * `config.json: invalid JSON at line 3, column 5: expected ',' or '}' after object member`.
 */
export class JsonSyntaxError extends Error implements JsonErrorPosition {
  override readonly name = 'JsonSyntaxError';
  readonly source: string | undefined;
  readonly line: number;
  readonly column: number;
  readonly offset: number;
  /** What is wrong, without the position (`expected ':' after object key`). */
  readonly reason: string;

  constructor(reason: string, position: JsonErrorPosition) {
    const where = `invalid JSON at line ${position.line}, column ${position.column}: ${reason}`;
    super(position.source === undefined ? where : `${position.source}: ${where}`);
    this.source = position.source;
    this.line = position.line;
    this.column = position.column;
    this.offset = position.offset;
    this.reason = reason;
  }
}

/**
 * A value the canonical printer cannot write as JSON (NaN, ±Infinity, a function, a symbol, a cycle).
 * `pointer` is the JSON pointer of the offending value (`""` for the root).
 */
export class JsonPrintError extends Error {
  override readonly name = 'JsonPrintError';
  /** JSON pointer (RFC 6901) of the value that could not be printed. */
  readonly pointer: string;
  /** What is wrong, without the pointer. */
  readonly reason: string;

  constructor(reason: string, pointer: string) {
    super(`cannot print JSON at ${pointer === '' ? '/' : pointer}: ${reason}`);
    this.pointer = pointer;
    this.reason = reason;
  }
}
