/**
 * The reference library's checks of a decoded CDI spec, in its order, each problem with the JSON pointer of the
 * value concerned: version vs features, vendor and class of `kind`, annotations, the spec's edits, then each
 * device (name, annotations, non-empty and valid edits), unique device names, at least one device.
 * container-device-interface: `Spec.validate`, `Device.validate`, `ContainerEdits.Validate` and the `Validate`
 * methods of `DeviceNode`, `Hook`, `Mount`, `IntelRdt`, `LinuxNetDevice`.
 */

import { escapePointerToken, goQuote } from '@ocispec/core/internal';
import { HooksSchema } from '@ocispec/core/schemas';
import {
  classNameProblem,
  deviceNameProblem,
  parseQualifier,
  qualifiedName,
  vendorNameProblem,
} from './qualified-name.js';
import { annotationProblems } from './spec-annotations.js';
import type { CdiDevice, CdiSpec, ContainerEdits } from './types.js';
import { versionProblem } from './version.js';

/** A rule the spec breaks, at a JSON pointer into the document. */
export interface SpecProblem {
  readonly pointer: string;
  readonly message: string;
}

/** The OCI hook lists a CDI hook may name: every list of the runtime spec's `hooks`. */
export const HOOK_NAMES: readonly string[] = Object.freeze(Object.keys(HooksSchema.shape));

/** The `permissions` value asking for an empty cgroup access. */
export const NO_PERMISSIONS = 'none';

const DEVICE_TYPES = new Set(['', 'b', 'c', 'u', 'p']);

/** The first problem of `spec`, or `undefined` when it is a valid CDI spec. */
export function specProblem(spec: CdiSpec): SpecProblem | undefined {
  const version = versionProblem(spec);
  if (version !== undefined) return { pointer: '/cdiVersion', message: version };
  const kind = spec.kind ?? '';
  const { vendor, class: deviceClass } = parseQualifier(kind);
  const kindProblem = vendorNameProblem(vendor) ?? classNameProblem(deviceClass);
  if (kindProblem !== undefined) return { pointer: '/kind', message: kindProblem };
  const annotations = annotationsProblem(kind, spec.annotations, '/annotations');
  if (annotations !== undefined) return annotations;
  const edits = containerEditsProblem(spec.containerEdits, '/containerEdits');
  if (edits !== undefined) return edits;
  const devices = spec.devices ?? [];
  const seen = new Set<string>();
  for (const [i, device] of devices.entries()) {
    const problem = deviceProblem(device, vendor, deviceClass, `/devices/${i}`);
    if (problem !== undefined) return problem;
    const name = device.name ?? '';
    if (seen.has(name))
      return { pointer: `/devices/${i}/name`, message: `invalid spec, multiple device ${goQuote(name)}` };
    seen.add(name);
  }
  if (devices.length === 0) return { pointer: '/devices', message: 'invalid spec, no devices' };
  return undefined;
}

/** The first problem of one device of a spec of `vendor/class`. */
function deviceProblem(
  device: CdiDevice,
  vendor: string,
  deviceClass: string,
  at: string,
): SpecProblem | undefined {
  const name = device.name ?? '';
  const nameProblem = deviceNameProblem(name);
  if (nameProblem !== undefined) return { pointer: `${at}/name`, message: nameProblem };
  const annotations = annotationsProblem(
    qualifiedName(vendor, deviceClass, name),
    device.annotations,
    `${at}/annotations`,
  );
  if (annotations !== undefined) return annotations;
  if (isEmptyEdits(device.containerEdits)) {
    return {
      pointer: `${at}/containerEdits`,
      message: `device ${goQuote(name)}: invalid device, empty device edits`,
    };
  }
  const edits = containerEditsProblem(device.containerEdits, `${at}/containerEdits`);
  return edits === undefined ? undefined : { ...edits, message: `device ${goQuote(name)}: ${edits.message}` };
}

function annotationsProblem(
  owner: string,
  annotations: Readonly<Record<string, string>> | undefined,
  at: string,
): SpecProblem | undefined {
  const [first] = annotationProblems(owner, annotations);
  if (first === undefined) return undefined;
  return {
    pointer: first.key === undefined ? at : `${at}/${escapePointerToken(first.key)}`,
    message: first.message,
  };
}

/** Edits that change nothing: allowed for a spec, not for a device. */
function isEmptyEdits(edits: ContainerEdits | undefined): boolean {
  if (edits === undefined) return true;
  return (
    (edits.env?.length ?? 0) === 0 &&
    (edits.deviceNodes?.length ?? 0) === 0 &&
    (edits.hooks?.length ?? 0) === 0 &&
    (edits.mounts?.length ?? 0) === 0 &&
    (edits.additionalGids?.length ?? 0) === 0 &&
    edits.intelRdt === undefined &&
    (edits.netDevices?.length ?? 0) === 0
  );
}

