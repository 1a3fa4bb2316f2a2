import * as path from 'node:path';
import type { OptCall, ResolvedOpt, SpecOpt } from '@ocispec/core';
import { Pipeline, printSpec } from '@ocispec/core';
import { builtinPlugins } from '../builtins.js';
import { booleanFlag, defineCommand, stringFlag } from '../command.js';
import { compositionFlags } from '../compose-flags.js';
import { indentFlag, indentOf, nonEmpty, outputFlag } from '../flags.js';
import { UsageError } from '../io.js';
import { QUICK_FLAG_DEFINITIONS } from '../quick-flags.js';
import { withRootless } from '../rootless.js';
import { writeFileAtomicAt } from '../safe-write.js';

/** The process of `ocispec spec` when no `-- CMD` is given: `sh` with runc's PATH, as `runc spec` has. */
const DEFAULT_PROCESS: readonly OptCall[] = [['withDefaultPathEnv'], ['withProcessArgs', 'sh']];

export default defineCommand({
  name: 'spec',
  summary: 'print (or write) the default spec, with quick flags',
  description: `Prints the default spec of a platform (containerd's, as \`ctr oci spec\`) with a process that runs:
\`sh\` with runc's PATH, as \`runc spec\` has (\`-- CMD ARGS...\` replaces it). Quick flags change it as the
options they name would. --rootless makes it a spec runc runs as an unprivileged user (as \`runc spec
--rootless\`). -o FILE writes FILE, --bundle DIR writes DIR/config.json, both atomically.
Defaults: linux/amd64, namespace "default", id "". Exit 0, 1 when an option failed, 2 usage error.`,
  processArgs: true,
  flags: [
    { flags: '--platform <PLATFORM>', description: 'target platform (default linux/amd64)', parse: nonEmpty },
    { flags: '--namespace <NS>', description: 'containerd namespace (default "default"; "" for none)' },
    { flags: '--id <ID>', description: 'container id (default "")' },
    {
      flags: '--rootless',
      description:
        "for runc as an unprivileged user: user namespace mapped to the invoking user, no network namespace, runc's rootless mounts, no cgroup resources",
    },
    outputFlag,
    {
      flags: '--bundle <DIR>',
      description: 'write DIR/config.json (atomically), as runc spec --bundle',
      parse: nonEmpty,
      complete: 'directory',
    },
    indentFlag,
    ...QUICK_FLAG_DEFINITIONS,
  ],
  async run(context) {
    const { flags, io } = context;
    const out = stringFlag(flags, 'output');
    const bundle = stringFlag(flags, 'bundle');
    if (out !== undefined && bundle !== undefined)
      throw new UsageError('spec: give -o FILE or --bundle DIR, not both');
    const platform = stringFlag(flags, 'platform') ?? 'linux/amd64';
    const composition = await compositionFlags(context);
    const pipeline = new Pipeline({ plugins: [...builtinPlugins(), ...composition.plugins] });
    const unix = !platform.startsWith('windows');
    // The flags' calls are unchecked JSON (`--opt NAME=JSONARGS`): resolved as a pipeline file's calls are.
    const opts: (ResolvedOpt | SpecOpt)[] = pipeline.resolve([
      ...(unix ? DEFAULT_PROCESS : []),
      ...composition.opts,
    ]);
    if (booleanFlag(flags, 'rootless')) {
      if (!unix) throw new UsageError('spec: --rootless is for linux specs');
      opts.push(withRootless({ uid: process.geteuid?.() ?? 0, gid: process.getegid?.() ?? 0 }));
    }
    const { spec } = await pipeline.compose({
      platform,
      namespace: stringFlag(flags, 'namespace') ?? 'default',
      id: stringFlag(flags, 'id') ?? '',
      labels: composition.labels,
      opts,
    });
    const text = `${printSpec(spec, { indent: indentOf(flags) })}\n`;
    const file = out ?? (bundle === undefined ? undefined : path.join(bundle, 'config.json'));
    if (file === undefined) io.stdout(text);
    else writeFileAtomicAt(path.resolve(io.cwd, file), text);
    return 0;
  },
});
