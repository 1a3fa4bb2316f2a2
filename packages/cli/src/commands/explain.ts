import * as path from 'node:path';
import type { BaseSpecStore } from '@ocispec/base-spec';
import type {
  FieldProvenance,
  FrozenSpec,
  PipelineDefinition,
  Provenance,
  RemovedField,
} from '@ocispec/core';
import {
  ANY_LAYOUT,
  formatLeaf,
  formatSource,
  parsePipelineFile,
  printJson,
  tracePlugin,
} from '@ocispec/core';
import { readFileChecked } from '@ocispec/core/internal';
import { indentOf, parseCommandArgs } from '../args.js';
import { baseStore } from '../base-store.js';
import type { CliIO } from '../io.js';
import { UsageError } from '../io.js';
import { PIPELINE_OPTIONS, pipelineRunner, printWarnings } from '../runner.js';

export const explainUsage = `ocispec explain FILE|- [--config CONFIG.toml] [--plugin MODULE]... [--strict] [--changed] [--json] [--indent N] [--quiet]
  Runs a pipeline file with tracing and prints, for every field of the spec, its value, who set it last (the
  default spec, the base file, an option with its index and plugin, or a plugin's afterApply) and every value it
  overwrote; then the base's fields that were removed. --changed: only fields an option or plugin set or removed.
  --json: {base, fields, removed} (a batch: [{name, provenance, error}, ...]). Exit 0, or 1 when a pipeline failed.`;

/** `ocispec explain`: which option or layer set each field of a pipeline's spec. */
export async function explainCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('explain', argv, {
    ...PIPELINE_OPTIONS,
    changed: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (positionals.length !== 1) throw new UsageError('explain: expected one FILE (or - for standard input)');
  const indent = indentOf('explain', values.indent);
  const arg = positionals[0]!;
  const file = arg === '-' ? '-' : path.resolve(io.cwd, arg);
  const bytes = file === '-' ? await io.stdin() : readFileChecked(file);
  const trace = tracePlugin();
  const store = baseStore(io.cwd, values.config, values.strict === true);
  labelBases(trace.labelBase, store, bytes, file, io.cwd);
  const runner = pipelineRunner(io, values, { plugins: [trace], store });
  // runFile reads a named file again (it takes bytes only for `-`): the bytes above were for labelBases.
  const result = await runner.runFile(file, file === '-' ? bytes : undefined);
  printWarnings(io, runner, values);
  const only = (p: Provenance): Provenance => (values.changed === true ? changedOnly(p) : p);
  if (result.kind === 'single') {
    const provenance = only(trace.provenance(result.spec)!);
    io.stdout(
      values.json === true
        ? `${printJson(provenance, ANY_LAYOUT, { indent })}\n`
        : formatProvenance(provenance),
    );
    return 0;
  }
  const entries = result.results.map((r) => ({
    name: r.name,
    provenance: r.spec === null ? null : only(trace.provenance(r.spec)!),
    error: r.error,
  }));
  if (values.json === true) io.stdout(`${printJson(entries, ANY_LAYOUT, { indent })}\n`);
  else {
    io.stdout(
      entries
        .map(
          (e, i) =>
            `# ${e.name ?? i}\n${e.provenance === null ? `error: ${e.error}\n` : formatProvenance(e.provenance)}`,
        )
        .join('\n'),
    );
  }
  return entries.some((e) => e.error !== null) ? 1 : 0;
}

/**
 * Names the pipelines' base files in the provenance (matched by content digest), as written in the pipeline file.
 * The bases are loaded through `store`, the store the runner resolves them from, so each is read once. A file that
 * cannot be read is left to the runner, which reports it.
 */
function labelBases(
  label: (spec: FrozenSpec, file: string) => void,
  store: BaseSpecStore,
  bytes: Uint8Array,
  file: string,
  cwd: string,
): void {
  let definitions: readonly unknown[];
  try {
    const parsed = parsePipelineFile(bytes, file);
    definitions = parsed.kind === 'single' ? [parsed.pipeline] : parsed.pipelines;
  } catch {
    return;
  }
  const dir = file === '-' ? cwd : path.dirname(file);
  for (const definition of definitions) {
    const base = (definition as PipelineDefinition | null)?.base;
    if (typeof base !== 'string') continue;
    try {
      label(store.load(path.resolve(dir, base)).spec, base);
    } catch {
      // Reported by the runner.
    }
  }
}

/** Keeps the fields set by an option or a plugin (not by the base) and the removals. */
function changedOnly(provenance: Provenance): Provenance {
  const fromBase = (kind: string) => kind === 'default' || kind === 'base';
  return { ...provenance, fields: provenance.fields.filter((f) => !fromBase(f.setBy.kind)) };
}

/** Aligned columns, two spaces apart; the last column is not padded. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function overwrote(field: FieldProvenance): string {
  return field.overwrote.map((o) => `${formatLeaf(o.value)} (${formatSource(o.setBy)})`).join('; ');
}

/** The text report: the base, the fields table, and the removed fields. */
function formatProvenance(provenance: Provenance): string {
  const lines = [
    `base: ${formatSource(provenance.base)} ${provenance.base.kind === 'default' || provenance.base.kind === 'base' ? provenance.base.digest : ''}`.trimEnd(),
    '',
  ];
  lines.push(
    table(
      ['POINTER', 'VALUE', 'SET BY', 'OVERWROTE'],
      provenance.fields.map((f) => [f.pointer, formatLeaf(f.value), formatSource(f.setBy), overwrote(f)]),
    ),
  );
  if (provenance.removed.length > 0) {
    lines.push('', 'removed:');
    lines.push(
      table(
        ['POINTER', 'VALUE', 'SET BY', 'REMOVED BY'],
        provenance.removed.map((r: RemovedField) => [
          r.pointer,
          formatLeaf(r.value),
          formatSource(r.setBy),
          formatSource(r.removedBy),
        ]),
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}
