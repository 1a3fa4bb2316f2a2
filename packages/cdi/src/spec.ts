/**
 * One CDI spec file, read, decoded and checked: its vendor and class, its devices by name, the priority of the
 * directory it came from. container-device-interface: `pkg/cdi/spec.go` (`ReadSpec`, `ParseSpec`, `newSpec`).
 */
import type { HostFS } from '@ocispec/core';
import { cleanPath, freezeJson, nodeHostFS, readFileChecked } from '@ocispec/core/internal';
import { decodeSpecDocument, type TextPosition } from './decode/decode.js';
import { SpecLayout } from './decode/layout.js';
import { CdiError, reasonOf } from './errors.js';
import { parseQualifier, qualifiedName } from './qualified-name.js';
import type { CdiDevice, CdiSpec, ContainerEdits } from './types.js';
import { specProblem } from './validate.js';

/** A valid CDI spec, with where it came from. Everything in it is frozen. */
export interface CdiSpecFile {
  /** The file, cleaned (`/etc/cdi/vendor.yaml`); what was passed as `file` for specs parsed from text. */
  readonly path: string;
  /** The index of its directory in the spec directories (later ones override earlier ones). */
  readonly priority: number;
  readonly vendor: string;
  readonly class: string;
  readonly spec: CdiSpec;
  /** The devices, by their unqualified name, in file order. */
  readonly devices: ReadonlyMap<string, CdiDevice>;
  /** The edits of the spec itself, applied once for any of its devices. */
  readonly containerEdits: ContainerEdits;
}

/** Where a spec came from, for {@link parseSpec} and {@link readSpecFile}. */
export interface SpecSourceOptions {
  /** The file name errors name (and the spec's `path`). */
  readonly file?: string;
  /** The spec directory's priority (default 0). */
  readonly priority?: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses CDI spec text or UTF-8 bytes (YAML or JSON, see `decode/decode.ts`) and checks it as the reference
 * library does. Throws a {@link CdiError} `CDI_INVALID_SPEC` naming the file, the JSON pointer and the line and
 * column of the first problem.
 */
export function parseSpec(input: string | Uint8Array, options: SpecSourceOptions = {}): CdiSpecFile {
  const file = options.file;
  let text: string;
  try {
    text = typeof input === 'string' ? input : utf8.decode(input);
  } catch {
    throw new CdiError('CDI_INVALID_SPEC', 'invalid UTF-8', { file });
  }
  const decoded = decodeSpecDocument(text, SpecLayout, file);
  if (decoded.value === undefined) throw new CdiError('CDI_INVALID_SPEC', 'no Spec data', { file });
  return checkedSpec(decoded.value as CdiSpec, { ...options, locate: decoded.locate });
}

/**
 * Reads a spec file through core's checked reader (regular file, size limit) and parses it
 * ({@link parseSpec}). A file that cannot be read is a {@link CdiError} `CDI_FILE`.
 */
export function readSpecFile(
  path: string,
  options: { readonly priority?: number; readonly fs?: HostFS } = {},
): CdiSpecFile {
  return parseSpec(readSpecBytes(path, options.fs), { file: cleanPath(path), priority: options.priority });
}

/** The bytes of a spec file, read through core's checked reader; failures are {@link CdiError} `CDI_FILE`. */
export function readSpecBytes(path: string, fs: HostFS = nodeHostFS): Uint8Array {
  try {
    return readFileChecked(path, fs);
  } catch (error) {
    throw new CdiError('CDI_FILE', reasonOf(error).replace(`${path}: `, ''), { file: path, cause: error });
  }
}

/**
 * Checks a spec built in code (not read from a file) and wraps it as {@link parseSpec} does.
 * container-device-interface: `newSpec`.
 */
export function specFromObject(spec: CdiSpec, options: SpecSourceOptions = {}): CdiSpecFile {
  return checkedSpec(freezeJson(structuredClone(spec)), options);
}

function checkedSpec(
  spec: CdiSpec,
  options: SpecSourceOptions & { readonly locate?: (pointer: string) => TextPosition | undefined },
): CdiSpecFile {
  const problem = specProblem(spec);
  if (problem !== undefined) {
    const at = options.locate?.(problem.pointer) ?? nearest(problem.pointer, options.locate);
    throw new CdiError('CDI_INVALID_SPEC', problem.message, {
      file: options.file,
      pointer: problem.pointer,
      line: at?.line,
      column: at?.column,
    });
  }
  const frozen = freezeJson(spec);
  const { vendor, class: deviceClass } = parseQualifier(frozen.kind ?? '');
  const devices = new Map<string, CdiDevice>();
  for (const device of frozen.devices ?? []) devices.set(device.name ?? '', device);
  return Object.freeze({
    path: options.file ?? '',
    priority: options.priority ?? 0,
    vendor,
    class: deviceClass,
    spec: frozen,
    devices,
    containerEdits: frozen.containerEdits ?? {},
  });
}

/** The position of the closest enclosing value that has one (a missing field is reported at its parent). */
function nearest(
  pointer: string,
  locate: ((pointer: string) => TextPosition | undefined) | undefined,
): TextPosition | undefined {
  if (locate === undefined) return undefined;
  for (let p = pointer; p !== ''; p = p.slice(0, p.lastIndexOf('/'))) {
    const at = locate(p);
    if (at !== undefined) return at;
  }
  return locate('');
}

/** The qualified names of a spec's devices, in file order. */
export function qualifiedDeviceNames(spec: CdiSpecFile): string[] {
  return [...spec.devices.keys()].map((name) => qualifiedName(spec.vendor, spec.class, name));
}
