/** `process.commandLine`: the Windows command line. */
import { defineOpt, ensureProcess } from '@ocispec/core';
import { z } from 'zod';

/**
 * Replaces `process.commandLine` (used verbatim, no escaping; `""` removes it) and removes `process.args`. Creates
 * `process`. Available for every target (containerd defines it on Windows only).
 * containerd: `oci.WithProcessCommandLine`
 */
export const withProcessCommandLine = defineOpt({
  name: 'withProcessCommandLine',
  args: () => z.tuple([z.string()]),
  doc: 'Replaces `process.commandLine` (used verbatim, no escaping; `""` removes it) and removes `process.args`.',
  containerd: 'oci.WithProcessCommandLine',
  apply(spec, _ctx, cmdLine) {
    const process = ensureProcess(spec);
    if (process.args !== undefined) delete process.args;
    if (cmdLine !== '') process.commandLine = cmdLine;
    else if (process.commandLine !== undefined) delete process.commandLine;
  },
});
