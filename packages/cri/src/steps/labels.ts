/** SELinux label options: containerd CRI's `toLabel` and go-selinux's `DupSecOpt`. */
import { SpecOptError } from '@ocispec/core';
import { goQuote } from '@ocispec/core/internal';
import type { SELinuxOption } from '../messages.js';

const SELINUX_LEVEL = /^s\d(-s\d)??(:c\d{1,4}(\.c\d{1,4})?(,c\d{1,4}(\.c\d{1,4})?)*)?$/;

/** SELinux label options (`user:`, `role:`, `type:`, `level:`) of a CRI SELinux option. containerd: `toLabel`. */
export function toLabel(options: SELinuxOption | null | undefined): string[] {
  if (options == null) return [];
  const level = options.level ?? '';
  if (level !== '' && !SELINUX_LEVEL.test(level)) {
    throw new SpecOptError(`the format of 'level' ${goQuote(level)} is not correct`);
  }
  const labels: string[] = [];
  if ((options.user ?? '') !== '') labels.push(`user:${options.user}`);
  if ((options.role ?? '') !== '') labels.push(`role:${options.role}`);
  if ((options.type ?? '') !== '') labels.push(`type:${options.type}`);
  if (level !== '') labels.push(`level:${level}`);
  return labels;
}

/** The label options of an SELinux label `user:role:type:level`; none for `""`. go-selinux: `DupSecOpt`. */
export function dupSecOpt(label: string): string[] {
  if (label === '') return [];
  const parts = label.split(':');
  if (parts.length < 3) return [];
  const options = [`user:${parts[0]}`, `role:${parts[1]}`, `type:${parts[2]}`];
  if (parts.length > 3) options.push(`level:${parts.slice(3).join(':')}`);
  return options;
}
