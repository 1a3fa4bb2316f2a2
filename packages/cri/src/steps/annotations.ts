/**
 * The CRI annotations: those every container and sandbox gets (`DefaultCRIAnnotations`), the pod's and the
 * container's passed through by the runtime handler's patterns (`GetPassthroughAnnotations`, Go's `path.Match`),
 * and their steps.
 */
import { annotations } from '../defaults.js';
import type { ParsedPodSandboxConfig } from '../messages.js';
import type { CriStep } from '../plan.js';

/** Go's `path.Match` (no error reporting: a bad pattern does not match). */
export function pathMatch(pattern: string, name: string): boolean {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '\\' && i + 1 < pattern.length) re += escapeRe(pattern[++i]!);
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) return false;
      let body = pattern.slice(i + 1, end);
      if (body.startsWith('^')) body = `!${body.slice(1)}`;
      re += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
      i = end;
    } else re += escapeRe(c);
  }
  try {
    return new RegExp(`${re}$`, 's').test(name);
  } catch {
    return false;
  }
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * The annotations whose key matches one of the runtime's passthrough patterns (Go `path.Match`), sorted by key.
 * containerd: `util.GetPassthroughAnnotations`.
 */
export function passthroughAnnotations(
  annotations: Readonly<Record<string, string>> | null | undefined,
  patterns: readonly string[] | null | undefined,
): [string, string][] {
  const out: [string, string][] = [];
  for (const [key, value] of Object.entries(annotations ?? {})) {
    if ((patterns ?? []).some((p) => pathMatch(p, key))) out.push([key, value]);
  }
  return out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The CRI annotations of a container or sandbox, in containerd's order. containerd: `DefaultCRIAnnotations`. */
export function defaultCRIAnnotations(
  sandboxID: string,
  containerName: string,
  imageName: string,
  config: ParsedPodSandboxConfig | undefined,
  sandbox: boolean,
): [string, string][] {
  const entries: [string, string][] = [
    [annotations.SandboxID, sandboxID],
    [annotations.SandboxNamespace, config?.metadata?.namespace ?? ''],
    [annotations.SandboxUID, config?.metadata?.uid ?? ''],
    [annotations.SandboxName, config?.metadata?.name ?? ''],
  ];
  if (sandbox) {
    entries.push(
      [annotations.SandboxLogDir, config?.logDirectory ?? ''],
      [annotations.SandboxImageName, imageName],
    );
  } else {
    entries.push([annotations.ContainerName, containerName], [annotations.ImageName, imageName]);
  }
  entries.push([
    annotations.ContainerType,
    sandbox ? annotations.ContainerTypeSandbox : annotations.ContainerTypeContainer,
  ]);
  return entries;
}

/** One `cri.withAnnotation` step per entry, in order, each with step id `<prefix>:<key>`. */
export function annotationSteps(prefix: string, entries: readonly (readonly [string, string])[]): CriStep[] {
  return entries.map(([key, value]) => ({
    step: `${prefix}:${key}`,
    call: ['cri.withAnnotation', key, value],
  }));
}
