/**
 * `lintSpec`: security findings. Profile `baseline` maps Kubernetes Pod Security Standards baseline onto the spec
 * and adds the CVE rules of runc's recent escapes; `restricted` adds PSS restricted (non-root, no privilege
 * escalation, minimal capabilities, a seccomp profile). Rules can be suppressed one by one, with a reason.
 */
import type { HostAccess } from '@ocispec/core';
import { nodeHost, OcispecError } from '@ocispec/core';
import { lintedSpec } from './decoded.js';
import { lintCapabilities } from './lint/capabilities.js';
import type { Add, LintContext } from './lint/context.js';
import { lintDevices } from './lint/devices.js';
import { lintMasking } from './lint/masking.js';
import { mountViews } from './lint/mount-view.js';
import { lintMounts } from './lint/mounts.js';
import { lintNamespaces } from './lint/namespaces.js';
import { cleanRooted } from './lint/paths.js';
import { lintSeccomp } from './lint/seccomp.js';
import { resolveProcPath } from './proc-path.js';
import type { Obj } from './util.js';
import { arr, int, intEq, obj, ptr, q, str, strings } from './util.js';

export type LintSeverity = 'critical' | 'high' | 'medium' | 'low';
export type LintProfile = 'baseline' | 'restricted';

export interface LintRuleInfo {
  readonly severity: LintSeverity;
  readonly profile: LintProfile;
  readonly summary: string;
  /** What an attacker in (or against) the container gets when the rule's finding is left in place. */
  readonly threat: string;
}

const b = (severity: LintSeverity, summary: string, threat: string): LintRuleInfo => ({
  severity,
  profile: 'baseline',
  summary,
  threat,
});
const r = (severity: LintSeverity, summary: string, threat: string): LintRuleInfo => ({
  severity,
  profile: 'restricted',
  summary,
  threat,
});

