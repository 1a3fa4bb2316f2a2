/**
 * `sandboxSpec`: the spec containerd HEAD's CRI `RunPodSandbox` gives the pause container (podsandbox
 * `sandboxContainerSpec`, the privileged fix-ups of `CreateSandbox`, then `sandboxContainerSpecOpts`: seccomp and
 * user). Always over the platform default: a runtime's base runtime spec never applies to a sandbox.
 */
import type { Mount } from '@ocispec/core';
import {
  withMounts as ociWithMounts,
  withProcessArgs as ociWithProcessArgs,
  parsePlatform,
  peekArray,
  specOpt,
  withEnv,
  withHostname,
  withoutMounts,
  withProcessCwd,
  withRootFSReadonly,
  writable,
} from '@ocispec/core';
import { cleanPath } from '@ocispec/core/internal';
import { withCgroup, withLinuxNamespace, withoutRunMount, withUser, withUserNamespace } from '@ocispec/linux';
import { withWindowsNetworkNamespace } from '@ocispec/windows';
import type { CriBuildOptions, CriComposition, CriCompositionPlan, Resolved } from './build.js';
import { inRootfs, plan, resolveBuild, run } from './build.js';
import {
  annotations,
  DEFAULT_ROOT_DIR,
  DEFAULT_SANDBOX_IMAGE,
  DEFAULT_SANDBOX_OOM_ADJ,
  DEFAULT_STATE_DIR,
  defaultCRIAnnotations,
  generateUserString,
  getCgroupsPath,
  parseInput,
  parseUsernsIDs,
  passthroughAnnotations,
  toLabel,
} from './helpers.js';
import { annotationSteps, fail, orFail } from './internal.js';
import {
  withAnnotation,
  withDefaultSandboxShares,
  withNamespacePath,
  withoutDefaultSecuritySettings,
  withoutNamespace,
  withoutRoot,
  withPodOOMScoreAdj,
  withRelativeRoot,
  withSelinuxLabels,
  withSupplementalGroups,
  withSysctls,
} from './opts.js';
import { seccompStepOf } from './security.js';
import type { CriStep } from './steps.js';
import { criStep } from './steps.js';
import type { ParsedSandboxSpecInput, SandboxSpecInput } from './types.js';
import { SandboxSpecInputSchema } from './types.js';
import { withWindowsCredentialSpec, withWindowsDefaultSandboxShares } from './windows-opts.js';

/** Parses (and checks) a sandbox input: a `BAD_PIPELINE` error naming the JSON pointer when it is malformed. */
export function parseSandboxSpecInput(
  input: SandboxSpecInput | ParsedSandboxSpecInput,
): ParsedSandboxSpecInput {
  return parseInput(SandboxSpecInputSchema, input);
}

function argsOf(input: ParsedSandboxSpecInput): string[] {
  const image = input.imageConfig ?? undefined;
  const args = [...(image?.Entrypoint ?? []), ...(image?.Cmd ?? [])];
  if ((image?.Entrypoint ?? []).length === 0 && (image?.Cmd ?? []).length === 0) {
    fail(`invalid empty entrypoint and cmd in image config ${JSON.stringify(image ?? {})}`);
  }
  return args;
}

