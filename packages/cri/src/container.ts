/**
 * `containerSpec`: the spec containerd HEAD's CRI `CreateContainer` gives a container (`buildContainerSpec` with
 * `buildLinuxSpec` / `buildWindowsSpec`, then the `platformSpecOpts` containerd applies when it creates the
 * container: user, groups, AppArmor, seccomp, CDI), as an ordered list of named steps.
 */
import type { ImageConfig, Mount, ResolvedOpt } from '@ocispec/core';
import {
  withMounts as ociWithMounts,
  parsePlatform,
  specOpt,
  withDefaultPathEnv,
  withEnv,
  withHostname,
  withNewPrivileges,
  withNoNewPrivileges,
  withoutMounts,
  withProcessCwd,
  withRootFSReadonly,
  withTTY,
} from '@ocispec/core';
import { cleanPath } from '@ocispec/core/internal';
import {
  withAllDevicesAllowed,
  withCgroup,
  withHostDevices,
  withLinuxNamespace,
  withMaskedPaths,
  withoutRunMount,
  withPrivileged,
  withReadonlyPaths,
  withUser,
} from '@ocispec/linux';
import { withWindowsNetworkNamespace } from '@ocispec/windows';
import type { CriBuildOptions, CriComposition, CriCompositionPlan, Resolved } from './build.js';
import { inRootfs, plan, resolveBuild, run } from './build.js';
import {
  annotations,
  DEFAULT_ROOT_DIR,
  DEFAULT_STATE_DIR,
  defaultCRIAnnotations,
  dupSecOpt,
  generateUserString,
  getCgroupsPath,
  parseInput,
  parseUsernsIDs,
  passthroughAnnotations,
  sameUsernsConfig,
  toLabel,
} from './helpers.js';
import { annotationSteps, fail, orFail } from './internal.js';
import {
  withAdditionalGIDs,
  withAnnotation,
  withCapabilities,
  withCDI,
  withDevices,
  withMounts,
  withMountsCgroupWritable,
  withOOMScoreAdj,
  withoutAmbientCaps,
  withoutDefaultSecuritySettings,
  withoutRoot,
  withPodNamespaces,
  withProcessArgs,
  withRelativeRoot,
  withResources,
  withSelinuxLabels,
  withSupplementalGroups,
} from './opts.js';
import { apparmorStepOf, seccompStepOf } from './security.js';
import type { CriStep } from './steps.js';
import { criStep } from './steps.js';
import type {
  ContainerSpecInput,
  ParsedContainerSpecInput,
  ParsedCriMount,
  RuntimeSettings,
  UserNamespace,
} from './types.js';
import { ContainerSpecInputSchema } from './types.js';
import {
  withProcessCommandLineOrArgsForWindows,
  withWindowsAffinityCPUs,
  withWindowsCredentialSpec,
  withWindowsDevices,
  withWindowsMounts,
  withWindowsResources,
} from './windows-opts.js';

/**
 * The steps containerd applies when it creates the container (`platformSpecOpts`), after `buildContainerSpec`:
 * containerd's unit tests of `buildContainerSpec` see the spec without them.
 */
export const CONTAINER_PLATFORM_STEPS: readonly string[] = Object.freeze([
  'user',
  'additionalGids',
  'userSupplementalGroups',
  'apparmor',
  'seccomp',
  'cdi',
]);

/** Parses (and checks) a container input: a `BAD_PIPELINE` error naming the JSON pointer when it is malformed. */
export function parseContainerSpecInput(
  input: ContainerSpecInput | ParsedContainerSpecInput,
): ParsedContainerSpecInput {
  return parseInput(ContainerSpecInputSchema, input);
}

function envOf(
  image: ImageConfig | null | undefined,
  envs: ParsedContainerSpecInput['config']['envs'],
): string[] {
  return [...(image?.Env ?? []), ...(envs ?? []).map((e) => `${e.key ?? ''}=${e.value ?? ''}`)];
}

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

/**
 * The sandbox files a linux container mounts (`/etc/hostname`, `/etc/hosts`, `/etc/resolv.conf`, `/dev/shm`), each
 * unless a CRI mount has that path and only when the sandbox's file exists on the host. containerd:
 * `linuxContainerMounts`.
 */
