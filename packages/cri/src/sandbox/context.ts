/** What every group of a linux sandbox's steps reads: the parsed input, its parts, the host. */
import type { HostAccess, ImageConfig } from '@ocispec/core';
import { cleanPath } from '@ocispec/core/internal';
import { DEFAULT_ROOT_DIR, DEFAULT_STATE_DIR } from '../defaults.js';
import type { CriHostFacts } from '../host.js';
import type { CriSettings, ParsedSandboxSpecInput } from '../inputs.js';
import type { NamespaceOption, ParsedPodSandboxConfig } from '../messages.js';
import { fail } from '../steps/common.js';

type SandboxSecurityContext = NonNullable<NonNullable<ParsedPodSandboxConfig['linux']>['securityContext']>;

export interface SandboxContext {
  readonly input: ParsedSandboxSpecInput;
  readonly id: string;
  readonly config: ParsedPodSandboxConfig;
  readonly image: ImageConfig | undefined;
  readonly cri: CriSettings;
  readonly host: CriHostFacts;
  /** The pipeline's host (whether it runs in a user namespace). */
  readonly access: HostAccess;
}

export interface LinuxSandboxContext extends SandboxContext {
  readonly sc: SandboxSecurityContext | undefined;
  readonly ns: NamespaceOption | undefined;
  readonly hostNetwork: boolean;
  /** `<state dir>/sandboxes/<id>` and `<root dir>/sandboxes/<id>`. */
  readonly stateDir: string;
  readonly rootDir: string;
}

export function sandboxContext(
  input: ParsedSandboxSpecInput,
  host: CriHostFacts,
  access: HostAccess,
): SandboxContext {
  return {
    input,
    id: input.id ?? 'sandbox',
    config: input.config,
    image: input.imageConfig ?? undefined,
    cri: input.cri ?? {},
    host,
    access,
  };
}

export function linuxSandboxContext(
  input: ParsedSandboxSpecInput,
  host: CriHostFacts,
  access: HostAccess,
): LinuxSandboxContext {
  const c = sandboxContext(input, host, access);
  const sc = c.config.linux?.securityContext ?? undefined;
  const ns = sc?.namespaceOptions ?? undefined;
  return {
    ...c,
    sc,
    ns,
    hostNetwork: ns?.network === 'NODE',
    stateDir: cleanPath(`${c.cri.stateDir ?? DEFAULT_STATE_DIR}/sandboxes/${c.id}`),
    rootDir: cleanPath(`${c.cri.rootDir ?? DEFAULT_ROOT_DIR}/sandboxes/${c.id}`),
  };
}

/** The pause image's entrypoint and cmd; both empty: containerd's refusal. */
export function sandboxArgs(c: SandboxContext): string[] {
  const entrypoint = c.image?.Entrypoint ?? [];
  const cmd = c.image?.Cmd ?? [];
  if (entrypoint.length === 0 && cmd.length === 0) {
    fail(`invalid empty entrypoint and cmd in image config ${JSON.stringify(c.image ?? {})}`);
  }
  return [...entrypoint, ...cmd];
}