/** podsandbox `sandboxContainerSpec` (linux), the privileged fix-ups and `sandboxContainerSpecOpts`. */
function linuxSteps(input: ParsedSandboxSpecInput, resolved: Resolved): CriStep[] {
  const { host, pipeline } = resolved;
  const { config } = input;
  const id = input.id ?? 'sandbox';
  const image = input.imageConfig ?? undefined;
  const cri = input.cri ?? {};
  const nsPath = input.netnsPath ?? '';
  const env = image?.Env ?? null;
  const hostname = config.hostname ?? '';
  const steps: CriStep[] = [
    criStep('withoutRunMount', withoutRunMount()),
    criStep('withoutDefaultSecuritySettings', withoutDefaultSecuritySettings()),
    criStep('relativeRoot', withRelativeRoot('rootfs'), ['rootfs']),
    criStep('env', withEnv(env), [env]),
    criStep('readonlyRootfs', withRootFSReadonly()),
    criStep('hostname', withHostname(hostname), [hostname]),
  ];
  if ((image?.WorkingDir ?? '') !== '')
    steps.push(criStep('cwd', withProcessCwd(image!.WorkingDir!), [image!.WorkingDir]));
  const args = argsOf(input);
  steps.push(criStep('processArgs', ociWithProcessArgs(...args), args));
  const cgroupParent = config.linux?.cgroupParent ?? '';
  if (cgroupParent !== '') {
    const path = getCgroupsPath(cgroupParent, id);
    steps.push(criStep('cgroupsPath', withCgroup(path), [path]));
  }
  const sc = config.linux?.securityContext ?? undefined;
  const ns = sc?.namespaceOptions ?? undefined;
  const hostNetwork = ns?.network === 'NODE';
  if (hostNetwork) {
    steps.push(
      criStep('withoutNetworkNamespace', withoutNamespace('network'), ['network']),
      criStep('withoutUTSNamespace', withoutNamespace('uts'), ['uts']),
    );
  } else {
    const netns = { type: 'network', path: nsPath };
    steps.push(criStep('networkNamespace', withLinuxNamespace(netns), [netns]));
  }
  if (ns?.pid === 'NODE') steps.push(criStep('withoutPIDNamespace', withoutNamespace('pid'), ['pid']));
  if (ns?.ipc === 'NODE') steps.push(criStep('withoutIPCNamespace', withoutNamespace('ipc'), ['ipc']));
  const userns = ns?.usernsOptions;
  const ids = orFail('user namespace configuration', () => parseUsernsIDs(userns));
  const stateDir = cleanPath(`${cri.stateDir ?? DEFAULT_STATE_DIR}/sandboxes/${id}`);
  const rootDir = cleanPath(`${cri.rootDir ?? DEFAULT_ROOT_DIR}/sandboxes/${id}`);
  let usernsEnabled = false;
  if (userns != null) {
    const mode = userns.mode ?? 'POD';
    if (mode === 'NODE') steps.push(criStep('withoutUserNamespace', withoutNamespace('user'), ['user']));
    else if (mode === 'POD') {
      steps.push(criStep('userNamespace', withUserNamespace(ids.uids, ids.gids), [ids.uids, ids.gids]));
      usernsEnabled = true;
      if (!hostNetwork) {
        // containerd pins the user namespace there first (a host side effect ocispec does not perform).
        const pinned = `${stateDir}/pinned-namespaces/user`;
        steps.push(criStep('userNamespacePath', withNamespacePath('user', pinned), ['user', pinned]));
      }
    } else fail(`unsupported user namespace mode: "${mode}"`);
  }
  const devShm = ns?.ipc === 'NODE' ? '/dev/shm' : `${stateDir}/shm`;
  const mounts: Mount[] = [
    {
      destination: '/dev/shm',
      type: 'bind',
      source: devShm,
      options: ['rbind', 'ro', 'nosuid', 'nodev', 'noexec'],
    },
    {
      destination: '/etc/resolv.conf',
      type: 'bind',
      source: `${rootDir}/resolv.conf`,
      options: ['rbind', 'ro', 'nosuid', 'nodev', 'noexec'],
    },
  ];
  steps.push(criStep('withoutDevShm', withoutMounts('/dev/shm'), ['/dev/shm']));
  if (hostNetwork && usernsEnabled) {
    steps.push(criStep('withoutSysMount', withoutMounts('/sys'), ['/sys']));
    mounts.push({
      destination: '/sys',
      type: 'bind',
      source: '/sys',
      options: ['rbind', 'rro', 'nosuid', 'nodev', 'noexec'],
    });
  }
  steps.push(criStep('mounts', ociWithMounts(mounts), [mounts]));
  const labels = orFail('failed to init selinux options', () => host.initLabels(toLabel(sc?.selinuxOptions)));
  const groups = sc?.supplementalGroups ?? null;
  steps.push(
    criStep('selinuxLabels', withSelinuxLabels(labels.processLabel, labels.mountLabel), [
      labels.processLabel,
      labels.mountLabel,
    ]),
    criStep('supplementalGroups', withSupplementalGroups(groups), [groups]),
  );
  const sysctls: Record<string, string> = { ...(config.linux?.sysctls ?? {}) };
  if (!hostNetwork) {
    if (cri.enableUnprivilegedPorts !== false && !('net.ipv4.ip_unprivileged_port_start' in sysctls)) {
      sysctls['net.ipv4.ip_unprivileged_port_start'] = '0';
    }
    if (
      cri.enableUnprivilegedICMP !== false &&
      !('net.ipv4.ping_group_range' in sysctls) &&
      !pipeline.host.runningInUserNS() &&
      !usernsEnabled
    ) {
      sysctls['net.ipv4.ping_group_range'] = '0 2147483647';
    }
  }
  steps.push(
    criStep('sysctls', withSysctls(sysctls), [sysctls]),
    criStep('defaultSandboxShares', withDefaultSandboxShares()),
  );
  const res = config.linux?.resources;
  if (res != null) {
    steps.push(
      ...annotationSteps('annotation', [
        [annotations.SandboxCPUPeriod, String(res.cpuPeriod ?? 0)],
        [annotations.SandboxCPUQuota, String(res.cpuQuota ?? 0)],
        [annotations.SandboxCPUShares, String(res.cpuShares ?? 0)],
        [annotations.SandboxMem, String(res.memoryLimitInBytes ?? 0)],
      ]),
    );
  }
  steps.push(
    criStep(
      'oomScoreAdj',
      withPodOOMScoreAdj(DEFAULT_SANDBOX_OOM_ADJ, cri.restrictOOMScoreAdj === true, host),
      [DEFAULT_SANDBOX_OOM_ADJ, cri.restrictOOMScoreAdj === true],
    ),
    ...annotationSteps(
      'podAnnotation',
      passthroughAnnotations(config.annotations, input.runtime?.podAnnotations),
    ),
    ...annotationSteps(
      'annotation',
      defaultCRIAnnotations(id, '', cri.sandboxImage ?? DEFAULT_SANDBOX_IMAGE, config, true),
    ),
  );
  const privileged = sc?.privileged === true;
  if (privileged) {
    steps.push(
      criStep(
        'privilegedFixups',
        specOpt('privilegedSandbox', (spec) => {
          if (spec.process != null) delete spec.process.selinuxLabel;
          // Values an earlier step assigned are not drafts (immer's rule): the mount is edited through writable().
          const mounts = peekArray(spec, 'mounts');
          const at = mounts.findIndex((m) => cleanPath(m.destination ?? '') === '/sys');
          const options = at < 0 ? [] : peekArray(mounts[at]!, 'options');
          const ro = options.indexOf('ro');
          if (ro >= 0) {
            const sys = writable(writable(spec, 'mounts', true), at, true);
            sys.options = options.map((o, i) => (i === ro ? 'rw' : o));
          }
        }),
      ),
    );
  }
  const seccomp = seccompStepOf(sc, cri.unsetSeccompProfile ?? '', privileged, host.seccompEnabled());
  if (seccomp !== undefined) steps.push(seccomp);
  const runAsUser = sc?.runAsUser == null ? undefined : (sc.runAsUser.value ?? 0);
  const runAsGroup = sc?.runAsGroup == null ? undefined : (sc.runAsGroup.value ?? 0);
  let userstr = orFail('failed to generate user string', () => generateUserString('', runAsUser, runAsGroup));
  if (userstr === '') userstr = image?.User ?? '';
  if (userstr !== '') {
    steps.push(criStep('user', inRootfs('withUser', input.rootfs, withUser(userstr)), [userstr], 'withUser'));
  }
  return steps;
}

