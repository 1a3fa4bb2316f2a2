/**
 * Where containerd 1.6 (Debian's 1.6.20, the daemon the suite runs) and containerd HEAD (which ocispec follows)
 * build different specs from the same input. Each entry names one JSON pointer and turns HEAD's value there (the
 * prediction) into 1.6's, undoing one containerd change, which it cites; the daemon's value must then be exactly
 * that. An entry whose change does not touch the value returns it unchanged. Nothing else may differ.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { JsonValue } from '@ocispec/core';
import type { AllowEntry, SpecContext } from './compare.js';
import { at } from './compare.js';

type Json = JsonValue | undefined;
type JsonObject = { [key: string]: JsonValue };

const only16 = (release: readonly [number, number]): boolean => release[0] === 1 && release[1] === 6;
const sandbox = (ctx: SpecContext): boolean => ctx.kind === 'sandbox';

function isObject(v: Json): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function names(rule: JsonValue): string[] {
  return isObject(rule) && Array.isArray(rule.names) ? (rule.names as string[]) : [];
}

function sameNames(rule: JsonValue, expected: readonly string[]): boolean {
  const n = names(rule);
  return n.length === expected.length && n.every((x, i) => x === expected[i]);
}

/** The seccomp profile's first rule: the big unconditional allow list. */
function isMainRule(rule: JsonValue, i: number): boolean {
  return i === 0 && isObject(rule) && rule.action === 'SCMP_ACT_ALLOW' && rule.args === undefined;
}

/** Rewrites the names of the seccomp rules `pick` selects (HEAD's syscall list → 1.6's). */
function editRules(
  value: Json,
  pick: (rule: JsonValue, i: number) => boolean,
  edit: (names: string[]) => string[],
): Json {
  if (!Array.isArray(value)) return value;
  return value.map((rule, i) =>
    pick(rule, i) && isObject(rule) ? { ...rule, names: edit(names(rule)) } : rule,
  );
}

/** `list` without `removed`. */
const without =
  (...removed: string[]) =>
  (list: string[]): string[] =>
    list.filter((n) => !removed.includes(n));

/** `list` with `added` right after `anchor` (1.6's source order), when `added` is not there yet. */
const after =
  (anchor: string, ...added: string[]) =>
  (list: string[]): string[] => {
    const i = list.indexOf(anchor);
    if (i < 0 || added.every((a) => list.includes(a))) return list;
    return [...list.slice(0, i + 1), ...added, ...list.slice(i + 1)];
  };

const SOCKET_RULE_VALUES = new Set([38, 39, 40]); // AF_ALG (38) and AF_VSOCK (40) excluded by ranges

/** One of HEAD's `socket` rules allowing every address family but AF_ALG and AF_VSOCK. */
function isSocketRule(rule: JsonValue): boolean {
  if (
    !isObject(rule) ||
    !sameNames(rule, ['socket']) ||
    !Array.isArray(rule.args) ||
    rule.args.length !== 1
  ) {
    return false;
  }
  const arg = rule.args[0];
  return isObject(arg) && arg.index === 0 && SOCKET_RULE_VALUES.has(Number(arg.value));
}

/** The rule of CAP_SYS_ADMIN's syscalls (mount, setns, unshare …). */
const isSysAdminRule = (rule: JsonValue): boolean =>
  names(rule).includes('unshare') && names(rule).includes('mount');

/** The default spec's /dev/shm tmpfs (containerd `defaultMounts`). */
const DEFAULT_SHM_MOUNT: JsonObject = {
  destination: '/dev/shm',
  type: 'tmpfs',
  source: 'shm',
  options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=65536k'],
};

/** The bind mount at `destination` gets `options` back when it has HEAD's `rbind,ro,nosuid,nodev,noexec`. */
function bindOptions16(value: Json, destination: string): Json {
  if (!Array.isArray(value)) return value;
  return value.map((m) =>
    isObject(m) &&
    m.destination === destination &&
    m.type === 'bind' &&
    JSON.stringify(m.options) === '["rbind","ro","nosuid","nodev","noexec"]'
      ? { ...m, options: ['rbind', 'ro'] }
      : m,
  );
}

