/**
 * A CDI device node as an OCI `linux.devices` entry, its missing type, numbers and mode read from the host node
 * (without following a final symlink, as the reference does). container-device-interface:
 * `DeviceNode.fillMissingInfo` (`container-edits_unix.go`, `_windows.go`) and `DeviceNode.toOCI`.
 */
import type { HostFS, HostStat, LinuxDevice } from '@ocispec/core';

import { errnoText, goQuote } from '@ocispec/core/internal';
import { deviceMajor, deviceMinor } from '@ocispec/linux/internal';
import { CdiError } from './errors.js';
import type { DeviceNode } from './types.js';

/** What the host says about a device node. */
interface HostDeviceInfo {
  readonly type: 'b' | 'c' | 'p';
  readonly major: number;
  readonly minor: number;
  /** The mode without its file-type bits (permissions, setuid, setgid, sticky). */
  readonly fileMode: number;
}

/** Reads a host device node with `lstat`; a symlink or a non-device is `not a device node`. */
function hostDeviceInfo(fs: HostFS, path: string): HostDeviceInfo {
  const stat: HostStat = fs.lstat(path);
  let type: HostDeviceInfo['type'];
  if (stat.isBlockDevice()) type = 'b';
  else if (stat.isCharacterDevice()) type = 'c';
  else if (stat.isFIFO()) type = 'p';
  else throw new Error('not a device node');
  return { type, major: deviceMajor(stat.rdev), minor: deviceMinor(stat.rdev), fileMode: stat.mode & 0o7777 };
}

/**
 * The OCI device for a CDI device node. A node is *minimally specified* when it has a type and a major number
 * (or is a FIFO, `p`): then only a missing `fileMode` is taken from the host, and a host node that cannot be read
 * is no error. Otherwise the host node (`hostPath`, default `path`) must exist: a missing type is taken from it
 * (a given type must match it: `u` never does), and a missing major number (0) brings the host's major and minor.
 * On a windows target every device node fails with `unimplemented`, as the reference does there.
 */
export function resolveDeviceNode(node: DeviceNode, fs: HostFS, os: string): LinuxDevice {
  if (os === 'windows') throw new CdiError('CDI_INJECTION', 'unimplemented');
  const path = node.path ?? '';
  let type = node.type ?? '';
  let major = node.major ?? 0;
  let minor = node.minor ?? 0;
  const minimal = type !== '' && (BigInt(major) !== 0n || type === 'p');
  const hostPath = node.hostPath === undefined || node.hostPath === '' ? path : node.hostPath;
  let info: HostDeviceInfo;
  try {
    info = hostDeviceInfo(fs, hostPath);
  } catch (error) {
    if (minimal) return ociDevice(node, { type, major, minor, fileMode: node.fileMode });
    throw new CdiError(
      'CDI_INJECTION',
      `failed to stat CDI host device ${goQuote(hostPath)}: ${errnoText(error)}`,
      {
        cause: error,
      },
    );
  }
  const fileMode = node.fileMode ?? info.fileMode;
  if (minimal) return ociDevice(node, { type, major, minor, fileMode });
  if (type === '') type = info.type;
  if (type !== info.type) {
    throw new CdiError(
      'CDI_INJECTION',
      `CDI device (${goQuote(path)}, ${goQuote(hostPath)}), host type mismatch (${type}, ${info.type})`,
    );
  }
  if (type !== 'p' && BigInt(major) === 0n) {
    major = info.major;
    minor = info.minor;
  }
  return ociDevice(node, { type, major, minor, fileMode });
}

function ociDevice(
  node: DeviceNode,
  filled: Pick<LinuxDevice, 'type' | 'major' | 'minor'> & { readonly fileMode: number | undefined },
): LinuxDevice {
  const device: LinuxDevice = {
    path: node.path ?? '',
    type: filled.type,
    major: filled.major,
    minor: filled.minor,
  };
  if (filled.fileMode !== undefined) device.fileMode = filled.fileMode;
  if (node.uid !== undefined) device.uid = node.uid;
  if (node.gid !== undefined) device.gid = node.gid;
  return device;
}
