/**
 * containerd CRI's seccomp and AppArmor choices (`internal/cri/sputil`): the profile of a security context (its
 * `seccomp`/`apparmor` field, else the deprecated profile path, else the CRI `unset_seccomp_profile`) as a step over
 * linux's `withDefaultSeccompProfile`, `withSeccompProfile` or `withApparmorProfile`. containerd loads its default
 * AppArmor profile into the kernel when missing; ocispec only names it.
 */
import type { CriHostFacts } from '../host.js';
import type { LinuxContainerSecurityContext, SecurityProfile } from '../messages.js';
import type { CriStep } from '../plan.js';
import { fail, orFail } from './common.js';

/**
 * The `seccomp` step of a security context (linux's `withDefaultSeccompProfile` or `withSeccompProfile`), or `undefined`
 * when none applies (privileged, unconfined, no profile, seccomp disabled). A profile other than unconfined on a
 * host without seccomp, or an invalid one, is a `BAD_PIPELINE` error.
 */
export function seccompStepOf(
  sc: Pick<LinuxContainerSecurityContext, 'seccomp' | 'seccompProfilePath'> | null | undefined,
  unsetProfile: string,
  privileged: boolean,
  enabled: boolean,
): CriStep | undefined {
  let sp: SecurityProfile | undefined = sc?.seccomp ?? undefined;
  if (sp == null) sp = securityProfileOf(sc?.seccompProfilePath ?? '', unsetProfile, 'seccomp');
  if (privileged) return undefined;
  if (!enabled) {
    if (sp !== undefined && sp.profileType !== 'Unconfined')
      fail('failed to generate seccomp spec opts: seccomp is not supported');
    return undefined;
  }
  if (sp === undefined) return undefined;
  const type = sp.profileType ?? 'RuntimeDefault';
  if (type !== 'Localhost' && (sp.localhostRef ?? '') !== '') {
    fail(
      'failed to generate seccomp spec opts: seccomp config invalid LocalhostRef must only be set if ProfileType is Localhost',
    );
  }
  if (type === 'Unconfined') return undefined;
  if (type === 'RuntimeDefault') return { step: 'seccomp', call: ['withDefaultSeccompProfile'] };
  if (type === 'Localhost') {
    const path = (sp.localhostRef ?? '').replace(/^localhost\//, '');
    return { step: 'seccomp', call: ['withSeccompProfile', path] };
  }
  return fail('failed to generate seccomp spec opts: seccomp unknown ProfileType');
}

/** containerd's `generateSecurityProfile` of a profile path (with the seccomp fallback `unset` path). */
function securityProfileOf(path: string, unset: string, kind: string): SecurityProfile | undefined {
  const p = path !== '' ? path : unset;
  if (p === '') return undefined;
  if (p === 'runtime/default' || p === 'docker/default') return { profileType: 'RuntimeDefault' };
  if (p === 'unconfined') return { profileType: 'Unconfined' };
  if (!p.startsWith('localhost/')) fail(`failed to generate ${kind} spec opts: invalid profile "${p}"`);
  return { profileType: 'Localhost', localhostRef: p.slice('localhost/'.length) };
}

/**
 * The `apparmor` step of a security context (linux's `withApparmorProfile`: containerd's default profile unless
 * privileged, or a loaded `localhost/` profile), or `undefined` when none applies. A confined profile on a host
 * without AppArmor, a missing or invalid one is a `BAD_PIPELINE` error.
 */
export function apparmorStepOf(
  sc: LinuxContainerSecurityContext | null | undefined,
  privileged: boolean,
  enabled: boolean,
  host: CriHostFacts,
): CriStep | undefined {
  let sp: SecurityProfile | undefined = sc?.apparmor ?? undefined;
  if (sp == null) sp = securityProfileOf(sc?.apparmorProfile ?? '', '', 'apparmor');
  if (!enabled) {
    if (sp !== undefined && sp.profileType !== 'Unconfined')
      fail('failed to generate apparmor spec opts: apparmor is not supported');
    return undefined;
  }
  sp ??= { profileType: 'RuntimeDefault' };
  const type = sp.profileType ?? 'RuntimeDefault';
  if (type !== 'Localhost' && (sp.localhostRef ?? '') !== '') {
    fail(
      'failed to generate apparmor spec opts: apparmor config invalid LocalhostRef must only be set if ProfileType is Localhost',
    );
  }
  if (type === 'Unconfined') return undefined;
  if (type === 'RuntimeDefault') {
    if (privileged) return undefined;
    return { step: 'apparmor', call: ['withApparmorProfile', 'cri-containerd.apparmor.d'] };
  }
  if (type === 'Localhost') {
    const profile = (sp.localhostRef ?? '').replace(/^localhost\//, '');
    const exists = orFail('failed to generate apparmor spec opts', () => host.apparmorProfileExists(profile));
    if (!exists) fail(`failed to generate apparmor spec opts: apparmor profile not found ${profile}`);
    return { step: 'apparmor', call: ['withApparmorProfile', profile] };
  }
  return fail('failed to generate apparmor spec opts: apparmor unknown ProfileType');
}
