import * as path from 'node:path';
import type { DecodedSpec, Finding, FrozenSpec, HostFS, ParsedSpec, Spec } from '@ocispec/core';
import { decodeSpec, freezeSpec, isOcispecError, JsonSyntaxError, specDigest } from '@ocispec/core';
import {
  acceptDecodedSpec,
  checkBytes,
  DEFAULT_MAX_SPEC_BYTES,
  InputTooLargeError,
  nodeHostFS,
  openBeneath,
} from '@ocispec/core/internal';
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
  /** Largest file accepted, in bytes; default 10 MiB (`DEFAULT_MAX_SPEC_BYTES`). */
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

/** A base file opened (not yet read): where it really is, and how to read it once. */
interface OpenedBase {
  readonly realPath: string;
  read(maxBytes: number): Uint8Array;
  close(): void;
}

/** A file error on `file` as a {@link BaseSpecError} (`too-large` for the size limit). */
function readError(file: string, error: unknown): BaseSpecError {
  if (error instanceof BaseSpecError) return error;
  if (error instanceof InputTooLargeError)
    return new BaseSpecError('too-large', `${file}: ${error.message}`, { file });
  return fsError(file, error);
}

/**
 * Opens a base file: by its real path, or, with `root`, only if it resolves beneath `root` (core's
 * `openBeneath`: race-free, verified). Reading is core's safe read (regular files only, bounded). Errors name
 * `file`.
 */
function openBase(file: string, fs: HostFS, root: string | undefined): OpenedBase {
  try {
    if (root !== undefined) {
      const { handle } = openBeneath(root, file, fs);
      return { realPath: handle.location(), read: (max) => handle.read(max), close: () => handle.close() };
    }
    const realPath = fs.realpath(file);
    return {
      realPath,
      read: (max) => checkBytes(fs.readFile(realPath, { maxBytes: max }), max),
      close: () => {},
    };
  } catch (error) {
    throw readError(file, error);
  }
}

/** Reads an opened base's bytes (at most `maxBytes`) and closes it. */
function readOpened(file: string, opened: OpenedBase, maxBytes: number): Uint8Array {
  try {
    return opened.read(maxBytes);
  } catch (error) {
    throw readError(file, error);
  } finally {
    opened.close();
  }
}

/**
 * Parses and checks a base spec's bytes as containerd reads them (core's `decodeSpec`: Go's encoding/json into
 * `specs.Spec`, repeated and case-folded keys decoded as Go decodes them, invalid UTF-8 read as U+FFFD): a JSON
 * object, every known field of the right type and of its Go integer syntax and range; ambiguities (repeated or
 * case-folded keys, invalid UTF-8) and unknown fields kept with a warning (refused with `strict`); `__proto__`
 * and `constructor` keys are plain own data (never a prototype); a warning for inheritable capabilities. Returns
 * the spec (not yet frozen): what containerd would compose from, and its warnings. Errors are
 * {@link BaseSpecError}s naming `file` and the JSON pointer.
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
  let decoded: DecodedSpec;
  try {
    decoded = decodeSpec(bytes, { source: file });
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      const reason = error.reason.endsWith('after the top-level value') ? 'trailing-data' : 'invalid-json';
      throw new BaseSpecError(reason, error.message, { file, cause: error });
    }
    throw error;
  }
  const root = decoded.problems[0];
  if (decoded.isNull || (root !== undefined && root.pointer === '')) {
    throw new BaseSpecError(
      'not-object',
      `${file}: /: expected a JSON object, received ${root?.received ?? 'null'} (a base spec is a whole config.json)`,
      { file, pointer: '' },
    );
  }
  let checked: ParsedSpec;
  try {
    checked = acceptDecodedSpec(decoded, { source: file });
  } catch (error) {
    if (isOcispecError(error)) {
      throw new BaseSpecError('wrong-type', error.message, { file, pointer: error.pointer, cause: error });
    }
    throw error;
  }
  const warnings: Finding[] = checked.warnings.map((w) => ({ ...w, source: file }));
  const refused = options.strict === true ? warnings[0] : undefined;
  if (refused !== undefined) {
    const reason =
      refused.rule === 'unknown-field'
        ? 'unknown-field'
        : refused.rule === 'invalid-utf8'
          ? 'invalid-utf8'
          : 'ambiguous-key';
    const what = reason === 'unknown-field' ? 'unknown field' : refused.message;
    throw new BaseSpecError(
      reason,
      `${file}: ${refused.pointer === '' ? '/' : refused.pointer}: ${what} (strict mode)`,
      {
        file,
        pointer: refused.pointer,
      },
    );
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
 * Where a base file may come from: with `root`, only from beneath that directory (a file a pipeline names, under
 * `--files-root`).
 */
