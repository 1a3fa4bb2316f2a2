import * as path from 'node:path';
import type { Finding, FrozenSpec, HostFS, Spec } from '@ocispec/core';
import {
  checkSpecValue,
  freezeSpec,
  isOcispecError,
  JsonSyntaxError,
  parseJsonBytes,
  specDigest,
} from '@ocispec/core';
import { DEFAULT_MAX_SPEC_BYTES, jsonTypeOf, nodeHostFS } from '@ocispec/core/internal';
import { BaseSpecError } from './errors.js';
import { fsError } from './fs-error.js';

/**
 * Extra checks run on every base after the model's: the validator of `@ocispec/validate` plugs in here (base-spec
 * imports only core). Error findings refuse the base; warnings are kept with it.
 */
export type BaseSpecCheck = (spec: Spec, file: string) => readonly Finding[];

/** How base spec files are read. */
export interface BaseSpecLoaderOptions {
  /** Host file access; the real filesystem by default (tests inject fakes, e.g. one throwing EACCES). */
  readonly fs?: HostFS;
  /** Largest file accepted, in bytes; default 10 MiB ({@link DEFAULT_MAX_SPEC_BYTES}). */
  readonly maxBytes?: number;
  /** Refuse unknown fields instead of keeping them with a warning. */
  readonly strict?: boolean;
  /** Extra checks (see {@link BaseSpecCheck}). */
  readonly check?: BaseSpecCheck;
}

/** A loaded base spec: deep-frozen, shared by every composition, never copied. The object itself is frozen. */
export interface LoadedBase {
  /** The path as asked for, made absolute. */
  readonly file: string;
  /** The file's real path (symlinks resolved): the cache key. */
  readonly realPath: string;
  /** The spec, deep-frozen; unknown fields kept. */
  readonly spec: FrozenSpec;
  /** `sha256:<hex>` of the spec's canonical JSON (`printSpec`, compact). */
  readonly digest: string;
  /** Unknown fields, inheritable capabilities (CVE-2022-24769) and the `check`'s warnings. */
  readonly warnings: readonly Finding[];
  /** 1 for the first load of a file, +1 for every reload that swapped in new content. */
  readonly version: number;
  /** The file's size in bytes. */
  readonly bytes: number;
}

/** The `digest` of a spec: `sha256:` and the hex SHA-256 of its canonical compact JSON (core's, re-exported). */
export { specDigest };

/** The warning a base with inheritable capabilities draws (containerd logs the same on load). */
export const INHERITABLE_CAPABILITIES_RULE = 'inheritable-capabilities';

function isWhitespace(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return false;
  return true;
}

/** Reads a file's bytes: real path, not a directory, within the size limit. Errors name `file`. */
function readBytes(file: string, fs: HostFS, maxBytes: number): { realPath: string; bytes: Uint8Array } {
  let realPath: string;
  try {
    realPath = fs.realpath(file);
    const stat = fs.stat(realPath);
    if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (stat.size > maxBytes) {
      throw new BaseSpecError(
        'too-large',
        `${file}: file is ${stat.size} bytes, over the limit of ${maxBytes} bytes`,
        { file },
      );
    }
  } catch (error) {
    if (error instanceof BaseSpecError) throw error;
    throw fsError(file, error);
  }
  let bytes: Uint8Array;
  try {
    bytes = fs.readFile(realPath);
  } catch (error) {
    throw fsError(file, error);
  }
  // The file may have grown between stat and read.
  if (bytes.length > maxBytes) {
    throw new BaseSpecError('too-large', `${file}: file is over the limit of ${maxBytes} bytes`, { file });
  }
  return { realPath, bytes };
}

/**
 * Parses and checks a base spec's bytes: strict UTF-8, strict JSON (64-bit integers exact), a JSON object, every
 * known field of the right type; unknown fields kept with a warning (refused with `strict`); `__proto__` and
 * `constructor` keys are plain own data (never a prototype); a warning for inheritable capabilities. Returns the
 * spec (not yet frozen) and its warnings. Errors are {@link BaseSpecError}s naming `file` and the JSON pointer.
 */
