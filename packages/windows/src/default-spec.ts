/** The default Windows spec: containerd's `populateDefaultWindowsSpec`. */
import type { FrozenSpec } from '@ocispec/core';
import { freezeSpec } from '@ocispec/core';

/** runtime-spec's `specs.Version` as vendored by containerd HEAD. */
export const WINDOWS_DEFAULT_OCI_VERSION = '1.3.0';

/**
 * The Windows default, built once and deep-frozen: `ociVersion`, a process running as uid/gid 0 in `C:\`, an
 * empty root path and an empty `windows` section (`layerFolders` is Go's nil slice and prints as `null`). No
 * linux section, mounts or capabilities; no containerd namespace is needed.
 */
const template: FrozenSpec = freezeSpec({
  ociVersion: WINDOWS_DEFAULT_OCI_VERSION,
  process: { user: { uid: 0, gid: 0 }, cwd: 'C:\\' },
  root: { path: '' },
  windows: { layerFolders: null },
});

/**
 * Returns containerd HEAD's default Windows spec, printed as
 * `{"ociVersion":"1.3.0","process":{"user":{"uid":0,"gid":0},"cwd":"C:\\"},"root":{"path":""},"windows":{"layerFolders":null}}`.
 * The same frozen object is returned on every call: compose over it, never change it.
 * containerd: `oci.populateDefaultWindowsSpec`
 */
export function windowsDefaultSpec(): FrozenSpec {
  return template;
}
