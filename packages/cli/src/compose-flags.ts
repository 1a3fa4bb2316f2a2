/**
 * The composition flags of `spec` and `generate`: the quick flags and `-- CMD ARGS...`, turned into the option
 * calls, labels and plugins they add to a pipeline.
 */
import type { OptCall, Plugin, UntypedOptCall } from '@ocispec/core';
import type { CommandContext } from './command.js';
import { quickFlagEffect } from './quick-flags.js';

/** What the composition flags of a command line add to every pipeline it runs. */
export interface CompositionFlags {
  readonly opts: readonly UntypedOptCall[];
  readonly labels: Readonly<Record<string, string>>;
  /** Plugins the flags' options come from (cri's `cri.withSysctls`), loaded only when a flag needs them. */
  readonly plugins: readonly Plugin[];
}

/** The options of the quick flags and of `-- CMD ARGS...` (as `withProcessArgs`, first). */
export async function compositionFlags(context: CommandContext): Promise<CompositionFlags> {
  const effect = quickFlagEffect(context.flags, { cwd: context.io.cwd });
  const process: OptCall[] =
    context.processArgs === undefined || context.processArgs.length === 0
      ? []
      : [['withProcessArgs', ...context.processArgs]];
  const plugins: Plugin[] = [];
  if (effect.plugins.includes('cri')) {
    const { criPlugin } = await import('@ocispec/cri');
    plugins.push(criPlugin());
  }
  return { opts: [...process, ...effect.calls], labels: effect.labels, plugins };
}
