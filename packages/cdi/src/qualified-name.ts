/**
 * Qualified CDI device names, `vendor/class=name` (`nvidia.com/gpu=0`), and the syntax of their parts, with the
 * reference library's error texts. Checks work on the UTF-8 bytes as Go's do: the first and last byte must be
 * ASCII letters or digits, the bytes between are read as characters.
 * container-device-interface: `pkg/parser`.
 */

import { goQuote } from '@ocispec/core/internal';
import { CdiError } from './errors.js';

/** The parts of a qualified device name. */
export interface QualifiedDevice {
  readonly vendor: string;
  readonly class: string;
  readonly name: string;
}

/** The qualified name of a device: `vendor/class=name`. container-device-interface: `parser.QualifiedName`. */
export function qualifiedName(vendor: string, deviceClass: string, name: string): string {
  return `${vendor}/${deviceClass}=${name}`;
}

/** Whether `device` is a valid qualified name. container-device-interface: `parser.IsQualifiedName`. */
export function isQualifiedName(device: string): boolean {
  return qualifiedNameProblem(device) === undefined;
}

/**
 * Splits and checks a qualified name; a bad one throws a {@link CdiError} `CDI_NAME` with the reference's text
 * (`unqualified device "gpu0", missing vendor`). container-device-interface: `parser.ParseQualifiedName`.
 */
export function parseQualifiedName(device: string): QualifiedDevice {
  const problem = qualifiedNameProblem(device);
  if (problem !== undefined) throw new CdiError('CDI_NAME', problem);
  return parseDevice(device);
}

/** Why `device` is not a valid qualified name, or `undefined` when it is. */
export function qualifiedNameProblem(device: string): string | undefined {
  const { vendor, class: deviceClass, name } = parseDevice(device);
  const quoted = goQuote(device);
  if (vendor === '') return `unqualified device ${quoted}, missing vendor`;
  if (deviceClass === '') return `unqualified device ${quoted}, missing class`;
  if (name === '') return `unqualified device ${quoted}, missing device name`;
  const invalid = vendorNameProblem(vendor) ?? classNameProblem(deviceClass) ?? deviceNameProblem(name);
  return invalid === undefined ? undefined : `invalid device ${quoted}: ${invalid}`;
}

/**
 * Splits a device name into vendor, class and name without checking their syntax. An unqualified name (no `=`,
 * no `/` before it, a leading `/`) comes back as `{vendor: '', class: '', name: device}`.
 * container-device-interface: `parser.ParseDevice`.
 */
export function parseDevice(device: string): QualifiedDevice {
  const unqualified = { vendor: '', class: '', name: device };
  if (device === '' || device.startsWith('/')) return unqualified;
  const eq = device.indexOf('=');
  if (eq <= 0 || eq === device.length - 1) return unqualified;
  const { vendor, class: deviceClass } = parseQualifier(device.slice(0, eq));
  if (vendor === '') return unqualified;
  return { vendor, class: deviceClass, name: device.slice(eq + 1) };
}

/**
 * Splits a spec's `kind` (`vendor/class`) at its first `/`; without one (or with an empty side) the vendor is
 * `''` and the class is the whole input. container-device-interface: `parser.ParseQualifier`.
 */
export function parseQualifier(kind: string): { readonly vendor: string; readonly class: string } {
  const slash = kind.indexOf('/');
  if (slash <= 0 || slash === kind.length - 1) return { vendor: '', class: kind };
  return { vendor: kind.slice(0, slash), class: kind.slice(slash + 1) };
}

/** Why `vendor` is not a valid vendor name, or `undefined`. container-device-interface: `ValidateVendorName`. */
export function vendorNameProblem(vendor: string): string | undefined {
  const problem = vendorOrClassProblem(vendor);
  return problem === undefined ? undefined : `invalid vendor. ${problem}`;
}

/** Why `deviceClass` is not a valid class name, or `undefined`. container-device-interface: `ValidateClassName`. */
export function classNameProblem(deviceClass: string): string | undefined {
  const problem = vendorOrClassProblem(deviceClass);
  return problem === undefined ? undefined : `invalid class. ${problem}`;
}

/**
 * Why `name` is not a valid device name (letters, digits, `_`, `-`, `.`, `:`; first and last a letter or digit),
 * or `undefined`. container-device-interface: `ValidateDeviceName`.
 */
export function deviceNameProblem(name: string): string | undefined {
  if (name === '') return 'invalid (empty) device name';
  const bytes = utf8(name);
  // The reference's text says "class" here.
  if (!isAlphaNumeric(bytes[0]!))
    return `invalid class ${goQuote(name)}, should start with a letter or digit`;
  if (bytes.length === 1) return undefined;
  const bad = firstInvalid(bytes, '_-.:');
  if (bad !== undefined) return `invalid character '${bad}' in device name ${goQuote(name)}`;
  if (!isAlphaNumeric(bytes[bytes.length - 1]!)) {
    return `invalid name ${goQuote(name)}, should end with a letter or digit`;
  }
  return undefined;
}

/** Vendor and class names: a letter first, then letters, digits, `_`, `-`, `.`, and a letter or digit last. */
function vendorOrClassProblem(name: string): string | undefined {
  if (name === '') return 'empty name';
  const bytes = utf8(name);
  if (!isLetter(bytes[0]!)) return `${goQuote(name)}, should start with letter`;
  if (bytes.length === 1) return undefined;
  const bad = firstInvalid(bytes, '_-.');
  if (bad !== undefined) return `invalid character '${bad}' in name ${goQuote(name)}`;
  if (!isAlphaNumeric(bytes[bytes.length - 1]!)) return `${goQuote(name)}, should end with a letter or digit`;
  return undefined;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** The first character between the first and last byte that is neither alphanumeric nor one of `extra`. */
export function firstInvalid(bytes: Uint8Array, extra: string): string | undefined {
  // Go ranges over the inner bytes as UTF-8: a split sequence reads as U+FFFD.
  for (const ch of decoder.decode(bytes.subarray(1, bytes.length - 1))) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80 && (isAlphaNumeric(code) || extra.includes(ch))) continue;
    return ch;
  }
  return undefined;
}

/** An ASCII letter (Go's `parser.IsLetter`). */
export function isLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/** An ASCII letter or digit (Go's `parser.IsAlphaNumeric`). */
export function isAlphaNumeric(code: number): boolean {
  return isLetter(code) || (code >= 0x30 && code <= 0x39);
}
