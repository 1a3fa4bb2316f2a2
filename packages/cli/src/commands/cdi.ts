/**
 * `ocispec cdi list` and `ocispec cdi validate`: the CDI devices of spec directories, and the problems of spec
 * files, as the CDI library reads them (@ocispec/cdi, loaded when one of them runs).
 */
import * as path from 'node:path';
import type { CdiError, DeviceList, SpecFileReport } from '@ocispec/cdi';
import type { HostFS } from '@ocispec/core';
import { DEFAULT_MAX_SPEC_BYTES, nodeHostFS } from '@ocispec/core/internal';
import { booleanFlag, defineCommand, defineCommandGroup, listFlag } from '../command.js';
import { maxInputSizeFlag, nonEmpty } from '../flags.js';
import { maxInputBytes, readStdin } from '../input-flags.js';
import type { CliIO } from '../io.js';
import { UsageError } from '../io.js';

/** `--json`, shared by both subcommands. */
const jsonFlag = { flags: '--json', description: 'print the result as JSON (see docs/cdi.md)' };

/** A problem as one line: `file: /pointer (line L, column C): reason` (the parts known). */
function problemLine(error: CdiError): string {
  return error.message;
}

/** A problem as JSON: its code, file, pointer, line and column (null when unknown), reason and message. */
function problemJson(error: CdiError): Record<string, unknown> {
  return {
    code: error.code,
    file: error.file ?? null,
    pointer: error.pointer ?? null,
    line: error.line ?? null,
    column: error.column ?? null,
    reason: error.reason,
    message: error.message,
  };
}

/**
 * The host's file system with spec files read at most `maxBytes` (`--max-input-size`; the CDI reader's own
 * 10 MiB when lower).
 */
function specFS(maxBytes: number | undefined): HostFS {
  if (maxBytes === undefined) return nodeHostFS;
  return {
    ...nodeHostFS,
    readFile: (file, options) =>
      nodeHostFS.readFile(file, { maxBytes: Math.min(maxBytes, options?.maxBytes ?? maxBytes) }),
  };
}

const list = defineCommand({
  name: 'list',
  summary: 'list the CDI devices of the spec directories, with the file each comes from',
  description: `Lists the CDI devices (vendor.com/class=name) the spec directories define, sorted by name, each
with the spec file it comes from (a device of a later directory replaces an earlier one's; one defined twice in a
directory is a conflict and is left out), as withCDIDevices resolves them. The directories: each --spec-dir, lowest
priority first, or else /etc/cdi then /var/run/cdi. Spec files that fail to load, conflicts, a directory that
cannot be listed and a --spec-dir that does not exist are warnings on stderr, one a line naming the file and
pointer (with --json, in its "errors"). Exit 0 (even with warnings), 2 usage error.`,
  flags: [
    {
      flags: '--spec-dir <DIR>',
      description:
        'a CDI spec directory, lowest priority first; replaces the defaults /etc/cdi then /var/run/cdi',
      repeatable: true,
      parse: nonEmpty,
      complete: 'directory',
    },
    jsonFlag,
    maxInputSizeFlag,
  ],
  reference: `\`\`\`text
$ ocispec cdi list --spec-dir /etc/cdi --spec-dir /var/run/cdi
vendor.com/gpu=gpu0  /etc/cdi/vendor.yaml
vendor.com/gpu=gpu1  /var/run/cdi/vendor.yaml
warning: /var/run/cdi/broken.yaml: /devices (line 3, column 10): invalid spec, no devices
\`\`\`

\`--json\` prints \`{"specDirs": [...], "devices": [{"name", "file", "priority"}], "errors": [{"code", "file",
"pointer", "line", "column", "reason", "message"}]}\` (\`priority\`: the index of the file's directory; unknown
parts \`null\`), and no warnings on stderr.`,
  async run({ io, flags }) {
    const { CdiError, DEFAULT_SPEC_DIRS, listDevices } = await import('@ocispec/cdi');
    const given = listFlag<string>(flags, 'spec-dir').map((dir) => path.resolve(io.cwd, dir));
    const specDirs = given.length > 0 ? given : DEFAULT_SPEC_DIRS;
    const fs = specFS(maxInputBytes(flags));
    const found = listDevices(specDirs, fs);
    // The CDI library skips a missing directory; one the user named is worth a warning.
    const missing = given
      .filter((dir) => !exists(fs, dir))
      .map((dir) => new CdiError('CDI_FILE', 'no such spec directory', { file: dir }));
    const list = { devices: found.devices, errors: [...found.errors, ...missing] };
    if (booleanFlag(flags, 'json')) printListJson(io, specDirs, list);
    else printList(io, specDirs, list);
    return 0;
  },
});

