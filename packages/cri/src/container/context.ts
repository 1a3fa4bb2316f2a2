/** What every group of a linux container's steps reads: the parsed input, its parts, the host facts. */
import type { ImageConfig } from '@ocispec/core';
import type { CriHostFacts } from '../host.js';
import type { CriSettings, ParsedContainerSpecInput, RuntimeSettings } from '../inputs.js';
import type {
  LinuxContainerSecurityContext,
  ParsedContainerConfig,
  ParsedPodSandboxConfig,
} from '../messages.js';
import { orFail } from '../steps/common.js';
import { dupSecOpt, toLabel } from '../steps/labels.js';

export interface ContainerContext {
  readonly input: ParsedContainerSpecInput;
  readonly config: ParsedContainerConfig;
  readonly sandboxConfig: ParsedPodSandboxConfig | undefined;
  readonly image: ImageConfig | undefined;
  readonly runtime: RuntimeSettings;
  readonly cri: CriSettings;
  readonly host: CriHostFacts;
}

export interface LinuxContainerContext extends ContainerContext {
  readonly sc: LinuxContainerSecurityContext | undefined;
  readonly privileged: boolean;
  /** The SELinux labels (`label.InitLabels` of the container's options, else the sandbox's label). */
  readonly labels: { readonly processLabel: string; readonly mountLabel: string };
}

export function containerContext(input: ParsedContainerSpecInput, host: CriHostFacts): ContainerContext {
  return {
    input,
    config: input.config,
    sandboxConfig: input.sandboxConfig,
    image: input.imageConfig ?? undefined,
    runtime: input.runtime ?? {},
    cri: input.cri ?? {},
    host,
  };
}

export function linuxContainerContext(
  input: ParsedContainerSpecInput,
  host: CriHostFacts,
): LinuxContainerContext {
  const c = containerContext(input, host);
  const sc = c.config.linux?.securityContext ?? undefined;
  let labelOptions = toLabel(sc?.selinuxOptions);
  if (labelOptions.length === 0) labelOptions = dupSecOpt(input.sandboxProcessLabel ?? '');
  const labels = orFail('failed to init selinux options', () => host.initLabels(labelOptions));
  return { ...c, sc, privileged: sc?.privileged === true, labels };
}