export interface LoadFrom {
  readonly root?: string;
}

/**
 * Reads, parses, checks, deep-freezes and digests one base spec file, uncached (see {@link BaseSpecLoader} for
 * the cache). `version` is the given one (1 by default).
 */
export function loadBaseSpec(
  file: string,
  options: BaseSpecLoaderOptions = {},
  version = 1,
  where: LoadFrom = {},
): LoadedBase {
  const absolute = path.resolve(file);
  return fromOpened(absolute, openBase(absolute, options.fs ?? nodeHostFS, where.root), options, version);
}

/** Reads, parses, checks, freezes and digests an opened base file. */
function fromOpened(
  absolute: string,
  opened: OpenedBase,
  options: BaseSpecLoaderOptions,
  version: number,
): LoadedBase {
  const realPath = opened.realPath;
  const bytes = readOpened(absolute, opened, options.maxBytes ?? DEFAULT_MAX_SPEC_BYTES);
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
  readonly options: BaseSpecLoaderOptions & { readonly fs: HostFS };
  readonly #byRealPath = new Map<string, LoadedBase>();
  readonly #realPathOf = new Map<string, string>();
  /** The root a confined file was loaded from: its reloads stay confined to it. */
  readonly #rootOf = new Map<string, string>();
  #reads = 0;

  constructor(options: BaseSpecLoaderOptions = {}) {
    this.options = { ...options, fs: options.fs ?? nodeHostFS };
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
   * The base of `file`: from the cache, or read, checked and cached. With `from.root`, the file must resolve
   * beneath that directory (checked on every call, cached or not; the lookup is race-free and verified). Throws a
   * {@link BaseSpecError} (nothing cached) for a bad file.
   */
  load(file: string, from: LoadFrom = {}): LoadedBase {
    const absolute = path.resolve(file);
    if (from.root === undefined) {
      const cached = this.get(absolute);
      if (cached !== undefined) return cached;
      let realPath: string | undefined;
      try {
        realPath = this.options.fs.realpath(absolute);
      } catch {
        // openBase reports it.
      }
      const byReal = realPath === undefined ? undefined : this.#byRealPath.get(realPath);
      if (byReal !== undefined) return this.#name(absolute, byReal);
    }
    const opened = openBase(absolute, this.options.fs, from.root);
    const byReal = this.#byRealPath.get(opened.realPath);
    if (byReal !== undefined) {
      opened.close();
      return this.#name(absolute, byReal, from.root);
    }
    return this.#name(absolute, this.#read(absolute, opened, 1), from.root);
  }

  /**
   * Re-reads `file` (confined as it was loaded) and, when it is valid and its content changed, swaps the new
   * version in (one synchronous step: compositions that already took the old base keep it). A bad file throws a
   * {@link BaseSpecError} and the last good version stays.
   */
  reload(file: string): ReloadResult {
    const absolute = path.resolve(file);
    const previous = this.get(absolute);
    const opened = openBase(absolute, this.options.fs, this.#rootOf.get(absolute));
    const next = this.#read(absolute, opened, (previous?.version ?? 0) + 1);
    if (previous !== undefined && previous.digest === next.digest && previous.realPath === next.realPath) {
      return { base: previous, previous, changed: false };
    }
    this.#byRealPath.set(next.realPath, next);
    this.#realPathOf.set(absolute, next.realPath);
    if (previous !== undefined && previous.realPath !== next.realPath) this.#dropUnnamed(previous.realPath);
    return { base: next, previous, changed: true };
  }

  #read(absolute: string, opened: OpenedBase, version: number): LoadedBase {
    this.#reads++;
    return fromOpened(absolute, opened, this.options, version);
  }

  /** Records that `absolute` names `base` (loaded from beneath `root`, if given) and returns it. */
  #name(absolute: string, base: LoadedBase, root?: string): LoadedBase {
    this.#byRealPath.set(base.realPath, base);
    this.#realPathOf.set(absolute, base.realPath);
    if (root !== undefined) this.#rootOf.set(absolute, root);
    return base;
  }

  /** Forgets `file` (and its cached base when no other path names the same real file). */
  delete(file: string): boolean {
    const absolute = path.resolve(file);
    const realPath = this.#realPathOf.get(absolute);
    if (realPath === undefined) return false;
    this.#realPathOf.delete(absolute);
    this.#rootOf.delete(absolute);
    this.#dropUnnamed(realPath);
    return true;
  }

  /** Drops the cached base of `realPath` when no known path names it any more. */
  #dropUnnamed(realPath: string): void {
    for (const named of this.#realPathOf.values()) if (named === realPath) return;
    this.#byRealPath.delete(realPath);
  }
}
