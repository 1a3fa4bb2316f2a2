import * as path from 'node:path';
import type { HostFS } from '@ocispec/core';
import { checkBytes, DEFAULT_MAX_INPUT_BYTES, nodeHostFS } from '@ocispec/core/internal';
import { parse, TomlError } from 'smol-toml';
import { BaseSpecError } from './errors.js';
import { fsError } from './fs-error.js';

/** The CRI plugin section holding `containerd.runtimes`, per containerd config version. */
export const CRI_RUNTIME_PLUGIN: Readonly<Record<2 | 3, string>> = Object.freeze({
  2: 'io.containerd.grpc.v1.cri',
  3: 'io.containerd.cri.v1.runtime',
});

/** One runtime handler of a containerd config (`[plugins.<cri>.containerd.runtimes.<name>]`). */
export interface RuntimeEntry {
  readonly name: string;
  /** `runtime_type` (`io.containerd.runc.v2`), when set. */
  readonly runtimeType: string | undefined;
  /**
   * `base_runtime_spec`, made absolute (relative paths resolve from the config file's directory); `undefined` when
   * unset or `""` (the runtime then uses the platform's default spec, as in containerd).
   */
  readonly baseRuntimeSpec: string | undefined;
}

/** The part of a containerd `config.toml` ocispec uses. */
export interface RuntimeConfig {
  /** The file it was read from (or the source name given). */
  readonly source: string;
  readonly version: 2 | 3;
  /** `default_runtime_name`, when set. */
  readonly defaultRuntimeName: string | undefined;
  /** The runtimes, in file order. */
  readonly runtimes: ReadonlyMap<string, RuntimeEntry>;
}

function bad(source: string, message: string, cause?: unknown): BaseSpecError {
  return new BaseSpecError('bad-config', `${source}: ${message}`, { file: source, cause });
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/**
 * Parses a containerd config (TOML, version 2 or 3) and returns its CRI runtimes. Version 2 keeps them under
 * `plugins."io.containerd.grpc.v1.cri".containerd.runtimes`, version 3 (containerd 2.x) under
 * `plugins."io.containerd.cri.v1.runtime".containerd.runtimes`. Relative `base_runtime_spec` paths resolve from
 * `dir` (the config file's directory). Throws a {@link BaseSpecError} (`bad-config`) naming the source: not TOML
 * (with line and column), no or another `version` (version 1 configs: run `containerd config migrate`), a
 * `base_runtime_spec` that is not a string.
 */
export function parseRuntimeConfig(text: string, source: string, dir = path.dirname(source)): RuntimeConfig {
  let doc: Record<string, unknown>;
  try {
    doc = parse(text);
  } catch (error) {
    if (error instanceof TomlError) {
      const reason = error.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
      throw bad(source, `invalid TOML at line ${error.line}, column ${error.column}: ${reason}`, error);
    }
    throw error;
  }
  const version = doc.version;
  if (version !== 2n && version !== 2 && version !== 3n && version !== 3) {
    throw bad(
      source,
      version === undefined
        ? 'no version: a version 1 config is not supported (containerd 2.x migrates it: containerd config migrate)'
        : `version ${String(version)} is not supported (expected 2 or 3)`,
    );
  }
  const v: 2 | 3 = Number(version) === 2 ? 2 : 3;
  const plugin = CRI_RUNTIME_PLUGIN[v];
  const where = `plugins."${plugin}".containerd`;
  const plugins = doc.plugins;
  const cri = isTable(plugins) ? plugins[plugin] : undefined;
  const containerd = isTable(cri) ? cri.containerd : undefined;
  if (containerd !== undefined && !isTable(containerd)) throw bad(source, `${where} is not a table`);
  const defaultRuntimeName = containerd?.default_runtime_name;
  if (defaultRuntimeName !== undefined && typeof defaultRuntimeName !== 'string') {
    throw bad(source, `${where}.default_runtime_name is not a string`);
  }
  const runtimes = new Map<string, RuntimeEntry>();
  const table = containerd?.runtimes;
  if (table !== undefined && !isTable(table)) throw bad(source, `${where}.runtimes is not a table`);
  for (const [name, entry] of Object.entries(table ?? {})) {
    const at = `${where}.runtimes.${name}`;
    if (!isTable(entry)) throw bad(source, `${at} is not a table`);
    const base = entry.base_runtime_spec;
    if (base !== undefined && typeof base !== 'string')
      throw bad(source, `${at}.base_runtime_spec is not a string`);
    const runtimeType = entry.runtime_type;
    if (runtimeType !== undefined && typeof runtimeType !== 'string') {
      throw bad(source, `${at}.runtime_type is not a string`);
    }
    runtimes.set(
      name,
      Object.freeze({
        name,
        runtimeType,
        baseRuntimeSpec: base === undefined || base === '' ? undefined : path.resolve(dir, base),
      }),
    );
  }
  return Object.freeze({ source, version: v, defaultRuntimeName, runtimes });
}

/**
 * Reads (the safe read: a regular file, at most `maxBytes`, 64 MiB by default) and parses a containerd config file
 * (see {@link parseRuntimeConfig}); file errors name the file.
 */
export function readRuntimeConfig(
  file: string,
  fs: HostFS = nodeHostFS,
  maxBytes = DEFAULT_MAX_INPUT_BYTES,
): RuntimeConfig {
  const absolute = path.resolve(file);
  let text: string;
  try {
    const bytes = checkBytes(fs.readFile(absolute, { maxBytes }), maxBytes);
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    if (error instanceof TypeError) throw bad(absolute, 'invalid UTF-8', error);
    throw fsError(absolute, error);
  }
  return parseRuntimeConfig(text, absolute);
}