export function parseBaseSpec(
  bytes: Uint8Array,
  file: string,
  options: Pick<BaseSpecLoaderOptions, 'strict' | 'check'> = {},
): { spec: Spec; warnings: Finding[] } {
  if (bytes.length === 0) {
    throw new BaseSpecError('empty', `${file}: empty file: a base spec must be a JSON object`, { file });
  }
  if (isWhitespace(bytes)) {
    throw new BaseSpecError(
      'whitespace',
      `${file}: the file holds only whitespace: a base spec must be a JSON object`,
      {
        file,
      },
    );
  }
  let value: unknown;
  try {
    value = parseJsonBytes(bytes, { source: file });
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      const reason = error.reason.startsWith('invalid UTF-8')
        ? 'invalid-utf8'
        : error.reason.endsWith('after the top-level value')
          ? 'trailing-data'
          : 'invalid-json';
      throw new BaseSpecError(reason, error.message, { file, cause: error });
    }
    throw error;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BaseSpecError(
      'not-object',
      `${file}: /: expected a JSON object, received ${jsonTypeOf(value)} (a base spec is a whole config.json)`,
      { file, pointer: '' },
    );
  }
  let checked: ReturnType<typeof checkSpecValue>;
  try {
    checked = checkSpecValue(value, { source: file });
  } catch (error) {
    if (isOcispecError(error)) {
      throw new BaseSpecError('wrong-type', error.message, { file, pointer: error.pointer, cause: error });
    }
    throw error;
  }
  const warnings: Finding[] = checked.warnings.map((w) => ({ ...w, source: file }));
  if (options.strict === true && warnings.length > 0) {
    const pointer = warnings[0]!.pointer;
    throw new BaseSpecError('unknown-field', `${file}: ${pointer}: unknown field (strict mode)`, {
      file,
      pointer,
    });
  }
  const inheritable = checked.spec.process?.capabilities?.inheritable;
  if (Array.isArray(inheritable) && inheritable.length > 0) {
    warnings.push({
      severity: 'warning',
      pointer: '/process/capabilities/inheritable',
      rule: INHERITABLE_CAPABILITIES_RULE,
      message:
        'a base spec with inheritable capabilities hands them to every container of this base, which may be unsafe (CVE-2022-24769)',
      source: file,
    });
  }
  if (options.check !== undefined) {
    for (const finding of options.check(checked.spec, file)) {
      if (finding.severity === 'error') {
        throw new BaseSpecError(
          'check-failed',
          `${file}: ${finding.pointer === '' ? '/' : finding.pointer}: ${finding.rule}: ${finding.message}`,
          { file, pointer: finding.pointer },
        );
      }
      warnings.push({ ...finding, source: finding.source ?? file });
    }
  }
  return { spec: checked.spec, warnings };
}

/**
 * Reads, parses, checks, deep-freezes and digests one base spec file, uncached (see {@link BaseSpecLoader} for
 * the cache). `version` is the given one (1 by default).
 */
export function loadBaseSpec(file: string, options: BaseSpecLoaderOptions = {}, version = 1): LoadedBase {
  const absolute = path.resolve(file);
  const { realPath, bytes } = readBytes(
    absolute,
    options.fs ?? nodeHostFS,
    options.maxBytes ?? DEFAULT_MAX_SPEC_BYTES,
  );
  const { spec, warnings } = parseBaseSpec(bytes, absolute, options);
  const frozen = freezeSpec(spec);
  return Object.freeze({
    file: absolute,
    realPath,
    spec: frozen,
    digest: specDigest(frozen),
    warnings: Object.freeze(warnings),
    version,
    bytes: bytes.length,
  });
}

/** The outcome of {@link BaseSpecLoader.reload}: the base now in use, and whether it changed. */
export interface ReloadResult {
  readonly base: LoadedBase;
  readonly previous: LoadedBase | undefined;
  readonly changed: boolean;
}

