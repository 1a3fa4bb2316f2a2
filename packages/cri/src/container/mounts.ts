/**
 * The mounts containerd's `CreateContainer` adds to the CRI config's: the sandbox's files (`linuxContainerMounts`)
 * and the image's volumes (`volumeMounts`), as CRI mounts for `cri.withMounts` / `cri.withWindowsMounts`.
 */
import { parsePlatform } from '@ocispec/core';
import { cleanPath } from '@ocispec/core/internal';
import { DEFAULT_ROOT_DIR, DEFAULT_STATE_DIR } from '../defaults.js';
import type { CriHostFacts } from '../host.js';
import type { ParsedContainerSpecInput } from '../inputs.js';
import type { ParsedCriMount, UserNamespace } from '../messages.js';

function isInCRIMounts(dst: string, mounts: readonly ParsedCriMount[] | null | undefined): boolean {
  return (mounts ?? []).some((m) => cleanPath(m.containerPath ?? '') === cleanPath(dst));
}

function join(...parts: string[]): string {
  return cleanPath(parts.join('/'));
}

/** The uid and gid mappings (nil entries dropped) a mount gets from the container's user-namespace option. */
function usernsMappings(
  userns: UserNamespace | null | undefined,
): Pick<ParsedCriMount, 'uidMappings' | 'gidMappings'> {
  return {
    ...(userns?.uids != null ? { uidMappings: userns.uids.filter((m) => m != null) } : {}),
    ...(userns?.gids != null ? { gidMappings: userns.gids.filter((m) => m != null) } : {}),
  };
}

const SANDBOX_FILES = [
  ['/etc/hostname', 'hostname'],
  ['/etc/hosts', 'hosts'],
  ['/etc/resolv.conf', 'resolv.conf'],
] as const;

/** The sandbox's `/dev/shm` (the host's with host IPC), unless a CRI mount has it or the host lacks it. */
function shmMount(input: ParsedContainerSpecInput, host: CriHostFacts, stateDir: string): ParsedCriMount[] {
  if (isInCRIMounts('/dev/shm', input.config.mounts)) return [];
  const hostIpc = input.config.linux?.securityContext?.namespaceOptions?.ipc === 'NODE';
  const shm = hostIpc ? '/dev/shm' : join(stateDir, 'shm');
  if (!host.exists(shm)) return [];
  return [{ containerPath: '/dev/shm', hostPath: shm, readonly: false, selinuxRelabel: !hostIpc }];
}

/**
 * The sandbox files a linux container mounts (`/etc/hostname`, `/etc/hosts`, `/etc/resolv.conf`, `/dev/shm`), each
 * unless a CRI mount has that path and only when the sandbox's file exists on the host. containerd:
 * `linuxContainerMounts`.
 */
export function linuxContainerMounts(input: ParsedContainerSpecInput, host: CriHostFacts): ParsedCriMount[] {
  const sandboxId = input.sandboxId ?? 'sandbox';
  const rootDir = join(input.cri?.rootDir ?? DEFAULT_ROOT_DIR, 'sandboxes', sandboxId);
  const stateDir = join(input.cri?.stateDir ?? DEFAULT_STATE_DIR, 'sandboxes', sandboxId);
  const sc = input.config.linux?.securityContext;
  const mappings = usernsMappings(sc?.namespaceOptions?.usernsOptions);
  const readonly = sc?.readonlyRootfs === true;
  const mounts: ParsedCriMount[] = [];
  for (const [dst, file] of SANDBOX_FILES) {
    const hostPath = join(rootDir, file);
    if (isInCRIMounts(dst, input.config.mounts) || !host.exists(hostPath)) continue;
    mounts.push({ containerPath: dst, hostPath, readonly, selinuxRelabel: true, ...mappings });
  }
  return [...mounts, ...shmMount(input, host, stateDir)];
}

/**
 * The image's volumes not already mounted by CRI, each as a bind of a new directory under the container's root
 * (`<rootDir>/containers/<id>/volumes/<volumeId>`), relabelled, with the container's id mappings on linux; relative
 * linux destinations are made absolute. containerd: `volumeMounts`.
 */
export function imageVolumeMounts(input: ParsedContainerSpecInput, volumeId: () => string): ParsedCriMount[] {
  const volumes = Object.keys(input.imageConfig?.Volumes ?? {}).sort();
  if (volumes.length === 0 || input.cri?.ignoreImageDefinedVolumes === true) return [];
  const os = parsePlatform(input.platform ?? 'linux/amd64').os;
  const userns =
    os === 'linux' ? input.config.linux?.securityContext?.namespaceOptions?.usernsOptions : undefined;
  const containerRoot = join(input.cri?.rootDir ?? DEFAULT_ROOT_DIR, 'containers', input.id ?? 'container');
  const mounts: ParsedCriMount[] = [];
  for (let dst of volumes) {
    if (isInCRIMounts(dst, input.config.mounts)) continue;
    if (os === 'linux' && !dst.startsWith('/')) dst = join('/', dst.replace(/\\/g, '/'));
    mounts.push({
      containerPath: dst,
      hostPath: join(containerRoot, 'volumes', volumeId()),
      selinuxRelabel: true,
      ...usernsMappings(userns),
    });
  }
  return mounts;
}