/** podsandbox `sandboxContainerSpec` (windows). */
function windowsSteps(input: ParsedSandboxSpecInput): CriStep[] {
  const { config } = input;
  const id = input.id ?? 'sandbox';
  const image = input.imageConfig ?? undefined;
  const env = image?.Env ?? null;
  const hostname = config.hostname ?? '';
  const steps: CriStep[] = [
    criStep('env', withEnv(env), [env]),
    criStep('hostname', withHostname(hostname), [hostname]),
  ];
  if ((image?.WorkingDir ?? '') !== '')
    steps.push(criStep('cwd', withProcessCwd(image!.WorkingDir!), [image!.WorkingDir]));
  const args = argsOf(input);
  const netns = input.netnsPath ?? '';
  steps.push(
    criStep('processArgs', ociWithProcessArgs(...args), args),
    criStep('withoutRoot', withoutRoot()),
    criStep('networkNamespace', withWindowsNetworkNamespace(netns), [netns]),
    criStep('defaultSandboxShares', withWindowsDefaultSandboxShares()),
  );
  const sc = config.windows?.securityContext;
  let username = image?.User ?? '';
  if ((sc?.runAsUsername ?? '') !== '') username = sc!.runAsUsername!;
  if ((sc?.credentialSpec ?? '') !== '') {
    steps.push(
      criStep('credentialSpec', withWindowsCredentialSpec(sc!.credentialSpec!), [sc!.credentialSpec]),
    );
  }
  const hpc = String(sc?.hostProcess === true);
  steps.push(
    criStep('user', withUser(username), [username], 'withUser'),
    ...annotationSteps(
      'podAnnotation',
      passthroughAnnotations(config.annotations, input.runtime?.podAnnotations),
    ),
    criStep(
      `annotation:${annotations.WindowsHostProcess}`,
      withAnnotation(annotations.WindowsHostProcess, hpc),
      [annotations.WindowsHostProcess, hpc],
    ),
    ...annotationSteps(
      'annotation',
      defaultCRIAnnotations(id, '', input.cri?.sandboxImage ?? DEFAULT_SANDBOX_IMAGE, config, true),
    ),
  );
  return steps;
}

