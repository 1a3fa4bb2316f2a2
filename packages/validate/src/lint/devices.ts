/**
 * The device cgroup as runc programs it: runc's devices emulator (libcontainer/cgroups/devices) applies the rules in
 * order for cgroup v1 and v2 alike. Type `a` (or no type) resets the whole list whatever its numbers and access: an
 * allow makes every device allowed (rwm), a deny makes every device denied. A missing major or minor, or -1, is the
 * wildcard `*`. Other rules add or remove exceptions to the current default. The spec's list is what this sees;
 * runc appends its own defaults (allow-only: they never take an allow away).
 */
import type { Obj } from '../util.js';
import { arr, int, obj, str } from '../util.js';
import type { LintContext } from './context.js';

interface Exception {
  readonly type: 'b' | 'c';
  readonly major: number;
  readonly minor: number;
  access: Set<string>;
}

interface DevicePolicy {
  /** Every device not listed is allowed (black-list mode). */
  defaultAllow: boolean;
  exceptions: Exception[];
  /** The rule that last decided the default or added the exception. */
  decidedBy: number;
}

const WILDCARD = -1;

function number(value: unknown): number {
  const n = int(value);
  return n === undefined ? WILDCARD : Number(n);
}

/** Applies the spec's rules in order, as runc's emulator does; rules runc would refuse are skipped. */
function emulate(rules: readonly unknown[]): { policy: DevicePolicy; wildcards: Map<'b' | 'c', number> } {
  const policy: DevicePolicy = { defaultAllow: false, exceptions: [], decidedBy: -1 };
  const wildcards = new Map<'b' | 'c', number>();
  for (let i = 0; i < rules.length; i++) {
    const rule = obj(rules[i]);
    if (rule === undefined) continue;
    const type = str(rule.type) ?? '';
    const allow = rule.allow === true;
    const access = new Set(
      (str(rule.access) ?? '').split('').filter((c) => c === 'r' || c === 'w' || c === 'm'),
    );
    if (type === '' || type === 'a') {
      policy.defaultAllow = allow;
      policy.exceptions = [];
      policy.decidedBy = i;
      wildcards.clear();
      continue;
    }
    if ((type !== 'b' && type !== 'c') || access.size === 0) continue;
    const meta = { type, major: number(rule.major), minor: number(rule.minor) } as const;
    const existing = policy.exceptions.find(
      (e) => e.type === meta.type && e.major === meta.major && e.minor === meta.minor,
    );
    // An allow while allowing by default, or a deny while denying, removes access from an exception.
    if (allow === policy.defaultAllow) {
      if (existing !== undefined) for (const a of access) existing.access.delete(a);
    } else if (existing !== undefined) {
      for (const a of access) existing.access.add(a);
    } else {
      policy.exceptions.push({ ...meta, access });
    }
    policy.exceptions = policy.exceptions.filter((e) => e.access.size > 0);
    if (!policy.defaultAllow && meta.major === WILDCARD && meta.minor === WILDCARD) wildcards.set(type, i);
  }
  return { policy, wildcards };
}

/** Read or write on every device of a type (mknod alone creates nodes that cannot be opened). */
function allowsClass(policy: DevicePolicy, type: 'b' | 'c'): boolean {
  return policy.exceptions.some(
    (e) =>
      e.type === type &&
      e.major === WILDCARD &&
      e.minor === WILDCARD &&
      (e.access.has('r') || e.access.has('w')),
  );
}

export function lintDevices(ctx: LintContext, linux: Obj | undefined): void {
  const rules = arr(obj(linux?.resources)?.devices) ?? [];
  const { policy, wildcards } = emulate(rules);
  const pointer = (i: number): string =>
    i < 0 ? '/linux/resources/devices' : `/linux/resources/devices/${i}`;
  if (policy.defaultAllow) {
    const denied = policy.exceptions.length;
    ctx.add(
      'device-allow-all',
      pointer(policy.decidedBy),
      `the device rules end up allowing every device (type a, any access)${denied > 0 ? `, except ${denied} listed` : ''}`,
    );
    return;
  }
  const chars = allowsClass(policy, 'c');
  const blocks = allowsClass(policy, 'b');
  if (chars && blocks) {
    ctx.add(
      'device-allow-all',
      pointer(Math.max(wildcards.get('c') ?? -1, wildcards.get('b') ?? -1)),
      'c *:* and b *:* together allow every device',
    );
  } else if (chars || blocks) {
    const type = chars ? 'c' : 'b';
    ctx.add(
      'device-allow-class',
      pointer(wildcards.get(type) ?? -1),
      `${type} *:* allows every ${chars ? 'character' : 'block'} device${chars ? ' (/dev/mem, /dev/kmsg, ...)' : ' (the host disks)'}`,
    );
  }
}
