/**
 * The printing layout of the spec model: for every JSON object of the runtime-spec, its known keys in Go struct
 * order and containerd's (encoding/json's) rule for when each is printed. Derived once from the zod model
 * (`specLayout`), read by the canonical printer and the unknown-field finder.
 */

/**
 * When a known field is printed, mirroring its Go type and `json` tag in runtime-spec's `specs-go`:
 * - `always`: no `omitempty`; printed even when absent, with its Go zero value (see {@link FieldLayout.zero}).
 * - `omitempty`: a Go value (string, bool, number, slice, map) tagged `omitempty`; omitted when absent, `null`,
 *   `false`, `0`, `""`, an empty array or an empty object.
 * - `pointer`: a Go pointer tagged `omitempty`; omitted only when absent or `null`; `0`, `false` and `{}` print.
 */
export type FieldEmit = 'always' | 'omitempty' | 'pointer';

/** A JSON value's shape as the printer needs it. */
export type Layout = ObjectLayout | ArrayLayout | RecordLayout | ScalarLayout | InterfaceLayout | AnyLayout;

/** A Go struct: known fields in declaration order; keys not listed are unknown fields. */
export interface ObjectLayout {
  readonly kind: 'object';
  readonly fields: readonly FieldLayout[];
  readonly byKey: ReadonlyMap<string, FieldLayout>;
  /**
   * Known fields by Go's folded key (`goFoldKey`): an unknown key found here (`Process`) is one Go reads as a
   * field, which the printer refuses to write.
   */
  readonly byFold?: ReadonlyMap<string, FieldLayout>;
}

export interface FieldLayout {
  readonly key: string;
  readonly emit: FieldEmit;
  readonly layout: Layout;
  /**
   * For `always` fields: the JSON value Go prints when the field is absent (`""`, `0`, `false`, `null` for a
   * slice or pointer, the zero struct for a struct value). Unused for the other kinds.
   */
  readonly zero: unknown;
}

/** A Go slice. */
export interface ArrayLayout {
  readonly kind: 'array';
  readonly element: Layout;
}

/** A Go map: printed with keys sorted by their UTF-8 bytes, as encoding/json does. */
export interface RecordLayout {
  readonly kind: 'record';
  readonly value: Layout;
}

/** A string, boolean or number. */
export interface ScalarLayout {
  readonly kind: 'scalar';
}

/**
 * A Go `interface{}` (`windows.credentialSpec`): what Go decoded into it is `map[string]any`, `[]any`, `float64`,
 * `string` or `bool`, so objects print with their keys sorted by UTF-8 bytes and `-0` prints as `-0`.
 */
export interface InterfaceLayout {
  readonly kind: 'interface';
}

/** Anything (unknown fields, free-form JSON): printed as given, keys in insertion order. */
export interface AnyLayout {
  readonly kind: 'any';
}
