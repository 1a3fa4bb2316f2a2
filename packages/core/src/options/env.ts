/** `process.env`: containerd's WithEnv, WithDefaultPathEnv and WithEnvFile. */
import type { Draft } from 'immer';
import { z } from 'zod';
import { defineOpt } from '../define.js';
import { SpecOptError } from '../errors.js';
import type { Spec } from '../model/index.js';
import { ensureProcess, peekArray, requireSection } from '../sections.js';
import { defaultUnixEnv, replaceOrAppendEnvValues } from './env-merge.js';
import { readHostFile } from './host-files.js';

/** Nothing for no variables, else `process` created and `vars` merged into its env. */
function mergeEnv(spec: Draft<Spec>, vars: readonly string[] | null): void {
  if (vars == null || vars.length === 0) return;
  const process = ensureProcess(spec);
  process.env = replaceOrAppendEnvValues(peekArray(process, 'env'), vars);
}

/**
 * Merges the variables into `process.env`: `K=v` replaces or appends, a bare `K` unsets (see
 * `replaceOrAppendEnvValues`). An empty or `null` list does nothing (does not create `process`); otherwise `process`
 * is created. Any OS.
 * containerd: `oci.WithEnv`
 */
export const withEnv = defineOpt({
  name: 'withEnv',
  args: () => z.tuple([z.array(z.string()).nullable()]),
  doc: 'Merges the variables into `process.env`: `K=v` replaces or appends, a bare `K` unsets (see `replaceOrAppendEnvValues`).',
  containerd: 'oci.WithEnv',
  apply(spec, _ctx, vars) {
    mergeEnv(spec, vars);
  },
});

/**
 * Sets `PATH` in `process.env` to containerd's default unix PATH. An existing `PATH=` is overwritten in place,
 * otherwise it is appended. A spec without `process` is `MISSING_SECTION` (HEAD dereferences a nil Process and
 * panics). Does nothing when the target OS is `windows` (containerd's `_windows.go` variant is a no-op).
 * containerd: `oci.WithDefaultPathEnv`
 */
export const withDefaultPathEnv = defineOpt({
  name: 'withDefaultPathEnv',
  args: () => z.tuple([]),
  doc: "Sets `PATH` in `process.env` to containerd's default unix PATH.",
  containerd: 'oci.WithDefaultPathEnv',
  apply(spec, ctx) {
    if (ctx.platform.os === 'windows') return;
    requireSection(spec, 'process');
    mergeEnv(spec, defaultUnixEnv);
  },
});

/** bufio.MaxScanTokenSize: bufio.Scanner's buffer limit; a line needs room for itself and its newline. */
const MAX_SCAN_TOKEN = 64 * 1024;
const NEWLINE = 0x0a;
const RETURN = 0x0d;

/**
 * Splits file content into lines exactly as Go's `bufio.Scanner` with `ScanLines`: lines end at `\n`, one trailing
 * `\r` is dropped, nothing is trimmed, blank lines stay (as `""`), and no empty line follows a final `\n`. A line
 * that does not fit bufio's 64 KiB buffer is Go's `bufio.Scanner: token too long` error.
 */
export function scanLines(bytes: Uint8Array): string[] {
  const decoder = new TextDecoder();
  const lines: string[] = [];
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(NEWLINE, start);
    const last = end < 0;
    if (last) end = bytes.length;
    if (end - start + 1 > MAX_SCAN_TOKEN) throw new SpecOptError('bufio.Scanner: token too long');
    const stop = end > start && bytes[end - 1] === RETURN ? end - 1 : end;
    lines.push(decoder.decode(bytes.subarray(start, stop)));
    start = end + 1;
  }
  return lines;
}

/**
 * Merges the lines of a host file into `process.env`, as `withEnv` does. The file is read through `ctx.host.fs`;
 * comment and blank lines are not special (a `# x` line unsets key `# x`), and a file without lines does nothing.
 * A read failure is Go's error text (`open <path>: no such file or directory`). Any OS.
 * containerd: `oci.WithEnvFile`
 */
export const withEnvFile = defineOpt({
  name: 'withEnvFile',
  args: () => z.tuple([z.string()]),
  doc: 'Merges the lines of a host file into `process.env`, as `withEnv` does.',
  containerd: 'oci.WithEnvFile',
  apply(spec, ctx, path) {
    mergeEnv(spec, scanLines(readHostFile(ctx, path)));
  },
});
