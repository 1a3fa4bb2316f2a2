/**
 * The Go types the reference library decodes a CDI spec into (container-device-interface `specs-go/config.go`),
 * as data: field names are the JSON tags, in struct order. {@link decodeSpecDocument} walks a YAML document
 * against this layout the way `sigs.k8s.io/yaml.UnmarshalStrict` and Go's encoding/json do.
 */

/** A Go type, as far as decoding is concerned. */
export type GoType =
  | { readonly kind: 'string' }
  | { readonly kind: 'bool' }
  | { readonly kind: 'int'; readonly name: string; readonly min: bigint; readonly max: bigint }
  | { readonly kind: 'slice'; readonly elem: GoType }
  /** `map[string]T`. */
  | { readonly kind: 'map'; readonly elem: GoType }
  | { readonly kind: 'pointer'; readonly elem: GoType }
  | { readonly kind: 'struct'; readonly name: string; readonly fields: Readonly<Record<string, GoType>> };

const string: GoType = { kind: 'string' };
const bool: GoType = { kind: 'bool' };
const int64: GoType = { kind: 'int', name: 'int64', min: -(2n ** 63n), max: 2n ** 63n - 1n };
/** Go `int` on the 64-bit platforms containerd runs on. */
const goInt: GoType = { kind: 'int', name: 'int', min: -(2n ** 63n), max: 2n ** 63n - 1n };
const uint32: GoType = { kind: 'int', name: 'uint32', min: 0n, max: 2n ** 32n - 1n };
const strings: GoType = { kind: 'slice', elem: string };
const pointer = (elem: GoType): GoType => ({ kind: 'pointer', elem });
const slice = (elem: GoType): GoType => ({ kind: 'slice', elem });
const struct = (name: string, fields: Record<string, GoType>): GoType => ({ kind: 'struct', name, fields });

const DeviceNode = struct('DeviceNode', {
  path: string,
  hostPath: string,
  type: string,
  major: int64,
  minor: int64,
  fileMode: pointer({ ...uint32, name: 'os.FileMode' }),
  permissions: string,
  uid: pointer(uint32),
  gid: pointer(uint32),
});

const Mount = struct('Mount', { hostPath: string, containerPath: string, options: strings, type: string });

const Hook = struct('Hook', {
  hookName: string,
  path: string,
  args: strings,
  env: strings,
  timeout: pointer(goInt),
});

const IntelRdt = struct('IntelRdt', {
  closID: string,
  l3CacheSchema: string,
  memBwSchema: string,
  schemata: strings,
  enableMonitoring: bool,
});

const LinuxNetDevice = struct('LinuxNetDevice', { hostInterfaceName: string, name: string });

const ContainerEdits = struct('ContainerEdits', {
  env: strings,
  deviceNodes: slice(pointer(DeviceNode)),
  netDevices: slice(pointer(LinuxNetDevice)),
  hooks: slice(pointer(Hook)),
  mounts: slice(pointer(Mount)),
  intelRdt: pointer(IntelRdt),
  additionalGids: slice(uint32),
});

const annotations: GoType = { kind: 'map', elem: string };

const Device = struct('Device', { name: string, annotations, containerEdits: ContainerEdits });

/** `specs.Spec`: the document's root type. */
export const SpecLayout: GoType = struct('Spec', {
  cdiVersion: string,
  kind: string,
  annotations,
  devices: slice(Device),
  containerEdits: ContainerEdits,
});