/** HEAD's default masked paths (containerd `populateDefaultUnixSpec`). */
const HEAD_DEFAULT_MASKED = [
  '/proc/acpi',
  '/proc/asound',
  '/proc/kcore',
  '/proc/keys',
  '/proc/latency_stats',
  '/proc/timer_list',
  '/proc/timer_stats',
  '/proc/sched_debug',
  '/sys/firmware',
  '/sys/devices/virtual/powercap',
  '/proc/scsi',
];

/** Lines of a colon file (`etc/passwd`, `etc/group`) of the image's rootfs, split on `:`. */
function colonFile(rootfs: string, file: string): string[][] {
  try {
    return fs
      .readFileSync(path.join(rootfs, 'etc', file), 'utf8')
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('#'))
      .map((l) => l.split(':'));
  } catch {
    return [];
  }
}

/**
 * containerd 1.6's additional gids: the primary gid, the groups listing the user (by uid or name) as a member,
 * and the CRI supplemental groups, sorted and unique (`WithUser`, `WithAdditionalGIDs`, `WithSupplementalGroups`).
 */
function additionalGids16(ctx: SpecContext, userstr: string, gid: number): number[] {
  const rootfs = ctx.input?.rootfs ?? '';
  let username = userstr;
  if (/^\d+$/.test(userstr)) username = colonFile(rootfs, 'passwd').find((u) => u[2] === userstr)?.[0] ?? '';
  const member = colonFile(rootfs, 'group')
    .filter((g) => g[0] !== username && username !== '' && (g[3] ?? '').split(',').includes(username))
    .map((g) => Number(g[2]));
  const supplemental = (ctx.input?.config.linux?.securityContext?.supplementalGroups ?? []).map(Number);
  return [...new Set([gid, ...member, ...supplemental])].sort((a, b) => a - b);
}

/** The container's security context, as sent. */
function securityOf(ctx: SpecContext) {
  return ctx.input?.config.linux?.securityContext ?? undefined;
}

