/**
 * The options reference (`docs/options.md`), generated from the registry of a pipeline with the built-in plugins:
 * every option's row comes from its one definition (`defineOpt`): name, package, arguments (described from the
 * JSON Schema of its arguments), doc line and containerd name.
 * `pnpm docs:options` writes it; `test/options-reference.test.ts` fails when the committed file is stale.
 */
import type { RegisteredOpt } from '@ocispec/core';
import { Pipeline } from '@ocispec/core';
import { builtinPlugins } from './builtins.js';

/** The package each built-in plugin comes from. */
const PACKAGES: Readonly<Record<string, string>> = {
  core: '@ocispec/core',
  linux: '@ocispec/linux',
  windows: '@ocispec/windows',
};

type JsonSchema = {
  type?: string | string[];
  items?: JsonSchema | false;
  prefixItems?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  format?: string;
};

/** A JSON schema as a short TypeScript-like type: `string`, `string[]`, `{ name: string, … }`, `"a" | "b"`. */
export function describeSchema(schema: JsonSchema | boolean | undefined, depth = 0): string {
  if (schema === undefined || schema === true) return 'unknown';
  if (schema === false) return 'never';
  if (schema.format === 'bigint') return 'bigint';
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum !== undefined) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  const union = schema.anyOf ?? schema.oneOf;
  if (union !== undefined) return [...new Set(union.map((s) => describeSchema(s, depth)))].join(' | ');
  if (Array.isArray(schema.type))
    return schema.type.map((t) => describeSchema({ ...schema, type: t }, depth)).join(' | ');
  switch (schema.type) {
    case 'array': {
      if (schema.prefixItems !== undefined) {
        const items = schema.prefixItems.map((s) => describeSchema(s, depth + 1));
        if (schema.items !== undefined && schema.items !== false)
          items.push(`...${wrap(describeSchema(schema.items, depth + 1))}[]`);
        return `[${items.join(', ')}]`;
      }
      return `${wrap(describeSchema(schema.items === false ? undefined : schema.items, depth + 1))}[]`;
    }
    case 'object': {
      const properties = Object.entries(schema.properties ?? {});
      if (properties.length === 0) {
        const values = schema.additionalProperties;
        return values === undefined || values === false
          ? 'object'
          : `Record<string, ${describeSchema(values, depth + 1)}>`;
      }
      if (depth >= 1 || properties.length > 6) return 'object';
      const required = new Set(schema.required ?? []);
      const fields = properties.map(
        ([k, s]) => `${k}${required.has(k) ? '' : '?'}: ${describeSchema(s, depth + 1)}`,
      );
      return `{ ${fields.join(', ')} }`;
    }
    case 'integer':
      return integerName(schema);
    case undefined:
      return 'unknown';
    default:
      return schema.type;
  }
}

/** Go's name of an integer type: its JSON Schema `format` (`uint32`, `int64`), else `uint` or `int`. */
function integerName(schema: JsonSchema): string {
  if (schema.format !== undefined) return schema.format;
  return schema.minimum !== undefined && schema.minimum >= 0 ? 'uint' : 'int';
}

function wrap(type: string): string {
  return type.includes(' | ') ? `(${type})` : type;
}

/** An option's arguments, from the JSON Schema of its arguments: `(string, ...string[])`. */
export function describeArgs(option: RegisteredOpt): string {
  const schema = option.definition.jsonSchema() as JsonSchema;
  const items = (schema.prefixItems ?? []).map((s) => describeSchema(s));
  const rest = schema.items;
  if (rest !== undefined && rest !== false) items.push(`...${wrap(describeSchema(rest))}[]`);
  return `(${items.join(', ')})`;
}

export function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

/** A markdown table with its columns padded (as Biome formats markdown, so that the file stays as generated). */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(3, h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/** The whole of `docs/options.md`. */
export function renderOptionsReference(): string {
  const options = new Pipeline({ plugins: builtinPlugins() }).registry.list();
  const byPackage = new Map<string, RegisteredOpt[]>();
  for (const option of options) {
    const pkg = PACKAGES[option.plugin] ?? option.plugin;
    byPackage.set(pkg, [...(byPackage.get(pkg) ?? []), option]);
  }
  const lines = [
    '# Options reference',
    '',
    '<!-- Generated by `pnpm docs:options` from the option registry (packages/cli/src/options-reference.ts). Do not',
    '     edit: a test fails when this file is stale. -->',
    '',
    `Every option the built-in plugins register (${options.length}), by package, in registration order. In a pipeline`,
    'file an option is called as `["name", ...arguments]`; in code, as `name(...arguments)`. Arguments are described from',
    "the JSON Schema of their zod schema's input (Go integer types by name: `uint32`, `int64`, ...; a 64-bit value",
    'beyond 2^53 is a `bigint` in code and an exact JSON number in a file; `?`: may be omitted). The line is the first',
    "sentence of the option's TSDoc, which says the rest (create/no-op rule, target OS); see also",
    '[differences.md](differences.md).',
  ];
  for (const [pkg, list] of byPackage) {
    const rows = list.map((option) => [
      `\`${option.name}\``,
      `\`${cell(describeArgs(option))}\``,
      cell(option.definition.doc),
      option.definition.containerd === undefined ? '' : `\`${cell(option.definition.containerd)}\``,
    ]);
    lines.push('', `## ${pkg}`, '', ...table(['option', 'arguments', 'what it does', 'containerd'], rows));
  }
  return `${lines.join('\n')}\n`;
}
