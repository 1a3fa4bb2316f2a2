import * as path from 'node:path';
import type { DefinitionTransform, PipelineFileEntry, PipelineRunner, Plugin } from '@ocispec/core';
import { printSpec } from '@ocispec/core';
import { BatchWriter } from '../batch-output.js';
import { cdiPluginFor } from '../cdi-plugin.js';
import { booleanFlag, defineCommand, stringFlag } from '../command.js';
import { compositionFlags } from '../compose-flags.js';
import { indentFlag, indentOf, outputFlag, pipelineFlags } from '../flags.js';
import { inputLimit, readStdin } from '../input-flags.js';
import { UsageError } from '../io.js';
import { QUICK_FLAG_DEFINITIONS } from '../quick-flags.js';
import {
  defaultRuntimeOf,
  definitionTransform,
  inputPath,
  LazyBaseStore,
  pipelineRunner,
  printWarnings,
} from '../runner.js';
import { writeFileAtomicAt } from '../safe-write.js';

export default defineCommand({
  name: 'generate',
  summary: 'run a pipeline file (JSON, JSON with comments, YAML) and print the spec',
  description: `Runs a pipeline file (- reads standard input) and prints the spec; quick flags and -- CMD ARGS...
apply after the file's options, or alone without FILE (over the platform's default spec, as a pipeline file {}
with those options would). A batch file (an array of pipelines) prints [{name, spec, error}, ...] as each
pipeline is composed, and exits 1 if any failed. --validate refuses to print a spec that fails validation.
The plugins a pipeline file names are imported only with --allow-plugins (or --plugin naming them); --files-root:
the files pipelines name (bases, env files, seccomp profiles) must be beneath DIR. See docs/security.md.
Exit 0 on success, 1 when the pipeline (or any pipeline of a batch) failed, 2 usage error.`,
  arguments: [
    {
      name: 'FILE',
      description: 'the pipeline file, or - for standard input (none: quick flags alone)',
      required: false,
      complete: 'file',
    },
  ],
  processArgs: true,
  flags: [
    ...pipelineFlags,
    {
      flags: '--validate',
      description: 'refuse to print a spec that fails validation (see ocispec validate)',
    },
    outputFlag,
    indentFlag,
    ...QUICK_FLAG_DEFINITIONS,
  ],
  async run(context) {
    const { flags, io } = context;
    const validate = booleanFlag(flags, 'validate');
    const composition = await compositionFlags(context);
    const plugins: Plugin[] = [...composition.plugins, await cdiPluginFor(io, flags)];
    if (validate) plugins.push((await import('@ocispec/validate')).validatePlugin());
    const store = new LazyBaseStore(io.cwd, flags);
    const runner = pipelineRunner(io, flags, { plugins, validate, store });
    const transform = definitionTransform({
      opts: composition.opts,
      labels: composition.labels,
      defaultRuntime: await defaultRuntimeOf(store),
    });
    const named = context.args[0];
    if (named === undefined && transform === undefined)
      throw new UsageError(
        'generate: missing FILE: give a pipeline file, - for standard input, or quick flags alone (--hostname web)',
      );
    const file = named === undefined ? undefined : inputPath(io, named);
    const stdin = file === '-' ? await readStdin(io, inputLimit(flags)) : undefined;
    const indent = indentOf(flags);
    const out = stringFlag(flags, 'output');
    // With -o, the text is kept until the end (the file is replaced only when every pipeline was composed).
    const chunks: string[] = [];
    const write = out === undefined ? io.stdout : (text: string) => chunks.push(text);
    let batch: BatchWriter | undefined;
    let failed = false;
    let entries = 0;
    for await (const entry of file === undefined
      ? flagsAlone(runner, transform!, io.cwd)
      : runner.entries(file, stdin, transform)) {
      entries++;
      if (entry.kind === 'single') {
        write(`${printSpec(entry.spec, { indent })}\n`);
        continue;
      }
      batch ??= new BatchWriter(write, indent);
      batch.add(entry.result);
      failed ||= entry.result.error !== null;
    }
    if (entries === 0) write('[]\n');
    batch?.end();
    printWarnings(io, runner, flags);
    if (out !== undefined) writeFileAtomicAt(path.resolve(io.cwd, out), chunks.join(''));
    return failed ? 1 : 0;
  },
});

/** The quick flags without a pipeline file: the empty pipeline `{}` with the flags' options (and `--config`'s). */
async function* flagsAlone(
  runner: PipelineRunner,
  transform: DefinitionTransform,
  cwd: string,
): AsyncGenerator<PipelineFileEntry> {
  const { spec } = await runner.run(transform({}), cwd, '<command line>');
  yield { kind: 'single', spec };
}
