/**
 * Plain YAML scalars resolved as the reference library's YAML reader resolves them: go-yaml v2 (YAML 1.1 rules,
 * inside sigs.k8s.io/yaml). `yes`/`on`/`y` are booleans, `0644` is octal, `1_000` is 1000, `~` is null. A date stays
 * its text (go-yaml v2 hands timestamps to an `interface{}` as strings). Quoted and block scalars are strings.
 */

/** A resolved scalar: what go-yaml v2 hands to the JSON conversion. */
export type YamlScalar =
  | { readonly kind: 'null' }
  | { readonly kind: 'bool'; readonly value: boolean }
  /** Integers keep their exact value (Go's int64 or uint64). */
  | { readonly kind: 'int'; readonly value: bigint }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string };

const NULL: YamlScalar = { kind: 'null' };

/** go-yaml v2's words: booleans, nulls, infinities and NaN. */
const WORDS = new Map<string, YamlScalar>();
function words(list: readonly string[], value: YamlScalar): void {
  for (const w of list) WORDS.set(w, value);
}
words(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'], {
  kind: 'bool',
  value: true,
});
words(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'], {
  kind: 'bool',
  value: false,
});
words(['', '~', 'null', 'Null', 'NULL'], NULL);
words(['.nan', '.NaN', '.NAN'], { kind: 'float', value: Number.NaN });
words(['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'], {
  kind: 'float',
  value: Number.POSITIVE_INFINITY,
});
words(['-.inf', '-.Inf', '-.INF'], { kind: 'float', value: Number.NEGATIVE_INFINITY });

/** Characters that may start something other than a string (go-yaml's resolve table). */
const WORD_START = new Set('yYnNtTfFoO~');
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** Resolves an untagged plain scalar. */
export function resolvePlain(text: string): YamlScalar {
  const word = WORDS.get(text);
  const first = text[0] ?? '';
  if (text === '' || WORD_START.has(first)) return word ?? str(text);
  if (first === '.') {
    if (word !== undefined) return word;
    const value = goParseFloat(text);
    return value === undefined ? str(text) : { kind: 'float', value };
  }
  if (first === '+' || first === '-' || (first >= '0' && first <= '9')) {
    if (word !== undefined) return word;
    return resolveNumeric(text) ?? str(text);
  }
  return str(text);
}

/** Numbers, in go-yaml's order: int64, uint64 (unsigned text only), float. */
function resolveNumeric(text: string): YamlScalar | undefined {
  const plain = text.replaceAll('_', '');
  const int = goParseInt(plain);
  if (int !== undefined && int >= INT64_MIN && int <= INT64_MAX) return { kind: 'int', value: int };
  if (int !== undefined && int <= UINT64_MAX && !/^[+-]/.test(plain)) return { kind: 'int', value: int };
  const value = goParseFloat(plain);
  return value === undefined ? undefined : { kind: 'float', value };
}

/**
 * Resolves a scalar with an explicit standard tag (`!!str`, `!!int` …) as go-yaml does: `!!str` keeps the text,
 * other tags must resolve to their own kind (`!!float` also takes an integer). Returns an error text otherwise.
 */
export function resolveTagged(tag: string, text: string): YamlScalar | string {
  const short = tag.replace(/^tag:yaml\.org,2002:/, '!!');
  if (short === '!!str') return str(text);
  if (short === '!!binary') return str(Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8'));
  if (!['!!bool', '!!int', '!!float', '!!null'].includes(short)) return str(text);
  const resolved = resolvePlain(text);
  const kind = resolved.kind === 'string' ? 'str' : resolved.kind;
  if (`!!${kind}` === short) return resolved;
  if (short === '!!float' && resolved.kind === 'int') return { kind: 'float', value: Number(resolved.value) };
  return `cannot decode !!${kind} \`${text}\` as a ${short}`;
}

function str(value: string): YamlScalar {
  return { kind: 'string', value };
}

/** Go's `strconv.ParseInt(s, 0, 64)` syntax (prefixes `0x`, `0o`, `0b`, a leading `0` for octal), unbounded. */
function goParseInt(text: string): bigint | undefined {
  const match = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (match === null) return undefined;
  const digits = match[2]!;
  let value: bigint;
  if (/^0[xXoObB]/.test(digits)) value = BigInt(digits.toLowerCase());
  else if (digits.length > 1 && digits.startsWith('0')) value = BigInt(`0o${digits.slice(1)}`);
  else value = BigInt(digits);
  return match[1] === '-' ? -value : value;
}

/** Go's `strconv.ParseFloat(s, 64)` for decimal syntax (the only one go-yaml reaches); out of range fails. */
function goParseFloat(text: string): number | undefined {
  if (!YAML_FLOAT.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * Go's `strconv.FormatFloat(v, 'g', -1, 32)`: the shortest text that reads back as the same float32, in `%g`
 * form (`0.3`, `1e+06`, `1.5e-07`). sigs.k8s.io/yaml turns a YAML float into a string this way where a string is
 * expected.
 */
export function formatFloat32(value: number): string {
  const f = Math.fround(value);
  if (Number.isNaN(f)) return 'NaN';
  // A float64 beyond float32's range rounds to an infinity.
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  let digits = '';
  let exponent = 0;
  for (let precision = 1; precision <= 9; precision++) {
    const text = f.toExponential(precision - 1);
    if (Math.fround(Number(text)) === f) {
      const [mantissa, exp] = text.split('e') as [string, string];
      digits = mantissa.replace('-', '').replace('.', '');
      exponent = Number(exp);
      break;
    }
  }
  const sign = f < 0 ? '-' : '';
  if (exponent < -4 || exponent >= 6) {
    const mantissa = digits.length === 1 ? digits : `${digits[0]}.${digits.slice(1)}`;
    const e = Math.abs(exponent);
    return `${sign}${mantissa}e${exponent < 0 ? '-' : '+'}${e < 10 ? `0${e}` : e}`;
  }
  if (exponent >= digits.length - 1) return `${sign}${digits}${'0'.repeat(exponent - digits.length + 1)}`;
  if (exponent >= 0) return `${sign}${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
  return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
}
