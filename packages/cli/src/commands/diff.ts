import * as path from 'node:path';
import type { ParsedSpec, SpecChange } from '@ocispec/core';
import {
  ANY_LAYOUT,
  diffSpecs,
  formatFinding,
  formatLeaf,
  messageOf,
  printJson,
  readSpecFile,
} from '@ocispec/core';
import { booleanFlag, defineCommand } from '../command.js';
import { indentFlag, indentOf, maxInputSizeFlag } from '../flags.js';
import { maxInputBytes } from '../input-flags.js';

/** One change as a line: `+ path: value`, `- path: value`, `~ path: before → after`. */
function formatChange(change: SpecChange): string {
  switch (change.kind) {
    case 'added':
      return `+ ${change.path}: ${formatLeaf(change.after!)}`;
    case 'removed':
      return `- ${change.path}: ${formatLeaf(change.before!)}`;
    case 'changed':
      return `~ ${change.path}: ${formatLeaf(change.before!)} → ${formatLeaf(change.after!)}`;
  }
}

export default defineCommand({
  name: 'diff',
  summary: 'compare two spec files by JSON pointer',
  description: `Compares two spec files by JSON pointer: keyed lists (mounts, env, rlimits, namespaces, devices,
capabilities, masked and read-only paths) are matched by key, so a reordering is not a change; numbers compare
exactly. Both files are read as containerd and runc read them (Go's encoding/json); a repeated or case-folded key or
invalid UTF-8 is a warning on stderr. Exit 0 same, 1 different, 2 usage error or a file that cannot be read or
parsed (as diff(1)).`,
  arguments: [
    { name: 'A', description: 'the first spec file', required: true, complete: 'file' },
    { name: 'B', description: 'the second spec file', required: true, complete: 'file' },
  ],
  flags: [
    { flags: '--json', description: 'print [{kind, pointer, from?, path, before?, after?}, ...]' },
    indentFlag,
    maxInputSizeFlag,
  ],
  reference: `
Compared in their canonical printed form (a field Go omits when empty is the same as an absent one; unknown
fields are compared too). Lists whose order carries no meaning are matched by key, so a reordering is not a
change:

| list                                                                                                | key                   |
| --------------------------------------------------------------------------------------------------- | --------------------- |
| \`mounts\`                                                                                            | \`destination\`         |
| \`process.env\`                                                                                       | the name (before \`=\`) |
| \`process.rlimits\`                                                                                   | \`type\`                |
| \`process.capabilities.*\`, \`linux.maskedPaths\`, \`linux.readonlyPaths\`, \`process.user.additionalGids\` | the value             |
| \`linux.namespaces\`                                                                                  | \`type\`                |
| \`linux.devices\`                                                                                     | \`path\`                |

Every other list is compared by position, including \`linux.resources.devices\`: device cgroup rules apply in
order (the last match wins), so reordering them is a change. A key that occurs twice is matched by occurrence
(\`/mounts[/tmp#2]\`). Numbers compare exactly (\`1\` equals \`1.0\`; 64-bit values beyond 2^53 are exact).

One line per change, with the keyed path: \`+ PATH: VALUE\` (only in B), \`- PATH: VALUE\` (only in A),
\`~ PATH: BEFORE → AFTER\`. \`--json\` prints \`[{kind, pointer, from?, path, before?, after?}, ...]\` (\`pointer\` in B,
in A for removals; \`from\`: the pointer in A when a keyed element moved).`,
  async run({ io, args, flags }) {
    const maxBytes = maxInputBytes(flags);
    let changes: SpecChange[];
    let read: ParsedSpec[];
    try {
      read = args.map((file) => readSpecFile(path.resolve(io.cwd, file), { maxBytes }));
      changes = diffSpecs(read[0]!.spec, read[1]!.spec);
    } catch (error) {
      // Trouble reading either file is exit 2, as in diff(1): exit 1 means "different".
      io.stderr(`ocispec: ${messageOf(error)}\n`);
      return 2;
    }
    // What Go reads is compared; where other readers of the same text read something else, say so.
    for (const [i, { warnings }] of read.entries()) {
      for (const warning of warnings) {
        if (warning.rule === 'unknown-field') continue;
        io.stderr(`warning: ${formatFinding({ ...warning, source: path.resolve(io.cwd, args[i]!) })}\n`);
      }
    }
    if (booleanFlag(flags, 'json'))
      io.stdout(`${printJson(changes, ANY_LAYOUT, { indent: indentOf(flags) })}\n`);
    else for (const change of changes) io.stdout(`${formatChange(change)}\n`);
    return changes.length === 0 ? 0 : 1;
  },
});
