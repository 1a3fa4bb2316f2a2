import { Pipeline, printSpec } from '@ocispec/core';
import { indentOf, parseCommandArgs } from '../args.js';
import { builtinPlugins } from '../builtins.js';
import type { CliIO } from '../io.js';
import { UsageError } from '../io.js';

export const specUsage = `ocispec spec [--platform P] [--namespace NS] [--id ID] [--indent N]
  Prints the default spec of a platform (like \`ctr oci spec\`). Defaults: linux/amd64, namespace "default", id "".`;

/** `ocispec spec`: the platform's default spec as canonical JSON. */
export async function specCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('spec', argv, {
    platform: { type: 'string' },
    namespace: { type: 'string' },
    id: { type: 'string' },
    indent: { type: 'string' },
  });
  if (positionals.length > 0) throw new UsageError(`spec: unexpected argument ${positionals[0]}`);
  const pipeline = new Pipeline({ plugins: builtinPlugins() });
  const { spec } = await pipeline.compose({
    platform: (values.platform as string | undefined) ?? 'linux/amd64',
    namespace: (values.namespace as string | undefined) ?? 'default',
    id: (values.id as string | undefined) ?? '',
  });
  io.stdout(`${printSpec(spec, { indent: indentOf('spec', values.indent) })}\n`);
  return 0;
}