export function linuxContainerMounts(
  input: ParsedContainerSpecInput,
  host: Resolved['host'],
): ParsedCriMount[] {
  const sandboxId = input.sandboxId ?? 'sandbox';
  const rootDir = join(input.cri?.rootDir ?? DEFAULT_ROOT_DIR, 'sandboxes', sandboxId);
  const stateDir = join(input.cri?.stateDir ?? DEFAULT_STATE_DIR, 'sandboxes', sandboxId);
  const sc = input.config.linux?.securityContext;
  const mappings = usernsMappings(sc?.namespaceOptions?.usernsOptions);
  const readonly = sc?.readonlyRootfs === true;
  const mounts: ParsedCriMount[] = [];
  const criMounts = input.config.mounts;
  for (const [dst, file] of [
    ['/etc/hostname', 'hostname'],
    ['/etc/hosts', 'hosts'],
    ['/etc/resolv.conf', 'resolv.conf'],
  ] as const) {
    if (isInCRIMounts(dst, criMounts)) continue;
    const hostPath = join(rootDir, file);
    if (host.exists(hostPath)) {
      mounts.push({ containerPath: dst, hostPath, readonly, selinuxRelabel: true, ...mappings });
    }
  }
  if (!isInCRIMounts('/dev/shm', criMounts)) {
    const hostIpc = sc?.namespaceOptions?.ipc === 'NODE';
    const shm = hostIpc ? '/dev/shm' : join(stateDir, 'shm');
    if (host.exists(shm)) {
      mounts.push({ containerPath: '/dev/shm', hostPath: shm, readonly: false, selinuxRelabel: !hostIpc });
    }
  }
  return mounts;
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

/**
 * The pod's and the container's annotations that the runtime handler passes through (`pod_annotations`,
 * `container_annotations` patterns), as one step each, pod first: the same on linux and windows.
 */
function passthroughAnnotationSteps(
  config: ParsedContainerSpecInput['config'],
  sandboxConfig: ParsedContainerSpecInput['sandboxConfig'],
  runtime: RuntimeSettings,
): CriStep[] {
  return [
    ...annotationSteps(
      'podAnnotation',
      passthroughAnnotations(sandboxConfig?.annotations, runtime.podAnnotations),
    ),
    ...annotationSteps(
      'containerAnnotation',
      passthroughAnnotations(config.annotations, runtime.containerAnnotations),
    ),
  ];
}

/**
 * The container-name annotation: the CRI metadata's name, as containerd's `CreateContainer` passes it
 * (`containerName := metadata.Name`); not the reserved `<name>_<pod>_<ns>_<uid>_<attempt>` name.
 */
function containerName(input: ParsedContainerSpecInput): string {
  return input.containerName ?? input.config.metadata?.name ?? '';
}

function imageName(input: ParsedContainerSpecInput): string {
  return input.imageName ?? (input.config.image?.userSpecifiedImage || input.config.image?.image || '');
}

/** `buildLinuxSpec` followed by the linux `platformSpecOpts`. */
function linuxSteps(input: ParsedContainerSpecInput, resolved: Resolved): CriStep[] {
  const { host } = resolved;
  const { config } = input;
  const sandboxConfig = input.sandboxConfig;
  const image = input.imageConfig ?? undefined;
  const runtime = input.runtime ?? {};
  const cri = input.cri ?? {};
  const id = input.id ?? 'container';
  const sandboxId = input.sandboxId ?? 'sandbox';
  const sandboxPid = input.sandboxPid ?? 0;
  const sc = config.linux?.securityContext ?? undefined;
  const privileged = sc?.privileged === true;
  const baseFile = runtime.baseRuntimeSpec ?? '';
  const steps: CriStep[] = [criStep('withoutRunMount', withoutRunMount())];
  if (baseFile === '')
    steps.push(criStep('withoutDefaultSecuritySettings', withoutDefaultSecuritySettings()));
  steps.push(
    criStep('relativeRoot', withRelativeRoot('rootfs'), ['rootfs']),
    criStep('processArgs', withProcessArgs(config, image), [config, image ?? null]),
    criStep('defaultPathEnv', withDefaultPathEnv()),
    criStep('newPrivileges', withNewPrivileges()),
  );
  const cwd = (config.workingDir ?? '') !== '' ? config.workingDir! : (image?.WorkingDir ?? '');
  if (cwd !== '') steps.push(criStep('cwd', withProcessCwd(cwd), [cwd]));
  if (config.tty === true) steps.push(criStep('tty', withTTY()));
  const hostname = (sandboxConfig?.hostname ?? '') !== '' ? sandboxConfig!.hostname! : host.hostname();
  steps.push(criStep('hostnameEnv', withEnv([`HOSTNAME=${hostname}`]), [[`HOSTNAME=${hostname}`]]));
  const env = envOf(image, config.envs);
  steps.push(criStep('env', withEnv(env), [env]));

  let labelOptions = toLabel(sc?.selinuxOptions);
  if (labelOptions.length === 0) labelOptions = dupSecOpt(input.sandboxProcessLabel ?? '');
  const labels = orFail('failed to init selinux options', () => host.initLabels(labelOptions));

  if (host.cgroupUnified() && !privileged) {
    steps.push(criStep('cgroupNamespace', withLinuxNamespace({ type: 'cgroup' }), [{ type: 'cgroup' }]));
  }
  const extraMounts = [...linuxContainerMounts(input, host), ...(input.extraMounts ?? [])];
  const mountsOpt = runtime.cgroupWritable === true ? withMountsCgroupWritable : withMounts;
  steps.push(
    criStep('mounts', mountsOpt(config, extraMounts, labels.mountLabel, input.runtimeHandler ?? null, host), [
      config,
      extraMounts,
      labels.mountLabel,
      input.runtimeHandler ?? null,
    ]),
  );
  if (cri.disableProcMount !== true) {
    steps.push(
      criStep('defaultMaskedPaths', withMaskedPaths([]), [[]]),
      criStep('defaultReadonlyPaths', withReadonlyPaths([]), [[]]),
    );
    if (sc?.maskedPaths != null)
      steps.push(criStep('maskedPaths', withMaskedPaths(sc.maskedPaths), [sc.maskedPaths]));
    if (sc?.readonlyPaths != null) {
      steps.push(criStep('readonlyPaths', withReadonlyPaths(sc.readonlyPaths), [sc.readonlyPaths]));
    }
  }
  const allCaps = input.allCaps ?? undefined;
  steps.push(
    criStep('devices', withDevices(config, cri.deviceOwnershipFromSecurityContext === true, host), [
      config,
      cri.deviceOwnershipFromSecurityContext === true,
    ]),
    criStep('capabilities', withCapabilities(sc ?? null, allCaps), [sc ?? null, allCaps ?? null]),
  );
  if (privileged) {
    if (sandboxConfig?.linux?.securityContext?.privileged !== true) {
      fail('no privileged container allowed in sandbox');
    }
    steps.push(criStep('privileged', withPrivileged()));
    if (runtime.privilegedWithoutHostDevices !== true) {
      steps.push(
        criStep('hostDevices', withHostDevices()),
        criStep('allDevicesAllowed', withAllDevicesAllowed()),
      );
    } else if (runtime.privilegedWithoutHostDevicesAllDevicesAllowed === true) {
      steps.push(criStep('allDevicesAllowed', withAllDevicesAllowed()));
    }
  }
  steps.push(
    criStep('withoutAmbientCaps', withoutAmbientCaps()),
    criStep('selinuxLabels', withSelinuxLabels(labels.processLabel, labels.mountLabel), [
      labels.processLabel,
      labels.mountLabel,
    ]),
  );
  if (sc?.noNewPrivs === true) steps.push(criStep('noNewPrivileges', withNoNewPrivileges()));
  if (sc?.readonlyRootfs === true) steps.push(criStep('readonlyRootfs', withRootFSReadonly()));
  const resources = config.linux?.resources ?? null;
  // containerd's default: tolerate_missing_hugetlb_controller = true.
  const tolerateHugetlb = cri.tolerateMissingHugetlbController !== false;
  steps.push(
    criStep(
      'resources',
      withResources(resources, tolerateHugetlb, cri.disableHugetlbController === true, host),
      [resources, tolerateHugetlb, cri.disableHugetlbController === true],
    ),
  );
  const cgroupParent = sandboxConfig?.linux?.cgroupParent ?? '';
  if (cgroupParent !== '') {
    const path = getCgroupsPath(cgroupParent, id);
    steps.push(criStep('cgroupsPath', withCgroup(path), [path]));
  }
  steps.push(...passthroughAnnotationSteps(config, sandboxConfig, runtime));

  const nsOpts = sc?.namespaceOptions ?? undefined;
  let targetPid = sandboxPid;
  if (nsOpts?.pid === 'TARGET') {
    if (input.targetPid === undefined) {
      fail(
        `invalid target container: no targetPid given for target container ${JSON.stringify(nsOpts.targetId ?? '')}`,
      );
    }
    targetPid = input.targetPid;
  }
  const ids = orFail('user namespace configuration', () => parseUsernsIDs(nsOpts?.usernsOptions));
  const sandboxUserns = sandboxConfig?.linux?.securityContext?.namespaceOptions?.usernsOptions;
  if (!sameUsernsConfig(sandboxUserns, nsOpts?.usernsOptions)) {
    fail(
      `user namespace config for sandbox is different from container. Sandbox userns config: ${JSON.stringify(sandboxUserns ?? null)} - Container userns config: ${JSON.stringify(nsOpts?.usernsOptions ?? null)}`,
    );
  }
  const usernsEnabled = nsOpts?.usernsOptions != null && (nsOpts.usernsOptions.mode ?? 'POD') === 'POD';
  if (sandboxConfig?.linux?.securityContext?.namespaceOptions?.network === 'NODE' && usernsEnabled) {
    const sys: Mount = {
      destination: '/sys',
      type: 'bind',
      source: '/sys',
      options: ['rbind', 'rro', 'nosuid', 'nodev', 'noexec'],
    };
    steps.push(
      criStep('withoutSysMount', withoutMounts('/sys'), ['/sys']),
      criStep('sysBindMount', ociWithMounts([sys]), [[sys]]),
    );
  }
  const groups = sc?.supplementalGroups ?? null;
  steps.push(
    criStep('oomScoreAdj', withOOMScoreAdj(config, cri.restrictOOMScoreAdj === true, host), [
      config,
      cri.restrictOOMScoreAdj === true,
    ]),
    criStep('podNamespaces', withPodNamespaces(sc ?? null, sandboxPid, targetPid, ids.uids, ids.gids), [
      sc ?? null,
      sandboxPid,
      targetPid,
      ids.uids,
      ids.gids,
    ]),
    criStep('supplementalGroups', withSupplementalGroups(groups), [groups]),
  );
  steps.push(
    ...annotationSteps(
      'annotation',
      defaultCRIAnnotations(sandboxId, containerName(input), imageName(input), sandboxConfig, false),
    ),
  );

  // CreateContainer: a privileged container keeps no SELinux process label.
  if (privileged) {
    steps.push(
      criStep(
        'privilegedSelinuxLabel',
        specOpt('clearSelinuxLabel', (spec) => {
          if (spec.process != null) delete spec.process.selinuxLabel;
        }),
      ),
    );
  }

  // platformSpecOpts: the user (it needs the rootfs), then containerSpecOpts.
  const rootfs = input.rootfs;
  const runAsUser = sc?.runAsUser == null ? undefined : (sc.runAsUser.value ?? 0);
  const runAsGroup = sc?.runAsGroup == null ? undefined : (sc.runAsGroup.value ?? 0);
  let userstr = orFail('failed to generate user string', () =>
    generateUserString(sc?.runAsUsername ?? '', runAsUser, runAsGroup),
  );
  if (userstr === '') userstr = image?.User ?? '';
  if (userstr !== '')
    steps.push(criStep('user', inRootfs('withUser', rootfs, withUser(userstr)), [userstr], 'withUser'));
  let groupUser = '0';
  if ((sc?.runAsUsername ?? '') !== '') groupUser = sc!.runAsUsername!;
  else if (runAsUser !== undefined) groupUser = String(runAsUser);
  else if ((image?.User ?? '') !== '') groupUser = image!.User!.split(':')[0]!;
  const policy = sc?.supplementalGroupsPolicy ?? 'Merge';
  if (policy === 'Merge') {
    steps.push(
      criStep(
        'additionalGids',
        inRootfs('cri.withAdditionalGIDs', rootfs, withAdditionalGIDs(groupUser)),
        [groupUser],
        'cri.withAdditionalGIDs',
      ),
      criStep('userSupplementalGroups', withSupplementalGroups(groups), [groups]),
    );
  } else if (policy === 'Strict') {
    steps.push(criStep('userSupplementalGroups', withSupplementalGroups(groups), [groups]));
  } else {
    fail(`not implemented in this containerd release: SupplementalGroupsPolicy=${policy}`);
  }
  const apparmor = apparmorStepOf(
    sc,
    privileged,
    cri.disableApparmor !== true && host.apparmorEnabled(),
    host,
  );
  if (apparmor !== undefined) steps.push(apparmor);
  const seccomp = seccompStepOf(sc, cri.unsetSeccompProfile ?? '', privileged, host.seccompEnabled());
  if (seccomp !== undefined) steps.push(seccomp);
  if (cri.enableCDI !== false) {
    steps.push(
      criStep('cdi', withCDI(config.annotations, config.cdiDevices), [
        config.annotations ?? null,
        config.cdiDevices ?? null,
      ]),
    );
  } else if ((config.cdiDevices ?? []).length > 0) {
    fail(
      `CDI devices (${(config.cdiDevices ?? []).map((d) => d.name ?? '').join(', ')}) requested but CDI support is explicitly disabled`,
    );
  }
  return steps;
}

/** `buildWindowsSpec`. */
function windowsSteps(input: ParsedContainerSpecInput, host: Resolved['host']): CriStep[] {
  const { config } = input;
  const sandboxConfig = input.sandboxConfig;
  const image = input.imageConfig ?? undefined;
  const runtime = input.runtime ?? {};
  const steps: CriStep[] = [
    criStep('processArgs', withProcessCommandLineOrArgsForWindows(config, image), [config, image ?? null]),
  ];
  const containerHpc = config.windows?.securityContext?.hostProcess === true;
  const sandboxHpc = sandboxConfig?.windows?.securityContext?.hostProcess === true;
  if (containerHpc !== sandboxHpc) {
    fail('pod spec and all containers inside must have the HostProcess field set to be valid');
  }
  const cwd =
    (config.workingDir ?? '') !== ''
      ? config.workingDir!
      : (image?.WorkingDir ?? '') !== ''
        ? image!.WorkingDir!
        : containerHpc
          ? 'C:\\hpc'
          : '';
  if (cwd !== '') steps.push(criStep('cwd', withProcessCwd(cwd), [cwd]));
  if (config.tty === true) steps.push(criStep('tty', withTTY()));
  const env = envOf(image, config.envs);
  const netns = input.netnsPath ?? '';
  const hostname = sandboxConfig?.hostname ?? '';
  const extra = input.extraMounts ?? [];
  steps.push(
    criStep('env', withEnv(env), [env]),
    criStep('withoutRoot', withoutRoot()),
    criStep('networkNamespace', withWindowsNetworkNamespace(netns), [netns]),
    criStep('hostname', withHostname(hostname), [hostname]),
    criStep('mounts', withWindowsMounts(config, extra, host), [config, extra]),
    criStep('devices', withWindowsDevices(config), [config]),
  );
  let username = image?.User ?? '';
  const windows = config.windows;
  if (windows != null) {
    const resources = windows.resources ?? null;
    steps.push(criStep('resources', withWindowsResources(resources), [resources]));
    const sc = windows.securityContext;
    if (sc != null) {
      if ((sc.runAsUsername ?? '') !== '') username = sc.runAsUsername!;
      if ((sc.credentialSpec ?? '') !== '') {
        steps.push(
          criStep('credentialSpec', withWindowsCredentialSpec(sc.credentialSpec!), [sc.credentialSpec]),
        );
      }
    }
  }
  steps.push(criStep('user', withUser(username), [username], 'withUser'));
  steps.push(...passthroughAnnotationSteps(config, sandboxConfig, runtime));
  steps.push(
    criStep(
      `annotation:${annotations.WindowsHostProcess}`,
      withAnnotation(annotations.WindowsHostProcess, String(sandboxHpc)),
      [annotations.WindowsHostProcess, String(sandboxHpc)],
    ),
    ...annotationSteps(
      'annotation',
      defaultCRIAnnotations(
        input.sandboxId ?? 'sandbox',
        containerName(input),
        imageName(input),
        sandboxConfig,
        false,
      ),
    ),
  );
  if (windows != null) steps.push(criStep('affinityCPUs', withWindowsAffinityCPUs(windows), [windows]));
  return steps;
}

/**
 * The named steps of a container's spec, in containerd's order (see docs/cri.md for the list). Throws a
 * `BAD_PIPELINE` error for what containerd refuses before building (a privileged container in an unprivileged
 * sandbox, a bad user-namespace config, an unsupported platform …).
 */
export function containerSpecSteps(
  input: ContainerSpecInput | ParsedContainerSpecInput,
  options: CriBuildOptions = {},
): CriStep[] {
  return stepsOf(parseContainerSpecInput(input), resolveBuild(options));
}

function stepsOf(input: ParsedContainerSpecInput, resolved: Resolved): CriStep[] {
  // CreateContainer refuses these before building anything.
  if (input.config.metadata == null) fail('container config must include metadata');
  if (input.sandboxConfig !== undefined && input.sandboxConfig.metadata == null) {
    fail('pod sandbox config must include metadata');
  }
  const os = parsePlatform(input.platform ?? 'linux/amd64').os;
  const volumes = imageVolumeMounts(input, resolved.volumeId);
  const withVolumes: ParsedContainerSpecInput =
    volumes.length === 0 ? input : { ...input, extraMounts: [...(input.extraMounts ?? []), ...volumes] };
  if (os === 'linux') return linuxSteps(withVolumes, resolved);
  if (os === 'windows') return windowsSteps(withVolumes, resolved.host);
  return fail(`unsupported spec platform: ${os}`);
}

/**
 * What composing a container's spec runs, without running it: the composition input (base runtime spec and every
 * option, `withNamespacedCgroup` first over a base) for tools that replay or explain it (`ocispec explain`).
 */
export function containerSpecPlan(
  input: ContainerSpecInput | ParsedContainerSpecInput,
  options: CriBuildOptions = {},
): CriCompositionPlan {
  return planOf(input, options, resolveBuild(options));
}

function planOf(
  input: ContainerSpecInput | ParsedContainerSpecInput,
  options: CriBuildOptions,
  resolved: Resolved,
): CriCompositionPlan {
  const parsed = parseContainerSpecInput(input);
  const steps = stepsOf(parsed, resolved);
  const edited = options.edit === undefined ? steps : [...options.edit(steps)];
  return plan(
    resolved,
    parsed.platform ?? 'linux/amd64',
    parsed.id ?? 'container',
    parsed.runtime?.baseRuntimeSpec,
    edited,
  );
}

/**
 * The spec containerd's CRI `CreateContainer` gives this container: the steps of {@link containerSpecSteps} (after
 * `options.edit`) over the runtime's base runtime spec (via `BaseSpecStore.runtimeSpec`, `withNamespacedCgroup`
 * first) or the platform default, in namespace `k8s.io`. The pipeline's hooks (`beforeApply` …) run as usual.
 */
export async function containerSpec(
  input: ContainerSpecInput | ParsedContainerSpecInput,
  options: CriBuildOptions = {},
): Promise<CriComposition> {
  const resolved = resolveBuild(options);
  return run(resolved, planOf(input, options, resolved));
}

export type { ResolvedOpt };
