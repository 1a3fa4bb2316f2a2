/** Shared helpers of the option tests: applying one option over a frozen base, and a fake host. */
import { expect } from 'vitest';
import type { SpecOpt } from '../../src/compose.js';
import { applyOptsSync, freezeSpec } from '../../src/compose.js';
import type { SpecContextInit } from '../../src/context.js';
import { createContext } from '../../src/context.js';
import type { FrozenSpec } from '../../src/engine.js';
import type { HostAccess, HostDirent, HostStat } from '../../src/host.js';
import type { Spec } from '../../src/model/index.js';

/** A context for tests: platform `linux/amd64` unless given, warnings collected in `warnings`. */
export function testContext(init: SpecContextInit = {}, warnings: string[] = []) {
  return createContext({ warn: (message) => warnings.push(message), ...init });
}

/**
 * Applies `opts` over a frozen copy of `base` and returns the result; asserts the base is unchanged (deep-equal to
 * a clone taken before).
 */
export function apply(
  base: Spec | FrozenSpec,
  opts: SpecOpt | readonly SpecOpt[],
  init: SpecContextInit = {},
): FrozenSpec {
  const frozen = freezeSpec(structuredClone(base));
  const before = structuredClone(frozen);
  const list = Array.isArray(opts) ? opts : [opts as SpecOpt];
  try {
    return applyOptsSync(frozen, list, testContext(init));
  } finally {
    expect(frozen).toEqual(before);
  }
}

/** The error `fn` throws (fails the test if it does not throw). */
export function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`threw a non-Error: ${String(error)}`);
  }
  throw new Error('expected a throw');
}

/** The innermost cause of an error (options' own errors are wrapped as OPTION_FAILED by the runner). */
export function rootCause(error: unknown): unknown {
  let current = error;
  while (current instanceof Error && current.cause !== undefined) current = current.cause;
  return current;
}

function errno(code: string, syscall: string, path: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`${code}: ${syscall} '${path}'`);
  error.code = code;
  error.syscall = syscall;
  error.path = path;
  return error;
}

function fileStat(size: number, directory: boolean): HostStat {
  return {
    mode: directory ? 0o040755 : 0o100644,
    uid: 0,
    gid: 0,
    rdev: 0,
    size,
    isFile: () => !directory,
    isDirectory: () => directory,
    isSymbolicLink: () => false,
    isCharacterDevice: () => false,
    isBlockDevice: () => false,
    isFIFO: () => false,
    isSocket: () => false,
  };
}

/**
 * An in-memory host: regular files by absolute path (text is UTF-8 encoded); every parent directory of a file
 * exists. Errors are Node-style errno errors (`ENOENT` from `open`, `EISDIR` from `read`), as `node:fs` throws.
 */
export function fakeHost(files: Record<string, string | Uint8Array>): HostAccess {
  const contents = new Map<string, Uint8Array>();
  const dirs = new Set<string>(['/']);
  for (const [path, content] of Object.entries(files)) {
    contents.set(path, typeof content === 'string' ? new TextEncoder().encode(content) : content);
    const parts = path.split('/');
    for (let i = 2; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
  }
  const stat = (path: string): HostStat => {
    const file = contents.get(path);
    if (file !== undefined) return fileStat(file.length, false);
    if (dirs.has(path)) return fileStat(4096, true);
    throw errno('ENOENT', 'stat', path);
  };
  return {
    fs: {
      readFile(path) {
        const file = contents.get(path);
        if (file !== undefined) return file;
        if (dirs.has(path)) throw errno('EISDIR', 'read', path);
        throw errno('ENOENT', 'open', path);
      },
      stat,
      lstat: stat,
      readdir(path): HostDirent[] {
        if (!dirs.has(path)) throw errno('ENOENT', 'scandir', path);
        const prefix = path === '/' ? '/' : `${path}/`;
        const names = new Set<string>();
        for (const p of [...contents.keys(), ...dirs]) {
          if (p.startsWith(prefix) && p !== path) names.add(p.slice(prefix.length).split('/')[0]!);
        }
        return [...names].map((name) => ({
          name,
          isDirectory: () => dirs.has(prefix + name),
          isSymbolicLink: () => false,
        }));
      },
      readlink(path) {
        throw errno('EINVAL', 'readlink', path);
      },
      realpath(path) {
        stat(path);
        return path;
      },
    },
    runningInUserNS: () => false,
  };
}