/** The devices, aligned; then the warnings: each problem (a --spec-dir that does not exist included). */
function printList(io: CliIO, specDirs: readonly string[], found: DeviceList): void {
  const width = Math.max(0, ...found.devices.map((d) => d.name.length));
  for (const device of found.devices) io.stdout(`${device.name.padEnd(width)}  ${device.path}\n`);
  for (const error of found.errors) io.stderr(`warning: ${problemLine(error)}\n`);
  if (found.devices.length === 0) io.stderr(`no CDI devices in ${specDirs.join(', ')}\n`);
}

/** Whether `file` exists (a missing spec directory is skipped, as the CDI library skips it). */
function exists(fs: HostFS, file: string): boolean {
  try {
    fs.stat(file);
    return true;
  } catch {
    return false;
  }
}

function printListJson(io: CliIO, specDirs: readonly string[], found: DeviceList): void {
  const out = {
    specDirs,
    devices: found.devices.map((d) => ({ name: d.name, file: d.path, priority: d.priority })),
    errors: found.errors.map(problemJson),
  };
  io.stdout(`${JSON.stringify(out, null, 2)}\n`);
}

const validate = defineCommand({
  name: 'validate',
  summary: 'validate CDI spec files (YAML or JSON), or the spec files of directories',
  description: `Reads and checks CDI spec files as the CDI library does (decoding, cdiVersion against the
features used, kind, device names, annotations, container edits); a directory is checked as a spec directory
(its *.json and *.yaml files, and devices defined twice among them); - reads a spec from standard input (named
<stdin>). Prints every problem, one a line naming the file (absolute), the JSON pointer and the line and column;
then, on stderr, how many files were valid. Exit 0 all valid, 1 any invalid (or unreadable), 2 usage error.`,
  arguments: [
    {
      name: 'FILE|DIR',
      description: 'spec files or spec directories; - for standard input',
      required: true,
      variadic: true,
      complete: 'file',
    },
  ],
  flags: [jsonFlag, maxInputSizeFlag],
  reference: `\`\`\`text
$ ocispec cdi validate ./gpu.yaml /etc/cdi
/home/me/gpu.yaml: /devices/0/name (line 4, column 11): invalid character ' ' in device name "gpu 0"
/etc/cdi/a.yaml: conflicting device "vendor.com/gpu=0" (specs "/etc/cdi/b.yaml", "/etc/cdi/a.yaml")
/etc/cdi/b.yaml: conflicting device "vendor.com/gpu=0" (specs "/etc/cdi/b.yaml", "/etc/cdi/a.yaml")
\`\`\`

\`--json\` prints \`{"valid": bool, "files": [{"file", "valid", "kind", "devices", "errors": [...]}]}\` (\`kind\` and
\`devices\`, the qualified names, when the spec loaded; errors as in \`cdi list --json\`).`,
  async run({ io, args, flags }) {
    const cdi = await import('@ocispec/cdi');
    const fs = specFS(maxInputBytes(flags));
    const reports: SpecFileReport[] = [];
    if (args.filter((arg) => arg === '-').length > 1)
      throw new UsageError('- (standard input) may be given once');
    for (const arg of args) {
      if (arg === '-') {
        const limit = maxInputBytes(flags) ?? DEFAULT_MAX_SPEC_BYTES;
        reports.push(cdi.validateSpecText(await readStdin(io, limit), '<stdin>'));
        continue;
      }
      const target = path.resolve(io.cwd, arg);
      const isDir = isDirectory(fs, target);
      reports.push(...(isDir ? cdi.validateSpecDir(target, fs) : [cdi.validateSpecFile(target, fs)]));
    }
    const valid = cdi.allValid(reports);
    if (booleanFlag(flags, 'json')) {
      const files = reports.map((r) => ({
        file: r.path,
        valid: r.errors.length === 0,
        kind: r.spec === undefined ? null : `${r.spec.vendor}/${r.spec.class}`,
        devices: r.spec === undefined ? [] : cdi.qualifiedDeviceNames(r.spec),
        errors: r.errors.map(problemJson),
      }));
      io.stdout(`${JSON.stringify({ valid, files }, null, 2)}\n`);
    } else {
      for (const report of reports) for (const error of report.errors) io.stdout(`${problemLine(error)}\n`);
      const good = reports.filter((r) => r.errors.length === 0).length;
      io.stderr(`${good} of ${reports.length} spec files valid\n`);
    }
    return valid ? 0 : 1;
  },
});

/** Whether `file` is a directory (following a symlink); anything else, missing included, is a file to report. */
function isDirectory(fs: HostFS, file: string): boolean {
  try {
    return fs.stat(file).isDirectory();
  } catch {
    return false;
  }
}

export default defineCommandGroup({
  name: 'cdi',
  summary: 'list the CDI devices of spec directories; validate CDI spec files',
  description: `Container Device Interface specs, read as containerd's CDI library reads them (see docs/cdi.md):
ocispec cdi list shows the devices withCDIDevices can inject and where each comes from; ocispec cdi validate checks
spec files.`,
  subcommands: [list, validate],
});
