/**
 * CDI spec versions and the features each introduced: a file must declare at least the version of the newest
 * feature it uses. container-device-interface: `specs-go/version.go`.
 */
import type { CdiSpec, ContainerEdits } from './types.js';

/** The newest CDI spec version this package reads (and the reference library's `CurrentVersion`). */
export const CURRENT_CDI_VERSION = '1.1.0';

/** The earliest version a file may declare. */
export const EARLIEST_CDI_VERSION = '0.3.0';

/**
 * Every released version, newest first, with the test for the features it introduced (`undefined`: none a file
 * can show; v0.8.0 and v1.0.0 changed the Go API only).
 */
const VERSIONS: readonly { readonly version: string; readonly requires?: (spec: CdiSpec) => boolean }[] = [
  { version: '1.1.0', requires: requiresV110 },
  { version: '1.0.0' },
  { version: '0.8.0' },
  { version: '0.7.0', requires: requiresV070 },
  { version: '0.6.0', requires: requiresV060 },
  { version: '0.5.0', requires: requiresV050 },
  { version: '0.4.0', requires: requiresV040 },
  { version: '0.3.0' },
  { version: '0.2.0' },
  { version: '0.1.0' },
];

/** The released versions, newest first. */
export const CDI_VERSIONS: readonly string[] = VERSIONS.map((v) => v.version);

/**
 * The oldest version that has every feature `spec` uses (`0.3.0` when it uses none of the later ones).
 * container-device-interface: `specs.MinimumRequiredVersion`.
 */
export function minimumRequiredVersion(spec: CdiSpec): string {
  return VERSIONS.find((v) => v.requires?.(spec) === true)?.version ?? EARLIEST_CDI_VERSION;
}

/**
 * Why `spec.cdiVersion` does not fit the spec (`invalid version "1.2.0"`, `the spec version must be at least
 * v0.7.0`), or `undefined` when it does. A leading `v` is accepted. container-device-interface:
 * `specs.ValidateVersion`.
 */
export function versionProblem(spec: CdiSpec): string | undefined {
  const declared = (spec.cdiVersion ?? '').replace(/^v/, '');
  const declaredIndex = CDI_VERSIONS.indexOf(declared);
  if (declaredIndex < 0) return `invalid version ${JSON.stringify(spec.cdiVersion ?? '')}`;
  const minimum = minimumRequiredVersion(spec);
  if (CDI_VERSIONS.indexOf(minimum) < declaredIndex) return `the spec version must be at least v${minimum}`;
  return undefined;
}

/** The spec's own edits and every device's, in that order. */
function allEdits(spec: CdiSpec): ContainerEdits[] {
  const edits = (spec.devices ?? []).map((d) => d.containerEdits ?? {});
  return [...edits, spec.containerEdits ?? {}];
}

/** v1.1.0: `intelRdt.schemata` (even empty) or `intelRdt.enableMonitoring`, network devices. */
function requiresV110(spec: CdiSpec): boolean {
  return allEdits(spec).some(
    (e) =>
      e.intelRdt?.schemata !== undefined ||
      e.intelRdt?.enableMonitoring === true ||
      (e.netDevices?.length ?? 0) > 0,
  );
}

/** v0.7.0: `intelRdt`, `additionalGids`. */
function requiresV070(spec: CdiSpec): boolean {
  return allEdits(spec).some((e) => e.intelRdt !== undefined || (e.additionalGids?.length ?? 0) > 0);
}

/** v0.6.0: annotations (spec or device), a dot in the class of `kind`. */
function requiresV060(spec: CdiSpec): boolean {
  if (Object.keys(spec.annotations ?? {}).length > 0) return true;
  if ((spec.devices ?? []).some((d) => Object.keys(d.annotations ?? {}).length > 0)) return true;
  // The class is what follows the first `/` (even after an empty vendor).
  const kind = spec.kind ?? '';
  const slash = kind.indexOf('/');
  return slash >= 0 && kind.slice(slash + 1).includes('.');
}

/** v0.5.0: a device name starting with a digit, a device node's `hostPath`. */
function requiresV050(spec: CdiSpec): boolean {
  if ((spec.devices ?? []).some((d) => /^[0-9]/.test(d.name ?? ''))) return true;
  return allEdits(spec).some((e) => (e.deviceNodes ?? []).some((n) => (n.hostPath ?? '') !== ''));
}

/** v0.4.0: a mount's `type`. */
function requiresV040(spec: CdiSpec): boolean {
  return allEdits(spec).some((e) => (e.mounts ?? []).some((m) => (m.type ?? '') !== ''));
}