function stepsOf(input: ParsedSandboxSpecInput, resolved: Resolved): CriStep[] {
  // RunPodSandbox refuses it before building anything.
  if (input.config.metadata == null) fail('sandbox config must include metadata');
  const os = parsePlatform(input.platform ?? 'linux/amd64').os;
  if (os === 'linux') return linuxSteps(input, resolved);
  if (os === 'windows') return windowsSteps(input);
  return fail(`unsupported spec platform: ${os}`);
}

/** The named steps of a sandbox (pause container) spec, in containerd's order. */
export function sandboxSpecSteps(
  input: SandboxSpecInput | ParsedSandboxSpecInput,
  options: CriBuildOptions = {},
): CriStep[] {
  return stepsOf(parseSandboxSpecInput(input), resolveBuild(options));
}

/** What composing a sandbox spec runs (always over the platform default), for replaying or explaining it. */
export function sandboxSpecPlan(
  input: SandboxSpecInput | ParsedSandboxSpecInput,
  options: CriBuildOptions = {},
): CriCompositionPlan {
  return planOf(input, options, resolveBuild(options));
}

function planOf(
  input: SandboxSpecInput | ParsedSandboxSpecInput,
  options: CriBuildOptions,
  resolved: Resolved,
): CriCompositionPlan {
  const parsed = parseSandboxSpecInput(input);
  const steps = stepsOf(parsed, resolved);
  const edited = options.edit === undefined ? steps : [...options.edit(steps)];
  return plan(resolved, parsed.platform ?? 'linux/amd64', parsed.id ?? 'sandbox', undefined, edited);
}

/**
 * The spec containerd's CRI `RunPodSandbox` gives the pause container: the steps of {@link sandboxSpecSteps}
 * (after `options.edit`) over the platform default, in namespace `k8s.io`. `runtime.baseRuntimeSpec` is ignored,
 * as in containerd.
 */
export async function sandboxSpec(
  input: SandboxSpecInput | ParsedSandboxSpecInput,
  options: CriBuildOptions = {},
): Promise<CriComposition> {
  const resolved = resolveBuild(options);
  return run(resolved, planOf(input, options, resolved));
}
