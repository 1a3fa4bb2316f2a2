/** `process`: arguments, working directory, terminal and privilege flags. */
import { z } from 'zod';
import { defineOpt } from '../define.js';
import { goInt } from '../model/index.js';
import { current, ensureProcess, peekArray, writable } from '../sections.js';
import { variadic } from './args.js';
import { toUint64 } from './integers.js';

/**
 * Replaces `process.args` with the arguments and clears `process.commandLine`. No arguments removes `args` (Go's
 * nil). Creates `process`. Any OS.
 * containerd: `oci.WithProcessArgs`
 */
export const withProcessArgs = defineOpt({
  name: 'withProcessArgs',
  args: () => variadic(z.string()),
  doc: 'Replaces `process.args` with the arguments and clears `process.commandLine`.',
  containerd: 'oci.WithProcessArgs',
  apply(spec, _ctx, ...args) {
    const process = ensureProcess(spec);
    if (args.length > 0) process.args = args;
    else if (process.args !== undefined) delete process.args;
    if (process.commandLine !== undefined) delete process.commandLine;
  },
});

/**
 * Sets `process.cwd`. Creates `process`. Any OS.
 * containerd: `oci.WithProcessCwd`
 */
export const withProcessCwd = defineOpt({
  name: 'withProcessCwd',
  args: () => z.tuple([z.string()]),
  doc: 'Sets `process.cwd`.',
  containerd: 'oci.WithProcessCwd',
  apply(spec, _ctx, cwd) {
    ensureProcess(spec).cwd = cwd;
  },
});

/**
 * Sets `process.terminal` and, when the spec has a `linux` section, appends `TERM=xterm` to `process.env`. No
 * dedupe: twice gives two. Creates `process`; the section test is on the spec, not the target OS.
 * containerd: `oci.WithTTY`
 */
export const withTTY = defineOpt({
  name: 'withTTY',
  args: () => z.tuple([]),
  doc: 'Sets `process.terminal` and, when the spec has a `linux` section, appends `TERM=xterm` to `process.env`.',
  containerd: 'oci.WithTTY',
  apply(spec) {
    const process = ensureProcess(spec);
    process.terminal = true;
    if (current(spec, 'linux') != null) process.env = [...peekArray(process, 'env'), 'TERM=xterm'];
  },
});

/**
 * Sets `process.consoleSize` to width × height. Go's `uint(int)`: a negative value wraps to 2^64 - n. Creates
 * `process` and `consoleSize`. Any OS.
 * containerd: `oci.WithTTYSize`
 */
export const withTTYSize = defineOpt({
  name: 'withTTYSize',
  args: () => z.tuple([goInt, goInt]),
  doc: 'Sets `process.consoleSize` to width × height.',
  containerd: 'oci.WithTTYSize',
  apply(spec, _ctx, width, height) {
    const consoleSize = writable(ensureProcess(spec), 'consoleSize', true);
    consoleSize.width = toUint64(width);
    consoleSize.height = toUint64(height);
  },
});

/**
 * Sets `process.noNewPrivileges`. Creates `process`. Any OS.
 * containerd: `oci.WithNoNewPrivileges`
 */
export const withNoNewPrivileges = defineOpt({
  name: 'withNoNewPrivileges',
  args: () => z.tuple([]),
  doc: 'Sets `process.noNewPrivileges`.',
  containerd: 'oci.WithNoNewPrivileges',
  apply(spec) {
    ensureProcess(spec).noNewPrivileges = true;
  },
});

/**
 * Clears `process.noNewPrivileges` (removed: Go's `false` is omitted). Creates `process`. Any OS.
 * containerd: `oci.WithNewPrivileges`
 */
export const withNewPrivileges = defineOpt({
  name: 'withNewPrivileges',
  args: () => z.tuple([]),
  doc: "Clears `process.noNewPrivileges` (removed: Go's `false` is omitted).",
  containerd: 'oci.WithNewPrivileges',
  apply(spec) {
    const process = ensureProcess(spec);
    if (process.noNewPrivileges !== undefined) delete process.noNewPrivileges;
  },
});