/** The first problem of a set of container edits at pointer `at`. container-device-interface: `Validate`. */
export function containerEditsProblem(edits: ContainerEdits | undefined, at = ''): SpecProblem | undefined {
  if (edits === undefined) return undefined;
  return (
    envProblem(edits.env, `${at}/env`) ??
    first(edits.deviceNodes, (node, i) => deviceNodeProblem(node, `${at}/deviceNodes/${i}`)) ??
    first(edits.hooks, (hook, i) => hookProblem(hook, `${at}/hooks/${i}`)) ??
    first(edits.mounts, (mount, i) => mountProblem(mount, `${at}/mounts/${i}`)) ??
    intelRdtProblem(edits.intelRdt, `${at}/intelRdt`) ??
    netDevicesProblem(edits.netDevices, `${at}/netDevices`)
  );
}

function first<T>(list: readonly T[] | undefined, check: (item: T, i: number) => SpecProblem | undefined) {
  for (const [i, item] of (list ?? []).entries()) {
    const problem = check(item, i);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** Every entry must be `KEY=value` with a non-empty key. container-device-interface: `ValidateEnv`. */
function envProblem(env: readonly string[] | undefined, at: string): SpecProblem | undefined {
  return first(env, (entry, i) =>
    entry.indexOf('=') <= 0
      ? { pointer: `${at}/${i}`, message: `invalid environment variable ${goQuote(entry)}` }
      : undefined,
  );
}

function deviceNodeProblem(node: NonNullable<ContainerEdits['deviceNodes']>[number], at: string) {
  const path = node.path ?? '';
  if (path === '') return { pointer: `${at}/path`, message: 'invalid (empty) device path' };
  const type = node.type ?? '';
  if (!DEVICE_TYPES.has(type)) {
    return { pointer: `${at}/type`, message: `device ${goQuote(path)}: invalid type ${goQuote(type)}` };
  }
  const permissions = node.permissions ?? '';
  if (
    permissions !== '' &&
    permissions !== NO_PERMISSIONS &&
    permissions.replace(/^[rwm]+|[rwm]+$/g, '') !== ''
  ) {
    return {
      pointer: `${at}/permissions`,
      message: `device ${goQuote(path)}: invalid permissions ${goQuote(permissions)}`,
    };
  }
  return undefined;
}

function hookProblem(hook: NonNullable<ContainerEdits['hooks']>[number], at: string) {
  const name = hook.hookName ?? '';
  if (!HOOK_NAMES.includes(name))
    return { pointer: `${at}/hookName`, message: `invalid hook name ${goQuote(name)}` };
  if ((hook.path ?? '') === '') {
    return { pointer: `${at}/path`, message: `invalid hook ${goQuote(name)} with empty path` };
  }
  const env = envProblem(hook.env, `${at}/env`);
  return env === undefined ? undefined : { ...env, message: `invalid hook ${goQuote(name)}: ${env.message}` };
}

function mountProblem(mount: NonNullable<ContainerEdits['mounts']>[number], at: string) {
  if ((mount.hostPath ?? '') === '')
    return { pointer: `${at}/hostPath`, message: 'invalid mount, empty host path' };
  if ((mount.containerPath ?? '') === '') {
    return { pointer: `${at}/containerPath`, message: 'invalid mount, empty container path' };
  }
  return undefined;
}

/** `closID` must be a valid Linux file name, or `/` (the root class of service). */
function intelRdtProblem(rdt: ContainerEdits['intelRdt'], at: string): SpecProblem | undefined {
  const closID = rdt?.closID ?? '';
  if (closID === '/') return undefined;
  if (Buffer.byteLength(closID) >= 4096 || closID === '.' || closID === '..' || /[/\n]/.test(closID)) {
    return { pointer: `${at}/closID`, message: 'invalid ClosID' };
  }
  return undefined;
}

/** Both names set, and neither used twice. container-device-interface: `ValidateNetDevices`. */
function netDevicesProblem(devices: ContainerEdits['netDevices'], at: string): SpecProblem | undefined {
  const hostSeen = new Map<string, string>();
  const nameSeen = new Map<string, string>();
  return first(devices, (device, i) => {
    const host = device.hostInterfaceName ?? '';
    const name = device.name ?? '';
    if (host === '') {
      return {
        pointer: `${at}/${i}/hostInterfaceName`,
        message: 'invalid linux net device, empty HostInterfaceName',
      };
    }
    if (name === '') return { pointer: `${at}/${i}/name`, message: 'invalid linux net device, empty Name' };
    const otherName = hostSeen.get(host);
    if (otherName !== undefined) {
      return {
        pointer: `${at}/${i}/hostInterfaceName`,
        message: `invalid linux net device, duplicate HostInterfaceName ${goQuote(host)} with names ${goQuote(name)} and ${goQuote(otherName)}`,
      };
    }
    hostSeen.set(host, name);
    const otherHost = nameSeen.get(name);
    if (otherHost !== undefined) {
      return {
        pointer: `${at}/${i}/name`,
        message: `invalid linux net device, duplicate Name ${goQuote(name)} with HostInterfaceName ${goQuote(host)} and ${goQuote(otherHost)}`,
      };
    }
    nameSeen.set(name, host);
    return undefined;
  });
}
