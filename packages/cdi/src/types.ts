/**
 * The CDI spec document (container-device-interface `specs-go/config.go`, spec v1.1.0), as decoded by
 * {@link decodeSpec}. A field absent from the file, or `null` where Go keeps a nil slice, map or pointer, is
 * absent here; a field present with an empty value (`schemata: []`, `intelRdt: {}`) is kept as such, because the
 * spec version rules tell the two apart. Missing strings, numbers and booleans read as Go's zero values.
 */
import type { Int64Value } from '@ocispec/core';

/** A CDI spec file: the devices of one `vendor/class` and the edits every one of them brings. */
export interface CdiSpec {
  /** `cdiVersion`: the CDI spec version the file is written for (`0.3.0` … `1.1.0`, an optional leading `v`). */
  readonly cdiVersion?: string;
  /** `vendor/class` of every device in the file (`nvidia.com/gpu`). */
  readonly kind?: string;
  /** CDI-level metadata (not applied to containers). Since v0.6.0. */
  readonly annotations?: Readonly<Record<string, string>>;
  readonly devices?: readonly CdiDevice[];
  /** Edits applied once to a container that gets any device of this spec. */
  readonly containerEdits?: ContainerEdits;
}

/** One device of a spec. */
export interface CdiDevice {
  /** The name after `=` in the qualified name. */
  readonly name?: string;
  /** CDI-level metadata (not applied to containers). Since v0.6.0. */
  readonly annotations?: Readonly<Record<string, string>>;
  readonly containerEdits?: ContainerEdits;
}

/** The edits a container runtime makes to the OCI spec to expose a device. */
export interface ContainerEdits {
  /** `KEY=value` entries for `process.env` (an existing key is replaced in place). */
  readonly env?: readonly string[];
  readonly deviceNodes?: readonly DeviceNode[];
  /** Host network interfaces moved into the container (`linux.netDevices`). Since v1.1.0. */
  readonly netDevices?: readonly NetDevice[];
  readonly hooks?: readonly CdiHook[];
  readonly mounts?: readonly CdiMount[];
  /** Replaces `linux.intelRdt`. Since v0.7.0; `schemata` and `enableMonitoring` since v1.1.0. */
  readonly intelRdt?: IntelRdt;
  /** Appended to `process.user.additionalGids` (0 and duplicates skipped). Since v0.7.0. */
  readonly additionalGids?: readonly number[];
}

/** A device node for `linux.devices`, with an allow rule in `linux.resources.devices` for `b` and `c` nodes. */
export interface DeviceNode {
  /** The path in the container. */
  readonly path?: string;
  /** The host node to read type, numbers and mode from (default `path`). Since v0.5.0. */
  readonly hostPath?: string;
  /** `b`, `c`, `u` or `p`; read from the host when absent. */
  readonly type?: string;
  readonly major?: Int64Value;
  readonly minor?: Int64Value;
  readonly fileMode?: number;
  /** Cgroup access (`rwm` subset); `none` for an empty access; default `rwm`. */
  readonly permissions?: string;
  readonly uid?: number;
  readonly gid?: number;
}

/** A mount for the container's `mounts`. */
export interface CdiMount {
  readonly hostPath?: string;
  readonly containerPath?: string;
  readonly options?: readonly string[];
  /** Since v0.4.0. */
  readonly type?: string;
}

/** A hook for one of the container's hook lists. */
export interface CdiHook {
  /** `prestart`, `createRuntime`, `createContainer`, `startContainer`, `poststart` or `poststop`. */
  readonly hookName?: string;
  readonly path?: string;
  readonly args?: readonly string[];
  readonly env?: readonly string[];
  readonly timeout?: Int64Value;
}

/** Intel RDT settings for `linux.intelRdt`. */
export interface IntelRdt {
  readonly closID?: string;
  readonly l3CacheSchema?: string;
  readonly memBwSchema?: string;
  /** Since v1.1.0. */
  readonly schemata?: readonly string[];
  /** Since v1.1.0. */
  readonly enableMonitoring?: boolean;
}

/** A host network interface and its name in the container. Since v1.1.0. */
export interface NetDevice {
  readonly hostInterfaceName?: string;
  readonly name?: string;
}
