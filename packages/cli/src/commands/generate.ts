import * as path from 'node:path';
import { printJson, printSpec } from '@ocispec/core';
import type { Layout } from '@ocispec/core/internal';
import { specLayout } from '@ocispec/core/internal';
import { validatePlugin } from '@ocispec/validate';
import { indentOf, parseCommandArgs } from '../args.js';
import type { CliIO } from '../io.js';
import { UsageError } from '../io.js';
import { PIPELINE_OPTIONS, pipelineRunner, printWarnings } from '../runner.js';

export const generateUsage = `ocispec generate FILE|- [--config CONFIG.toml] [--plugin MODULE]... [--strict] [--validate] [--indent N] [--quiet]
  Runs a pipeline file and prints the spec (a batch file prints [{name, spec, error}, ...]).
  --config: a containerd config.toml (version 2 or 3); a pipeline's "runtime" names one of its runtimes.
  --validate refuses to print a spec that fails validation (see ocispec validate).
  Exit 0 on success, 1 when the pipeline (or any pipeline of a batch) failed.`;

/** A batch's output: `[{name, spec, error}, ...]`, every field always printed (`null` when absent). */
const batchLayout: Layout = (() => {
  const fields = [
    { key: 'name', emit: 'always', layout: { kind: 'scalar' }, zero: null },
    { key: 'spec', emit: 'always', layout: specLayout, zero: null },
    { key: 'error', emit: 'always', layout: { kind: 'scalar' }, zero: null },
  ] as const;
  return {
    kind: 'array',
    element: { kind: 'object', fields, byKey: new Map(fields.map((f) => [f.key, f])) },
  };
})();

/** `ocispec generate`: runs a pipeline file (or a batch) and prints the spec(s). */
export async function generateCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('generate', argv, {
    ...PIPELINE_OPTIONS,
    validate: { type: 'boolean' },
  });
  if (positionals.length !== 1) throw new UsageError('generate: expected one FILE (or - for standard input)');
  const file = positionals[0]!;
  const validate = values.validate === true;
  const runner = pipelineRunner(io, values, { plugins: validate ? [validatePlugin()] : [], validate });
  const indent = indentOf('generate', values.indent);
  const stdin = file === '-' ? await io.stdin() : undefined;
  const result = await runner.runFile(file === '-' ? '-' : path.resolve(io.cwd, file), stdin);
  printWarnings(io, runner, values);
  if (result.kind === 'single') {
    io.stdout(`${printSpec(result.spec, { indent })}\n`);
    return 0;
  }
  io.stdout(`${printJson(result.results, batchLayout, { indent })}\n`);
  return result.results.some((r) => r.error !== null) ? 1 : 0;
}