export const lintRules = {
  'ambiguous-json': b(
    'high',
    'a repeated or case-folded key, or invalid UTF-8: runc runs what others do not see',
    'a config.json that reviewers, policy checks and exact-matching readers (crun, youki, JSON Schema) see as safe while runc runs another spec: a harmless first `process` followed by a second (or a `Process`) with uid 0 and CAP_SYS_ADMIN',
  ),
  privileged: b(
    'critical',
    'CAP_SYS_ADMIN or every known capability: the container is as good as privileged',
    'mount, BPF, namespace and device operations that lead out of the container (e.g. cgroup release_agent, host disk mounts)',
  ),
  'capability-added': b(
    'high',
    'a capability beyond the runtime default (containerd’s 14: PSS baseline’s 13 and CAP_NET_RAW)',
    'kernel operations a default container cannot do (CAP_NET_ADMIN, CAP_SYS_PTRACE, CAP_SYS_MODULE, ...): a wider kernel attack surface, host escapes',
  ),
  'host-pid-namespace': b(
    'high',
    'no pid namespace, or the host’s joined (any spelling; by inode with --host-specific)',
    'seeing, signalling and ptracing host processes; reading their /proc/<pid>/environ and root',
  ),
  'host-ipc-namespace': b(
    'high',
    'no ipc namespace, or the host’s joined',
    'reading and writing host shared memory and message queues',
  ),
  'host-network-namespace': b(
    'high',
    'no network namespace, or the host’s joined',
    'binding host ports, sniffing host traffic, reaching services bound to the host’s localhost',
  ),
  'host-mount-namespace': b(
    'critical',
    'no mount namespace, or the host’s joined: runc sets up no rootfs',
    'the container runs in the host’s filesystem and mount table',
  ),
  'host-namespace-joined': b(
    'medium',
    'the host’s uts, cgroup, user or time namespace joined explicitly',
    'changing the host’s hostname or clocks, seeing the host’s cgroup tree, running in the host’s user namespace',
  ),
  'device-allow-all': b(
    'critical',
    'the device cgroup rules, applied in order as runc does, allow every device (`a` by any spelling, c and b wildcards together)',
    'reading and writing host disks and kernel memory through device nodes (mknod is always allowed by runc)',
  ),
  'device-allow-class': b(
    'critical',
    'the device cgroup rules allow every character device (`c *:*`) or every block device (`b *:*`)',
    'character devices: /dev/mem, /dev/kmsg, /dev/port; block devices: the host’s disks',
  ),
  'seccomp-unconfined': b(
    'high',
    'a seccomp object that enforces nothing: no default action, or allow by default and no rule that denies a known syscall',
    'every syscall reachable: kernel exploits the default profile blocks (keyctl, bpf, userfaultfd, io_uring, ...)',
  ),
  'apparmor-unconfined': b(
    'high',
    'process.apparmorProfile is `unconfined`',
    'no MAC confinement of file and mount access',
  ),
  'selinux-custom-type': b(
    'medium',
    'the SELinux type is not one PSS allows (container_t, container_init_t, container_kvm_t, container_engine_t)',
    'an SELinux domain with more access than a container’s (spc_t is unconfined)',
  ),
  'sys-writable': b(
    'high',
    'a sysfs mounted writable anywhere (options applied in order; readonly and masked paths counted), or the host’s /sys bound writable (an rbind without rro leaves its submounts writable)',
    'writing kernel and device parameters (/sys/kernel, /sys/class, /sys/devices) for the whole host',
  ),
  'cgroupfs-writable': b(
    'high',
    'a cgroup or cgroup2 filesystem mounted writable anywhere (/sys/fs/cgroup included), or the host’s cgroup tree bound writable',
    'raising the container’s own limits; on cgroup v1, release_agent escapes (CVE-2022-0492)',
  ),
  'kernel-fs-mount': b(
    'high',
    'debugfs, tracefs, securityfs, bpf, configfs, efivarfs, pstore, binfmt_misc or devtmpfs mounted anywhere (writable submounts of a bind too)',
    'host-global kernel interfaces: kernel memory and tracing, LSM policy, pinned BPF maps, EFI variables, binfmt handlers run by the host',
  ),
  'procfs-unmasked': b(
    'high',
    'a procfs mounted somewhere other than /proc, where maskedPaths and readonlyPaths do not apply',
    '/proc/kcore, /proc/sysrq-trigger, /proc/sys writable: what masking hides at /proc',
  ),
  'masked-paths-missing': b(
    'high',
    'a path containerd’s default masks (/proc/kcore, /proc/keys, /sys/firmware, ...) is not masked while its filesystem is mounted',
    'kernel memory, keyrings, firmware tables and hardware counters readable (PSS procMount: Unmasked)',
  ),
  'readonly-paths-missing': b(
    'medium',
    'a path containerd’s default makes read-only (/proc/sys, /proc/sysrq-trigger, ...) stays writable',
    'writing host kernel parameters and triggering SysRq (PSS procMount: Unmasked)',
  ),
  'sysctl-unsafe': b(
    'high',
    'a sysctl outside PSS baseline’s safe set',
    'kernel parameters that are not isolated per container, or weaken isolation',
  ),
  'host-root-mount': b(
    'critical',
    'the host’s / bound, or layered by overlay (any spelling)',
    'the whole host filesystem inside the container',
  ),
  'host-sensitive-mount': b(
    'high',
    'a host system path bound or layered by overlay: /etc (or a file in it), /root, /home, /boot, /lib/modules, /proc, /sys, /dev (device nodes), /var/lib/kubelet, /var/log, or a bundle-relative path that climbs out (normalised, and symlinks resolved with --host-specific)',
    'host credentials and configuration, kernel modules, host devices, kubelet secrets; writes there change the host',
  ),
  'runtime-socket-mount': b(
    'critical',
    'a container runtime socket bound (docker, containerd, CRI-O, podman, buildkit), or a directory holding one (/run, /var/run, ...)',
    'starting privileged containers on the host through the runtime’s API',
  ),
  'host-block-device-mount': b(
    'critical',
    'a disk filesystem (ext4, xfs, btrfs, ...) or a /dev/... block device mounted',
    'reading and writing a host disk’s filesystem, bypassing the host’s file permissions',
  ),
  'overlay-host-path': b(
    'high',
    'an overlay whose lowerdir, upperdir or workdir is a host directory',
    'host directories readable in the container; with upperdir, the container’s writes land on the host',
  ),
  'hooks-present': b(
    'medium',
    'OCI hooks run on the host with the runtime’s privileges',
    'programs run as root on the host at container creation and teardown',
  ),
  'cwd-proc-fd': b(
    'critical',
    'process.cwd under /proc/self/fd (CVE-2024-21626, runc "Leaky Vessels")',
    'a working directory in the host filesystem through a leaked runc file descriptor',
  ),
  'mount-over-masked': b(
    'high',
    'a mount over a masked path or /dev/null (CVE-2025-31133)',
    'undoing runc’s masking: the mask lands on an attacker-controlled target',
  ),
  'inheritable-capabilities': b(
    'high',
    'a non-empty inheritable set (CVE-2022-24769)',
    'capabilities gained by executing programs with file capabilities',
  ),
  'run-as-root': r(
    'high',
    'the process runs as root (uid 0) without a user namespace mapping it to a non-root host user',
    'root on the host after any escape; root-owned host files writable through mounts',
  ),
  'no-new-privileges': r(
    'high',
    'process.noNewPrivileges is not true (PSS allowPrivilegeEscalation)',
    'privilege gain through setuid and file-capability binaries',
  ),
  'capabilities-not-minimal': r(
    'medium',
    'a capability other than CAP_NET_BIND_SERVICE (PSS restricted: drop ALL)',
    'any capability is kernel attack surface the workload does not need',
  ),
  'seccomp-missing': r(
    'high',
    'no seccomp profile (PSS restricted: RuntimeDefault or Localhost)',
    'every syscall reachable',
  ),
} as const satisfies Record<string, LintRuleInfo>;

