/** `process.commandLine`: the Windows command line. */
import type { SpecOpt } from '@ocispec/core';
import { defineOpt, ensureProcess, specOpt, z } from '@ocispec/core';

/**
 * Replaces `process.commandLine` with `cmdLine` (used verbatim, no escaping; `""` removes it) and removes
 * `process.args`. Creates `process`. Available for every target (containerd defines it on Windows only).
 * containerd: `oci.WithProcessCommandLine`
 */
export function withProcessCommandLine(cmdLine: string): SpecOpt {
  return specOpt('withProcessCommandLine', (spec) => {
    const process = ensureProcess(spec);
    if (process.args !== undefined) delete process.args;
    if (cmdLine !== '') process.commandLine = cmdLine;
    else if (process.commandLine !== undefined) delete process.commandLine;
  });
}

export const withProcessCommandLineDefinition = defineOpt({
  name: 'withProcessCommandLine',
  args: z.tuple([z.string()]),
  factory: withProcessCommandLine,
  doc: 'Replaces process.commandLine (verbatim) and removes process.args.',
  containerd: 'oci.WithProcessCommandLine',
});
