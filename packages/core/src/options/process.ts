/** `process`: arguments, working directory, terminal and privilege flags. */
import { z } from 'zod';
import type { SpecOpt } from '../compose.js';
import { specOpt } from '../compose.js';
import { goInt } from '../model/index.js';
import { defineOpt } from '../registry.js';
import { ensureProcess, peekArray, writable } from '../sections.js';
import { variadic } from './args.js';
import { toUint64 } from './integers.js';

/**
 * Replaces `process.args` with `args` (none: `args` removed, Go's nil) and clears `process.commandLine`.
 * Creates `process`. Any OS.
 * containerd: `oci.WithProcessArgs`
 */
export function withProcessArgs(...args: string[]): SpecOpt {
  return specOpt('withProcessArgs', (spec) => {
    const process = ensureProcess(spec);
    if (args.length > 0) process.args = args.slice();
    else if (process.args !== undefined) delete process.args;
    if (process.commandLine !== undefined) delete process.commandLine;
  });
}

export const withProcessArgsDefinition = defineOpt({
  name: 'withProcessArgs',
  args: variadic(z.string()),
  factory: withProcessArgs,
  doc: 'Replaces process.args (none: removed) and clears process.commandLine.',
  containerd: 'oci.WithProcessArgs',
});

/**
 * Sets `process.cwd`. Creates `process`. Any OS.
 * containerd: `oci.WithProcessCwd`
 */
export function withProcessCwd(cwd: string): SpecOpt {
  return specOpt('withProcessCwd', (spec) => {
    ensureProcess(spec).cwd = cwd;
  });
}

export const withProcessCwdDefinition = defineOpt({
  name: 'withProcessCwd',
  args: z.tuple([z.string()]),
  factory: withProcessCwd,
  doc: 'Sets process.cwd.',
  containerd: 'oci.WithProcessCwd',
});

/**
 * Sets `process.terminal` and, when the spec has a `linux` section, appends `TERM=xterm` to `process.env` (no
 * dedupe: twice gives two). Creates `process`; the section test is on the spec, not the target OS.
 * containerd: `oci.WithTTY`
 */
export function withTTY(): SpecOpt {
  return specOpt('withTTY', (spec) => {
    const process = ensureProcess(spec);
    process.terminal = true;
    if (spec.linux != null) process.env = [...peekArray(process, 'env'), 'TERM=xterm'];
  });
}

export const withTTYDefinition = defineOpt({
  name: 'withTTY',
  args: z.tuple([]),
  factory: withTTY,
  doc: 'Sets process.terminal; with a linux section, appends TERM=xterm to process.env.',
  containerd: 'oci.WithTTY',
});

/**
 * Sets `process.consoleSize` to `width` × `height` (Go's `uint(int)`: a negative value wraps to 2^64 - n).
 * Creates `process` and `consoleSize`. Any OS.
 * containerd: `oci.WithTTYSize`
 */
export function withTTYSize(width: number | bigint, height: number | bigint): SpecOpt {
  return specOpt('withTTYSize', (spec) => {
    const consoleSize = writable(ensureProcess(spec), 'consoleSize', true);
    consoleSize.width = toUint64(width);
    consoleSize.height = toUint64(height);
  });
}

export const withTTYSizeDefinition = defineOpt({
  name: 'withTTYSize',
  args: z.tuple([goInt, goInt]),
  factory: withTTYSize,
  doc: 'Sets process.consoleSize (width, height).',
  containerd: 'oci.WithTTYSize',
});

/**
 * Sets `process.noNewPrivileges`. Creates `process`. Any OS.
 * containerd: `oci.WithNoNewPrivileges`
 */
export function withNoNewPrivileges(): SpecOpt {
  return specOpt('withNoNewPrivileges', (spec) => {
    ensureProcess(spec).noNewPrivileges = true;
  });
}

export const withNoNewPrivilegesDefinition = defineOpt({
  name: 'withNoNewPrivileges',
  args: z.tuple([]),
  factory: withNoNewPrivileges,
  doc: 'Sets process.noNewPrivileges.',
  containerd: 'oci.WithNoNewPrivileges',
});

/**
 * Clears `process.noNewPrivileges` (removed: Go's `false` is omitted). Creates `process`. Any OS.
 * containerd: `oci.WithNewPrivileges`
 */
export function withNewPrivileges(): SpecOpt {
  return specOpt('withNewPrivileges', (spec) => {
    const process = ensureProcess(spec);
    if (process.noNewPrivileges !== undefined) delete process.noNewPrivileges;
  });
}

export const withNewPrivilegesDefinition = defineOpt({
  name: 'withNewPrivileges',
  args: z.tuple([]),
  factory: withNewPrivileges,
  doc: 'Clears process.noNewPrivileges.',
  containerd: 'oci.WithNewPrivileges',
});