export type LintRuleId = keyof typeof lintRules;

/** Each rule's position in {@link lintRules}: findings are sorted by it. */
const RULE_RANK = Object.fromEntries(Object.keys(lintRules).map((rule, i) => [rule, i])) as Record<
  LintRuleId,
  number
>;

export interface LintFinding {
  readonly severity: LintSeverity;
  readonly pointer: string;
  readonly rule: LintRuleId;
  readonly message: string;
}

export interface SuppressedFinding extends LintFinding {
  readonly reason: string;
}

/** A suppression: every finding of `rule` (under `pointer`, when given) is reported as suppressed with `reason`. */
export interface Suppression {
  readonly rule: string;
  readonly reason: string;
  /** Only findings at this JSON pointer or below it. */
  readonly pointer?: string;
}

export interface LintOptions {
  readonly profile: LintProfile;
  readonly suppress?: readonly Suppression[];
  /** Also compare with this host: joined namespaces by inode with PID 1's, bind sources with symlinks resolved. */
  readonly hostSpecific?: boolean;
  /** Host access for `hostSpecific` (default: the real host). */
  readonly host?: HostAccess;
}

export interface LintResult {
  readonly profile: LintProfile;
  /** Active findings, in rule order then document order. */
  readonly findings: readonly LintFinding[];
  readonly suppressed: readonly SuppressedFinding[];
  /** True when no finding is left after suppression. */
  readonly ok: boolean;
}

const SAFE_SYSCTLS: ReadonlySet<string> = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
]);
const PSS_SELINUX_TYPES: ReadonlySet<string> = new Set([
  'container_t',
  'container_init_t',
  'container_kvm_t',
  'container_engine_t',
]);
/** A working directory through a file descriptor (`/proc/self/fd/7`, `/proc/1/task/1/fd/`), once resolved. */
const PROC_FD = /^\/proc\/(?:<self>|\d+)\/(?:task\/(?:<thread>|\d+)\/)?fd(?:\/|$)/;

/** The process rules other than capabilities: cwd, LSM profiles, and (restricted) privilege escalation and root. */
function lintProcess(ctx: LintContext, process: Obj, linux: Obj | undefined): void {
  lintCapabilities(ctx, process);
  const cwd = str(process.cwd) ?? '';
  if (PROC_FD.test(`/${resolveProcPath(cwd).join('/')}`))
    ctx.add('cwd-proc-fd', '/process/cwd', `cwd ${q(cwd)} is a file descriptor path (CVE-2024-21626)`);
  if (str(process.apparmorProfile) === 'unconfined')
    ctx.add('apparmor-unconfined', '/process/apparmorProfile', 'AppArmor is unconfined');
  const label = str(process.selinuxLabel) ?? '';
  const type = label.split(':')[2];
  if (label !== '' && (type === undefined || !PSS_SELINUX_TYPES.has(type)))
    ctx.add(
      'selinux-custom-type',
      '/process/selinuxLabel',
      `SELinux type ${q(type ?? label)} is not one PSS baseline allows`,
    );
  if (!ctx.restricted) return;
  if (process.noNewPrivileges !== true)
    ctx.add(
      'no-new-privileges',
      '/process/noNewPrivileges',
      'noNewPrivileges is not set: setuid binaries can gain privileges',
    );
  const uid = int(obj(process.user)?.uid) ?? 0;
  if (intEq(uid, 0) && !rootIsMapped(linux))
    ctx.add('run-as-root', '/process/user/uid', 'the process runs as root');
}

