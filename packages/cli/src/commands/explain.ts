import * as path from 'node:path';
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
import { nodeHostFS, readFileChecked } from '@ocispec/core/internal';
import { cdiPluginFor } from '../cdi-plugin.js';
import { booleanFlag, defineCommand } from '../command.js';
import { indentFlag, indentOf, pipelineFlags } from '../flags.js';
import { inputLimit, pipelineAccess, readStdin } from '../input-flags.js';
import { inputPath, LazyBaseStore, pipelineRunner, printWarnings } from '../runner.js';

const EXPLAIN_REFERENCE = `
For every field: its JSON pointer, its value, who set it last and every value it overwrote, then the fields that
were removed:

\`\`\`text
base: base cri-base.json sha256:9f56de19…

POINTER                VALUE      SET BY                        OVERWROTE
/ociVersion            "1.2.0"    base cri-base.json
/process/env/0         "PATH=/x"  option 1 withEnv [core]       "PATH=/usr/bin" (base cri-base.json)
/hostname              "web2"     option 3 withHostname [core]  "basehost" (base cri-base.json); "web" (option 0 withHostname [core])

removed:
POINTER                VALUE    SET BY              REMOVED BY
/mounts/0/destination  "/run"   base cri-base.json  option 2 withoutRunMount [linux]
\`\`\`

A setter is \`default spec (PLATFORM)\`, \`base FILE\` (as the pipeline file names it), \`inline base (sha256:…)\`,
\`option INDEX NAME [PLUGIN]\` (the index in the option list, the plugin that registered the option) or
\`afterApply [PLUGIN]\`. See [provenance.md](provenance.md) for the JSON shapes. \`--config\` resolves
\`"runtime"\` names as \`generate --config\` does (the runtime's base shows as an inline base with its digest, and
\`withNamespacedCgroup\` runs first).`;

export default defineCommand({
  name: 'explain',
  summary: "which option or layer set each field of a pipeline's spec",
  description: `Runs a pipeline file with tracing and prints, for every field of the spec, its value, who set it
last (the default spec, the base file, an option with its index and plugin, or a plugin's afterApply) and every
value it overwrote; then the base's fields that were removed. --changed: only fields an option or plugin set or
removed. --json: {base, fields, removed} (a batch: [{name, provenance, error}, ...]). Exit 0, or 1 when a
pipeline failed.`,
  arguments: [
    {
      name: 'FILE',
      description: 'the pipeline file, or - for standard input',
      required: true,
      complete: 'file',
    },
  ],
  flags: [
    ...pipelineFlags,
    { flags: '--changed', description: 'only the fields an option or plugin set or removed' },
    { flags: '--json', description: 'print {base, fields, removed}' },
    indentFlag,
  ],
  reference: EXPLAIN_REFERENCE,
  async run({ io, args, flags }) {
    const indent = indentOf(flags);
    const file = inputPath(io, args[0]!);
    const limit = inputLimit(flags);
    const bytes = file === '-' ? await readStdin(io, limit) : readFileChecked(file, nodeHostFS, limit);
    const trace = tracePlugin();
    const store = new LazyBaseStore(io.cwd, flags);
    const { filesRoot } = pipelineAccess(flags, io.cwd);
    await labelBases(trace.labelBase, store, bytes, file, io.cwd, filesRoot);
    const runner = pipelineRunner(io, flags, { plugins: [trace, await cdiPluginFor(io, flags)], store });
    // runFile reads a named file again (it takes bytes only for \`-\`): the bytes above were for labelBases.
    const result = await runner.runFile(file, file === '-' ? bytes : undefined);
    printWarnings(io, runner, flags);
    const changed = booleanFlag(flags, 'changed');
    const json = booleanFlag(flags, 'json');
    const only = (p: Provenance): Provenance => (changed ? changedOnly(p) : p);
    if (result.kind === 'single') {
      const provenance = only(trace.provenance(result.spec)!);
      io.stdout(json ? `${printJson(provenance, ANY_LAYOUT, { indent })}\n` : formatProvenance(provenance));
      return 0;
    }
    const entries = result.results.map((r) => ({
      name: r.name,
      provenance: r.spec === null ? null : only(trace.provenance(r.spec)!),
      error: r.error,
    }));
    if (json) io.stdout(`${printJson(entries, ANY_LAYOUT, { indent })}\n`);
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
  },
});

/**
 * Names the pipelines' base files in the provenance (matched by content digest), as written in the pipeline file.
 * The bases are loaded through `store`, the store the runner resolves them from (beneath `filesRoot` when given), so
 * each is read once. A file that cannot be read is left to the runner, which reports it.
 */
async function labelBases(
  label: (spec: FrozenSpec, file: string) => void,
  store: LazyBaseStore,
  bytes: Uint8Array,
  file: string,
  cwd: string,
  filesRoot: string | undefined,
): Promise<void> {
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
      label((await store.store()).load(path.resolve(dir, base), { root: filesRoot }).spec, base);
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
