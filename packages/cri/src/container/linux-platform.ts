/**
 * A linux container's last steps: the privileged label rule of `CreateContainer`, then what containerd applies when
 * it creates the container (`platformSpecOpts`: the user, then `containerSpecOpts`: groups, AppArmor, seccomp, CDI).
 */
import type { CriStep } from '../plan.js';
import { fail, orFail, userStep } from '../steps/common.js';
import { apparmorStepOf, seccompStepOf } from '../steps/security.js';
import { generateUserString } from '../steps/util.js';
import type { LinuxContainerContext } from './context.js';

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

/** `CreateContainer`: a privileged container keeps no SELinux process label. */
export function privilegedLabelSteps(c: LinuxContainerContext): CriStep[] {
  return c.privileged ? [{ step: 'privilegedSelinuxLabel', call: ['cri.withoutSelinuxLabel'] }] : [];
}

function runAs(
  value: { value?: number | bigint | undefined } | null | undefined,
): number | bigint | undefined {
  return value == null ? undefined : (value.value ?? 0);
}

/** The user (security context, else the image's), read from the image's rootfs. */
function userSteps(c: LinuxContainerContext): CriStep[] {
  const sc = c.sc;
  let userstr = orFail('failed to generate user string', () =>
    generateUserString(sc?.runAsUsername ?? '', runAs(sc?.runAsUser), runAs(sc?.runAsGroup)),
  );
  if (userstr === '') userstr = c.image?.User ?? '';
  return userstr === '' ? [] : [userStep(userstr, c.input.rootfs)];
}

/** The user whose groups are merged: the security context's name or uid, else the image's user, else root. */
function groupUser(c: LinuxContainerContext): string {
  const sc = c.sc;
  if ((sc?.runAsUsername ?? '') !== '') return sc!.runAsUsername!;
  if (sc?.runAsUser != null) return String(runAs(sc.runAsUser));
  if ((c.image?.User ?? '') !== '') return c.image!.User!.split(':')[0]!;
  return '0';
}

/** The groups by `supplementalGroupsPolicy`: `Merge` adds the user's groups from the rootfs, `Strict` does not. */
function groupSteps(c: LinuxContainerContext): CriStep[] {
  const groups: CriStep = {
    step: 'userSupplementalGroups',
    call: ['cri.withSupplementalGroups', c.sc?.supplementalGroups ?? null],
  };
  const policy = c.sc?.supplementalGroupsPolicy ?? 'Merge';
  if (policy === 'Strict') return [groups];
  if (policy !== 'Merge')
    fail(`not implemented in this containerd release: SupplementalGroupsPolicy=${policy}`);
  const rootfs = c.input.rootfs ?? null;
  return [
    { step: 'additionalGids', call: ['cri.inRootfs', rootfs, ['cri.withAdditionalGIDs', groupUser(c)]] },
    groups,
  ];
}

/** AppArmor and seccomp (containerd's `sputil` choices). */
function profileSteps(c: LinuxContainerContext): CriStep[] {
  const apparmorEnabled = c.cri.disableApparmor !== true && c.host.apparmorEnabled();
  const apparmor = apparmorStepOf(c.sc, c.privileged, apparmorEnabled, c.host);
  const seccomp = seccompStepOf(c.sc, c.cri.unsetSeccompProfile ?? '', c.privileged, c.host.seccompEnabled());
  return [...(apparmor === undefined ? [] : [apparmor]), ...(seccomp === undefined ? [] : [seccomp])];
}

/**
 * The CDI devices (`enable_cdi`, default true): `cri.withCDI` over the CRI config's spec directories. With CDI
 * disabled, a container requesting devices in `cdiDevices` is refused (annotations are then ignored).
 */
function cdiSteps(c: LinuxContainerContext): CriStep[] {
  const devices = c.config.cdiDevices ?? [];
  if (c.cri.enableCDI === false) {
    if (devices.length === 0) return [];
    const names = devices.map((d) => d.name ?? '').join(', ');
    return fail(`CDI devices (${names}) requested but CDI support is explicitly disabled`);
  }
  const specDirs = c.cri.cdiSpecDirs ?? null;
  return [
    {
      step: 'cdi',
      call: ['cri.withCDI', c.config.annotations ?? null, c.config.cdiDevices ?? null, specDirs],
    },
  ];
}

/** `platformSpecOpts` (linux): the user, then `containerSpecOpts`. */
export function platformSteps(c: LinuxContainerContext): CriStep[] {
  return [...userSteps(c), ...groupSteps(c), ...profileSteps(c), ...cdiSteps(c)];
}