/**
 * Loads base specs and caches them by real path: the same file named by many runtimes or pipelines (or through
 * symlinks) is read once. A failed load caches nothing and leaves every cached base as it was. {@link reload}
 * re-reads a file and swaps the new version in only when it is valid.
 */
export class BaseSpecLoader {
  readonly options: BaseSpecLoaderOptions;
  readonly #byRealPath = new Map<string, LoadedBase>();
  readonly #realPathOf = new Map<string, string>();
  #reads = 0;

  constructor(options: BaseSpecLoaderOptions = {}) {
    const fs = options.fs ?? nodeHostFS;
    this.options = {
      ...options,
      fs: {
        ...fs,
        readFile: (p) => {
          this.#reads++;
          return fs.readFile(p);
        },
        stat: (p) => fs.stat(p),
        realpath: (p) => fs.realpath(p),
        lstat: (p) => fs.lstat(p),
        readdir: (p) => fs.readdir(p),
        readlink: (p) => fs.readlink(p),
      },
    };
  }

  /** How many times a file's bytes were read (for tests and metrics). */
  get reads(): number {
    return this.#reads;
  }

  /** How many distinct files (by real path) are cached. */
  get size(): number {
    return this.#byRealPath.size;
  }

  /** The cached base of `file` (a path; relative paths resolve from the working directory), if any. */
  get(file: string): LoadedBase | undefined {
    const realPath = this.#realPathOf.get(path.resolve(file));
    return realPath === undefined ? undefined : this.#byRealPath.get(realPath);
  }

  /** Every cached base, once per real path. */
  bases(): LoadedBase[] {
    return [...this.#byRealPath.values()];
  }

  /** The paths (absolute, as asked for) known to the cache. */
  files(): string[] {
    return [...this.#realPathOf.keys()];
  }

  /**
   * The base of `file`: from the cache, or read, checked and cached. Throws a {@link BaseSpecError} (nothing
   * cached) for a bad file.
   */
  load(file: string): LoadedBase {
    const absolute = path.resolve(file);
    const cached = this.get(absolute);
    if (cached !== undefined) return cached;
    const fs = this.options.fs!;
    let realPath: string | undefined;
    try {
      realPath = fs.realpath(absolute);
    } catch {
      // loadBaseSpec reports it.
    }
    const byReal = realPath === undefined ? undefined : this.#byRealPath.get(realPath);
    if (byReal !== undefined) {
      this.#realPathOf.set(absolute, byReal.realPath);
      return byReal;
    }
    const base = loadBaseSpec(absolute, this.options);
    this.#byRealPath.set(base.realPath, base);
    this.#realPathOf.set(absolute, base.realPath);
    return base;
  }

  /**
   * Re-reads `file` and, when it is valid and its content changed, swaps the new version in (one synchronous
   * step: compositions that already took the old base keep it). A bad file throws a {@link BaseSpecError} and
   * the last good version stays.
   */
  reload(file: string): ReloadResult {
    const absolute = path.resolve(file);
    const previous = this.get(absolute);
    const next = loadBaseSpec(absolute, this.options, (previous?.version ?? 0) + 1);
    if (previous !== undefined && previous.digest === next.digest && previous.realPath === next.realPath) {
      return { base: previous, previous, changed: false };
    }
    this.#byRealPath.set(next.realPath, next);
    this.#realPathOf.set(absolute, next.realPath);
    if (previous !== undefined && previous.realPath !== next.realPath) this.#dropUnnamed(previous.realPath);
    return { base: next, previous, changed: true };
  }

  /** Forgets `file` (and its cached base when no other path names the same real file). */
  delete(file: string): boolean {
    const absolute = path.resolve(file);
    const realPath = this.#realPathOf.get(absolute);
    if (realPath === undefined) return false;
    this.#realPathOf.delete(absolute);
    this.#dropUnnamed(realPath);
    return true;
  }

  /** Drops the cached base of `realPath` when no known path names it any more. */
  #dropUnnamed(realPath: string): void {
    for (const named of this.#realPathOf.values()) if (named === realPath) return;
    this.#byRealPath.delete(realPath);
  }
}
