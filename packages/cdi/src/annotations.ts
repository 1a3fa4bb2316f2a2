/**
 * CDI device requests carried in container annotations: `cdi.k8s.io/<plugin>_<deviceID>` keys whose values are
 * comma-separated qualified device names. Device plugins write them; container runtimes read them.
 * container-device-interface: `pkg/cdi/annotations.go`.
 */

import { compareUtf8, goQuote } from '@ocispec/core/internal';
import { CdiError } from './errors.js';
import { firstInvalid, isAlphaNumeric, isQualifiedName, qualifiedNameProblem } from './qualified-name.js';

/** The prefix of every CDI annotation key. */
export const ANNOTATION_PREFIX = 'cdi.k8s.io/';

/** The longest `<plugin>_<deviceID>` part of a key. */
const MAX_NAME_LENGTH = 63;

/**
 * The annotation key for one allocation of a device plugin: `cdi.k8s.io/<plugin>_<deviceID>`, with `/` in the
 * device ID replaced by `_`. The name part is at most 63 bytes, starts and ends with a letter or digit and holds
 * only letters, digits, `_`, `-` and `.`. Throws a {@link CdiError} `CDI_ANNOTATION` otherwise.
 * container-device-interface: `AnnotationKey`.
 */
export function annotationKey(pluginName: string, deviceID: string): string {
  if (pluginName === '') throw new CdiError('CDI_ANNOTATION', 'invalid plugin name, empty');
  if (deviceID === '') throw new CdiError('CDI_ANNOTATION', 'invalid deviceID, empty');
  const name = `${pluginName}_${deviceID.replaceAll('/', '_')}`;
  const bytes = new TextEncoder().encode(name);
  if (bytes.length > MAX_NAME_LENGTH) {
    throw new CdiError('CDI_ANNOTATION', `invalid plugin+deviceID ${goQuote(name)}, too long`);
  }
  const firstChar = String.fromCodePoint(name.codePointAt(0)!);
  if (!isAlphaNumeric(bytes[0]!)) {
    throw new CdiError(
      'CDI_ANNOTATION',
      `invalid name ${goQuote(name)}, first '${firstChar}' should be alphanumeric`,
    );
  }
  if (bytes.length > 2) {
    const bad = firstInvalid(bytes, '_-.');
    if (bad !== undefined) {
      throw new CdiError('CDI_ANNOTATION', `invalid name ${goQuote(name)}, invalid character '${bad}'`);
    }
  }
  if (!isAlphaNumeric(bytes[bytes.length - 1]!)) {
    const lastChar = [...name].at(-1)!;
    throw new CdiError(
      'CDI_ANNOTATION',
      `invalid name ${goQuote(name)}, last '${lastChar}' should be alphanumeric`,
    );
  }
  return ANNOTATION_PREFIX + name;
}

/**
 * The annotation value for devices: their qualified names joined with `,`. Throws a {@link CdiError} `CDI_NAME`
 * for a name that is not qualified. container-device-interface: `AnnotationValue`.
 */
export function annotationValue(devices: readonly string[]): string {
  for (const device of devices) {
    const problem = qualifiedNameProblem(device);
    if (problem !== undefined) throw new CdiError('CDI_NAME', problem);
  }
  return devices.join(',');
}

/**
 * A copy of `annotations` with the request of `devices` by a plugin's allocation added
 * ({@link annotationKey}, {@link annotationValue}). A key already present, or a bad name, throws a
 * {@link CdiError} `CDI_ANNOTATION` (`CDI annotation failed, key "cdi.k8s.io/x_y" used`) and changes nothing.
 * container-device-interface: `UpdateAnnotations`.
 */
export function updateAnnotations(
  annotations: Readonly<Record<string, string>> | null | undefined,
  pluginName: string,
  deviceID: string,
  devices: readonly string[],
): Record<string, string> {
  const key = annotationFailure(() => annotationKey(pluginName, deviceID));
  if (annotations != null && Object.hasOwn(annotations, key)) {
    throw new CdiError('CDI_ANNOTATION', `CDI annotation failed, key ${goQuote(key)} used`);
  }
  const value = annotationFailure(() => annotationValue(devices));
  return { ...(annotations ?? {}), [key]: value };
}

function annotationFailure(make: () => string): string {
  try {
    return make();
  } catch (error) {
    throw new CdiError('CDI_ANNOTATION', `CDI annotation failed: ${(error as CdiError).reason}`, {
      cause: error,
    });
  }
}

/** The CDI requests found in annotations. */
export interface AnnotatedDevices {
  /** The `cdi.k8s.io/` keys, in key order. */
  readonly keys: readonly string[];
  /** Their devices, key by key in key order, each value's names in order. */
  readonly devices: readonly string[];
}

/**
 * The device requests of every `cdi.k8s.io/` annotation (other keys are ignored). Keys are read in byte order
 * (the reference reads a Go map, in no fixed order). A name that is not qualified throws a {@link CdiError}
 * `CDI_ANNOTATION`: `invalid CDI device name "foobar"`. container-device-interface: `ParseAnnotations`.
 */
export function parseAnnotations(
  annotations: Readonly<Record<string, string>> | null | undefined,
): AnnotatedDevices {
  const keys: string[] = [];
  const devices: string[] = [];
  for (const key of Object.keys(annotations ?? {}).sort(compareUtf8)) {
    if (!key.startsWith(ANNOTATION_PREFIX)) continue;
    for (const device of annotations![key]!.split(',')) {
      if (!isQualifiedName(device)) {
        throw new CdiError('CDI_ANNOTATION', `invalid CDI device name ${goQuote(device)}`);
      }
      devices.push(device);
    }
    keys.push(key);
  }
  return { keys, devices };
}

/**
 * The devices a CRI container asks for, as containerd's CRI gathers them: the names of `cdiDevices` (the CRI
 * `ContainerConfig.CDIDevices` field) then those of the `cdi.k8s.io/` annotations, each name once, first request
 * first. A bad annotation throws a {@link CdiError} `CDI_ANNOTATION`:
 * `failed to parse CDI device annotations: invalid CDI device name "foobar"`. containerd: `opts.WithCDI`.
 */
export function requestedDevices(
  cdiDevices: readonly { readonly name?: string | undefined }[] | null | undefined,
  annotations: Readonly<Record<string, string>> | null | undefined,
): string[] {
  const names = new Set<string>();
  for (const device of cdiDevices ?? []) names.add(device.name ?? '');
  let annotated: AnnotatedDevices;
  try {
    annotated = parseAnnotations(annotations);
  } catch (error) {
    throw new CdiError(
      'CDI_ANNOTATION',
      `failed to parse CDI device annotations: ${(error as CdiError).reason}`,
      {
        cause: error,
      },
    );
  }
  for (const name of annotated.devices) names.add(name);
  return [...names];
}