function lintSysctls(ctx: LintContext, linux: Obj | undefined): void {
  const sysctl = obj(linux?.sysctl);
  if (sysctl === undefined) return;
  for (const key in sysctl) {
    if (!SAFE_SYSCTLS.has(key.replace(/\//g, '.')))
      ctx.add('sysctl-unsafe', ptr('/linux/sysctl', key), `sysctl ${key} is not in PSS baseline's safe set`);
  }
}

function lintHooks(ctx: LintContext, spec: Obj): void {
  const hooks = obj(spec.hooks);
  if (hooks === undefined) return;
  for (const kind in hooks) {
    const list = arr(hooks[kind]);
    if (list !== undefined && list.length > 0)
      ctx.add('hooks-present', ptr('/hooks', kind), `${list.length} ${kind} hook(s) run on the host`);
  }
}

/** Checks the options: a known profile, suppressions of known rules with a reason. */
function checkOptions(options: LintOptions): void {
  const profile = options.profile;
  if (profile !== 'baseline' && profile !== 'restricted') {
    throw new OcispecError('BAD_ARGUMENT', `unknown lint profile ${q(profile)} (baseline or restricted)`);
  }
  for (const s of options.suppress ?? []) {
    // Own properties only: `constructor`, `__proto__` or `toString` is no rule.
    if (typeof s.rule !== 'string' || !Object.hasOwn(lintRules, s.rule))
      throw new OcispecError('BAD_ARGUMENT', `cannot suppress unknown lint rule ${q(s.rule)}`);
    if (typeof s.reason !== 'string' || s.reason.trim() === '') {
      throw new OcispecError('BAD_ARGUMENT', `suppressing ${s.rule} needs a reason`);
    }
  }
}

/**
 * Lints a spec (a value, or a `DecodedSpec`: Go's view of the text, its ambiguities reported) against a security
 * profile (see {@link lintRules}): every rule judges what runc and the kernel will make of the spec, not its
 * spelling. Malformed values are skipped, never thrown on.
 */
export function lintSpec(spec: unknown, options: LintOptions): LintResult {
  checkOptions(options);
  const { profile } = options;
  const suppressions = options.suppress ?? [];
  const findings: LintFinding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const add: Add = (rule, pointer, message) => {
    const finding: LintFinding = { severity: lintRules[rule].severity, pointer, rule, message };
    const hit = suppressions.find(
      (s) =>
        s.rule === rule &&
        (s.pointer === undefined || pointer === s.pointer || pointer.startsWith(`${s.pointer}/`)),
    );
    if (hit === undefined) findings.push(finding);
    else suppressed.push({ ...finding, reason: hit.reason });
  };
  const host = options.hostSpecific === true ? (options.host ?? nodeHost) : undefined;
  const ctx: LintContext = { add, restricted: profile === 'restricted', host };
  const root = obj(lintedSpec(spec, add)) ?? {};
  const process = obj(root.process);
  const linux = obj(root.linux);
  if (process !== undefined) lintProcess(ctx, process, linux);
  const views = mountViews(root, linux);
  if (linux !== undefined || root.windows == null) {
    lintNamespaces(ctx, linux);
    lintDevices(ctx, linux);
    lintSeccomp(ctx, linux);
    lintMasking(ctx, linux, views);
    lintSysctls(ctx, linux);
  }
  lintMounts(
    ctx,
    views,
    strings(linux?.maskedPaths).map(([p]) => cleanRooted(p)),
  );
  lintHooks(ctx, root);
  const byRule = (a: LintFinding, c: LintFinding): number => RULE_RANK[a.rule] - RULE_RANK[c.rule];
  findings.sort(byRule);
  suppressed.sort(byRule);
  return { profile, findings, suppressed, ok: findings.length === 0 };
}

/** True when a new user namespace maps container uid 0 to a non-zero host uid. */
function rootIsMapped(linux: Obj | undefined): boolean {
  const userns = (arr(linux?.namespaces) ?? []).some((n) => str(obj(n)?.type) === 'user');
  if (!userns) return false;
  for (const m of arr(linux?.uidMappings) ?? []) {
    const mapping = obj(m);
    const container = int(mapping?.containerID);
    const host = int(mapping?.hostID);
    const size = int(mapping?.size) ?? 0;
    if (
      container !== undefined &&
      host !== undefined &&
      container <= 0 &&
      BigInt(container) + BigInt(size) > 0n
    )
      return !intEq(host, 0);
  }
  return false;
}