export const ALLOWLIST: readonly AllowEntry[] = [
  {
    id: 'ociVersion',
    pointer: '/ociVersion',
    releases: only16,
    // Over a base runtime spec, the base's version stays: both keep it.
    applies: (ctx) => !ctx.base,
    to16: (v) => (v === '1.3.0' ? '1.0.2-dev' : v),
    what: 'the default spec says the runtime-spec version containerd vendors: 1.0.2-dev in 1.6.20, 1.3.0 in HEAD',
    citation:
      'containerd #12465 (13b1f4371, runtime-spec v1.2.1 → v1.3.0); 1.6.20 vendors runtime-spec 1.0.3-0.20210326190908',
  },
  {
    id: 'maskedPaths/powercap',
    pointer: '/linux/maskedPaths',
    releases: only16,
    // Only the default spec's list: a list the CRI config sent is kept as is by both.
    to16: (v) =>
      JSON.stringify(v) === JSON.stringify(HEAD_DEFAULT_MASKED)
        ? HEAD_DEFAULT_MASKED.filter((p) => p !== '/sys/devices/virtual/powercap')
        : v,
    what: 'the default spec masks /sys/devices/virtual/powercap in HEAD only',
    citation:
      'containerd 106a9b776 "oci/spec: deny /sys/devices/virtual/powercap" (GHSA-7ww5-4wqc-m92c; 1.6.26, 1.7.11)',
  },
  {
    id: 'sandbox/default-shm',
    pointer: '/mounts',
    releases: only16,
    applies: sandbox,
    to16: (v) => {
      if (
        !Array.isArray(v) ||
        v.some((m) => isObject(m) && m.type === 'tmpfs' && m.destination === '/dev/shm')
      ) {
        return v;
      }
      const pts = v.findIndex((m) => isObject(m) && m.destination === '/dev/pts');
      return pts < 0 ? v : [...v.slice(0, pts + 1), DEFAULT_SHM_MOUNT, ...v.slice(pts + 1)];
    },
    what: "the sandbox keeps the default spec's /dev/shm tmpfs (before its /dev/shm bind) in 1.6; HEAD removes it",
    citation: 'containerd #6913 (a62a95789 "CRI: remove default /dev/shm mount in Sandbox")',
  },
  {
    id: 'sandbox/shm-options',
    pointer: '/mounts',
    releases: only16,
    applies: sandbox,
    to16: (v) => bindOptions16(v, '/dev/shm'),
    what: "the sandbox's /dev/shm bind is rbind,ro in 1.6; HEAD adds nosuid,nodev,noexec",
    citation: 'containerd #6913 (42a386c81 "CRI: change the /dev/shm mount options in Sandbox")',
  },
  {
    id: 'sandbox/resolv-options',
    pointer: '/mounts',
    releases: only16,
    applies: sandbox,
    to16: (v) => bindOptions16(v, '/etc/resolv.conf'),
    what: "the sandbox's /etc/resolv.conf bind is rbind,ro in 1.6; HEAD adds nosuid,nodev,noexec",
    citation:
      'containerd #8309 (ae4dbb60d "Add noexec nodev and nosuid to sandbox /etc/resolv.conf mount bind")',
  },
  {
    id: 'sandbox/privileged-sysfs',
    pointer: '/mounts',
    releases: only16,
    applies: (ctx) => sandbox(ctx) && ctx.sandboxInput?.config.linux?.securityContext?.privileged === true,
    to16: (v) => {
      if (!Array.isArray(v)) return v;
      return v.map((m) =>
        isObject(m) && m.destination === '/sys' && m.type === 'sysfs' && Array.isArray(m.options)
          ? { ...m, options: m.options.map((o) => (o === 'rw' ? 'ro' : o)) }
          : m,
      );
    },
    what: "a privileged sandbox's /sys stays read-only in 1.6; HEAD makes it rw",
    citation:
      'containerd #11271 (1fc497218 "Fix privileged container sysfs can\'t be rw because pod is ro by default")',
  },
  {
    id: 'sandbox/image-name-annotation',
    pointer: '/annotations/io.kubernetes.cri.podsandbox.image-name',
    releases: only16,
    applies: sandbox,
    to16: () => undefined,
    what: 'HEAD annotates the sandbox with its pause image name; 1.6 does not',
    citation: 'containerd #9419 (b6e361694 "cri: add pause image name to annotations")',
  },
  {
    id: 'seccomp/socket-families',
    pointer: '/linux/seccomp/syscalls',
    releases: only16,
    to16: (v) => {
      if (!Array.isArray(v) || !v.some(isSocketRule)) return v;
      return editRules(
        v.filter((r) => !isSocketRule(r)),
        isMainRule,
        after('sigreturn', 'socket'),
      );
    },
    what: 'the default seccomp profile allows socket(2) for every family in 1.6; HEAD allows all but AF_VSOCK and AF_ALG',
    citation: 'containerd #7510 (17a932403, AF_VSOCK) and #13327 (0c23e946a, AF_ALG)',
  },
  {
    id: 'seccomp/io_uring',
    pointer: '/linux/seccomp/syscalls',
    releases: only16,
    to16: (v) =>
      editRules(v, isMainRule, after('io_submit', 'io_uring_enter', 'io_uring_register', 'io_uring_setup')),
    what: 'the default seccomp profile allows io_uring_enter, io_uring_register and io_uring_setup in 1.6 only',
    citation:
      'containerd #9320 (a48ddf4a2 "Don\'t allow io_uring related syscalls in the RuntimeDefault seccomp profile")',
  },
  {
    id: 'seccomp/kernel-6.7',
    pointer: '/linux/seccomp/syscalls',
    releases: only16,
    to16: (v) =>
      editRules(
        editRules(
          v,
          isMainRule,
          without('cachestat', 'fchmodat2', 'futex_requeue', 'futex_wait', 'futex_wake', 'map_shadow_stack'),
        ),
        (rule) => names(rule).includes('set_mempolicy'),
        without('set_mempolicy_home_node'),
      ),
    what: 'HEAD allows the syscalls of kernels up to 6.7 (cachestat, fchmodat2, futex_*, map_shadow_stack, set_mempolicy_home_node)',
    citation: 'containerd #9684 (a6e52c74f "seccomp: kernel 6.7")',
  },
  {
    id: 'seccomp/kernel-6.13',
    pointer: '/linux/seccomp/syscalls',
    releases: only16,
    to16: (v) =>
      editRules(
        v,
        isMainRule,
        without(
          'getxattrat',
          'listmount',
          'listxattrat',
          'lsm_get_self_attr',
          'lsm_list_modules',
          'lsm_set_self_attr',
          'mseal',
          'removexattrat',
          'setxattrat',
          'statmount',
          'uretprobe',
        ),
      ),
    what: 'HEAD allows the syscalls of kernels 6.8 to 6.13 (listmount, statmount, lsm_*, mseal, uretprobe, *xattrat)',
    citation: 'containerd #11839 (6180d6243 "seccomp: kernel v6.12", 1a4c32105 "seccomp: kernel v6.13")',
  },
  {
    id: 'seccomp/name_to_handle_at',
    pointer: '/linux/seccomp/syscalls',
    releases: only16,
    to16: (v) =>
      editRules(
        editRules(v, isMainRule, without('name_to_handle_at')),
        isSysAdminRule,
        after('move_mount', 'name_to_handle_at'),
      ),
    what: 'name_to_handle_at needs CAP_SYS_ADMIN in 1.6; HEAD always allows it',
    citation: 'containerd #8752 (9a202e342 "seccomp: always allow name_to_handle_at")',
  },
  {
    id: 'seccomp/process_vm',
    pointer: '/linux/seccomp/syscalls',
    releases: only16,
    to16: (v) => {
      if (!Array.isArray(v)) return v;
      return v.map((rule) =>
        isObject(rule) && sameNames(rule, ['process_vm_readv', 'process_vm_writev', 'ptrace'])
          ? { ...rule, names: ['ptrace'] }
          : rule,
      );
    },
    what: 'the kernel ≥ 4.8 rule allows ptrace only in 1.6; HEAD adds process_vm_readv and process_vm_writev',
    citation:
      'containerd #7693 (e224f77eb) and #7755 (afa19a0a7 "Fix process_vm_* syscall names in seccomp")',
  },
  {
    id: 'additionalGids/image-user',
    pointer: '/process/user/additionalGids',
    releases: only16,
    // 1.6 looks the groups up for RunAsUser's value, 0 when unset, even when the image names a user.
    applies: (ctx) =>
      ctx.kind === 'container' &&
      securityOf(ctx)?.runAsUser == null &&
      (securityOf(ctx)?.runAsUsername ?? '') === '' &&
      (ctx.input?.imageConfig?.User ?? '') !== '',
    to16: (_v, ctx) => additionalGids16(ctx, '0', Number(at(ctx.predicted, '/process/user/gid') ?? 0)),
    what: "1.6 merges the groups of uid 0 when the CRI sets no user; HEAD those of the image's user",
    citation: 'containerd #8136 (727b25403 "fix userstr for dditionalGids on Linux", 50740a1a0)',
  },
  {
    id: 'additionalGids/strict-policy',
    pointer: '/process/user/additionalGids',
    releases: only16,
    // 1.6's CRI API has no supplementalGroupsPolicy: Strict is Merge there.
    applies: (ctx) => ctx.kind === 'container' && securityOf(ctx)?.supplementalGroupsPolicy === 'Strict',
    to16: (_v, ctx) => {
      const sc = securityOf(ctx);
      const user = (sc?.runAsUsername ?? '') !== '' ? sc!.runAsUsername! : String(sc?.runAsUser?.value ?? 0);
      return additionalGids16(ctx, user, Number(at(ctx.predicted, '/process/user/gid') ?? 0));
    },
    what: "supplementalGroupsPolicy Strict (no groups from the image's /etc/group) exists in HEAD only",
    citation: 'containerd #9737 (8bcffa944 "KEP-3619: Fine grained SupplementalGroups control")',
  },
];
