/**
 * Capabilities a process can hold: bounding, effective and permitted (what root's execve grants is the bounding
 * set; ambient ⊆ permitted ∩ inheritable adds nothing). Pod Security baseline restricts capabilities added beyond
 * the runtime's default set (containerd's 14: PSS baseline's 13 and CAP_NET_RAW); restricted keeps only
 * CAP_NET_BIND_SERVICE. A non-empty inheritable set is CVE-2022-24769.
 */
import { defaultUnixCaps, knownCapabilities } from '@ocispec/linux';
import type { Obj } from '../util.js';
import { obj, strings } from '../util.js';
import type { LintContext } from './context.js';

/** PSS baseline's allowed capabilities. */
const PSS_BASELINE = [
  'CAP_AUDIT_WRITE',
  'CAP_CHOWN',
  'CAP_DAC_OVERRIDE',
  'CAP_FOWNER',
  'CAP_FSETID',
  'CAP_KILL',
  'CAP_MKNOD',
  'CAP_NET_BIND_SERVICE',
  'CAP_SETFCAP',
  'CAP_SETGID',
  'CAP_SETPCAP',
  'CAP_SETUID',
  'CAP_SYS_CHROOT',
];
/** What baseline allows: PSS baseline's list and the runtime default's (containerd adds CAP_NET_RAW). */
export const BASELINE_CAPS: ReadonlySet<string> = new Set([...PSS_BASELINE, ...defaultUnixCaps]);
const HELD_SETS = ['bounding', 'effective', 'permitted'] as const;

/** Every known capability is in the list. */
function holdsEvery(list: ReadonlyArray<[string, number]>): boolean {
  const names = new Set(list.map(([c]) => c));
  return knownCapabilities.every((c) => names.has(c));
}

export function lintCapabilities(ctx: LintContext, process: Obj): void {
  const caps = obj(process.capabilities);
  if (caps === undefined) return;
  const inheritable = strings(caps.inheritable);
  if (inheritable.length > 0)
    ctx.add(
      'inheritable-capabilities',
      '/process/capabilities/inheritable',
      `inheritable capabilities ${inheritable.map(([c]) => c).join(', ')} (CVE-2022-24769): keep the set empty`,
    );
  // Each capability is reported once, at its first set; `privileged` for a full set once.
  const reported = new Set<string>();
  let allReported = false;
  for (const set of HELD_SETS) {
    const list = strings(caps[set]);
    if (!allReported && list.length >= knownCapabilities.length && holdsEvery(list)) {
      allReported = true;
      ctx.add(
        'privileged',
        `/process/capabilities/${set}`,
        `every known capability in ${set}: the container is privileged`,
      );
    }
    for (const [cap, i] of list) {
      if (reported.has(cap)) continue;
      reported.add(cap);
      const pointer = `/process/capabilities/${set}/${i}`;
      if (cap === 'CAP_SYS_ADMIN')
        ctx.add('privileged', pointer, 'CAP_SYS_ADMIN makes the container as good as privileged');
      else if (!BASELINE_CAPS.has(cap))
        ctx.add('capability-added', pointer, `${cap} is added beyond the runtime default (PSS baseline)`);
      if (ctx.restricted && cap !== 'CAP_NET_BIND_SERVICE')
        ctx.add(
          'capabilities-not-minimal',
          pointer,
          `${cap}: PSS restricted drops every capability but CAP_NET_BIND_SERVICE`,
        );
    }
  }
}
