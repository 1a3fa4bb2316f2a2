/** Windows mounts: containerd CRI's `WithWindowsMounts` (`internal/cri/opts/spec_windows_opts.go`). */
import type { Mount } from '@ocispec/core';
import { defineOpt, peekArray, SpecOptError } from '@ocispec/core';
import { cleanPath } from '@ocispec/core/internal';
import { z } from 'zod';
import type { CriHostFacts } from '../host.js';
import { criHostOf } from '../host.js';
import type { ParsedCriMount } from '../messages.js';
import { ContainerConfigSchema, CriMountSchema } from '../messages.js';
import { ensureHostPath, mergeMounts, orderedMounts, resolveHostPath } from './mounts.js';

function isNamedPipe(p: string): boolean {
  return p.startsWith('\\\\.\\pipe\\');
}

/** Go's `filepath.Clean` for Windows paths (`/` → `\`, volume kept, `.`/`..` resolved, no trailing `\`). */
export function cleanWindowsPath(p: string): string {
  const slashed = p.replace(/\//g, '\\');
  let volume = '';
  let rest = slashed;
  const drive = /^[A-Za-z]:/.exec(slashed);
  if (drive !== null) {
    volume = drive[0];
    rest = slashed.slice(2);
  } else {
    const unc = /^\\\\[^\\]+\\[^\\]+/.exec(slashed);
    if (unc !== null) {
      volume = unc[0];
      rest = slashed.slice(volume.length);
    }
  }
  const cleaned = cleanPath(rest.replace(/\\/g, '/')).replace(/\//g, '\\');
  if (cleaned === '.' && volume !== '' && rest === '') return `${volume}.`;
  return volume + cleaned;
}

/** `cleanMount`: named pipes as they are, other paths cleaned. */
function cleanMount(p: string): string {
  return isNamedPipe(p) ? p : cleanWindowsPath(p);
}

/**
 * A CRI mount as a windows mount: the host path (named pipes untouched) created when missing, resolved and cleaned;
 * the destination cleaned and prefixed `C:` when rooted (a bare drive `X:` is kept, `C:` is refused); `ro`/`rw`.
 * containerd: `parseMount`.
 */
export function parseWindowsMount(host: CriHostFacts, mount: ParsedCriMount): Mount {
  let dst = mount.containerPath ?? '';
  let src = mount.hostPath ?? '';
  if (!isNamedPipe(src)) {
    ensureHostPath(host, src);
    src = cleanWindowsPath(resolveHostPath(host, src));
    if (dst.length !== 2 || dst[1] !== ':') {
      dst = cleanWindowsPath(dst);
      if (dst.startsWith('\\')) dst = `C:${dst}`;
    } else if (dst[0] === 'c' || dst[0] === 'C') {
      throw new SpecOptError('destination path can not be C drive');
    }
  }
  return { destination: dst, source: src, options: [mount.readonly === true ? 'ro' : 'rw'] };
}

/**
 * Appends the config's CRI mounts and the extra ones as windows mounts, replacing the spec's mounts they override.
 * A CRI mount wins over an extra mount on the same cleaned path; all are sorted by depth (see
 * `parseWindowsMount` for each). No cgroup mount, no `/dev` rule; a list left empty is removed.
 * containerd: `opts.WithWindowsMounts`
 */
export const withWindowsMounts = defineOpt({
  name: 'cri.withWindowsMounts',
  args: () => z.tuple([ContainerConfigSchema, z.array(CriMountSchema).nullable()]),
  doc: "Appends the config's CRI mounts and the extra ones as windows mounts, replacing the spec's mounts they override.",
  containerd: 'opts.WithWindowsMounts',
  apply(spec, ctx, config, extra) {
    const host = criHostOf(ctx);
    const sorted = orderedMounts(mergeMounts(config.mounts ?? [], extra ?? [], cleanMount));
    const targets = new Set(sorted.map((m) => cleanMount(m.containerPath ?? '')));
    const kept = peekArray(spec, 'mounts').filter((m) => !targets.has(cleanMount(m.destination ?? '')));
    const next = [...kept, ...sorted.map((m) => parseWindowsMount(host, m))];
    if (next.length === 0) delete spec.mounts;
    else spec.mounts = next;
  },
});
