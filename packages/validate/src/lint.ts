/**
 * `lintSpec`: security findings. Profile `baseline` maps Kubernetes Pod Security Standards baseline onto the spec
 * and adds the CVE rules of runc's recent escapes; `restricted` adds PSS restricted (non-root, no privilege
 * escalation, minimal capabilities, a seccomp profile). Rules can be suppressed one by one, with a reason.
 */
import { OcispecError } from '@ocispec/core';
import { cleanPath } from '@ocispec/core/internal';
import { knownCapabilities } from '@ocispec/linux';
import type { Obj } from './util.js';
import { arr, int, intEq, isAbs, isBindMount, obj, ptr, q, str, strings } from './util.js';

export type LintSeverity = 'critical' | 'high' | 'medium' | 'low';
export type LintProfile = 'baseline' | 'restricted';

export interface LintRuleInfo {
  readonly severity: LintSeverity;
  readonly profile: LintProfile;
  readonly summary: string;
}

const b = (severity: LintSeverity, summary: string): LintRuleInfo => ({
  severity,
  profile: 'baseline',
  summary,
});
const r = (severity: LintSeverity, summary: string): LintRuleInfo => ({
  severity,
  profile: 'restricted',
  summary,
});

export const lintRules = {
  privileged: b(
    'critical',
    'CAP_SYS_ADMIN or every known capability: the container is as good as privileged',
  ),
  'capability-added': b(
    'high',
    'a capability beyond PSS baseline’s 13 (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT)',
  ),
  'host-pid-namespace': b(
    'high',
    'no new pid namespace (or the host’s joined): the container sees host processes',
  ),
  'host-ipc-namespace': b('high', 'no new ipc namespace (or the host’s joined)'),
  'host-network-namespace': b('high', 'no new network namespace (or the host’s joined)'),
  'device-allow-all': b('critical', 'a device cgroup rule allows every device (`a *:* rwm`)'),
  'seccomp-unconfined': b(
    'high',
    'the seccomp filter allows everything (default action ALLOW/LOG and no rule that denies)',
  ),
  'apparmor-unconfined': b('high', 'process.apparmorProfile is `unconfined`'),
  'selinux-custom-type': b(
    'medium',
    'the SELinux type is not one PSS allows (container_t, container_init_t, container_kvm_t, container_engine_t)',
  ),
  'sys-writable': b('high', '/sys is mounted read-write'),
  'masked-paths-empty': b('high', 'linux.maskedPaths is empty (PSS procMount: Unmasked)'),
  'readonly-paths-empty': b('medium', 'linux.readonlyPaths is empty (PSS procMount: Unmasked)'),
  'sysctl-unsafe': b('high', 'a sysctl outside PSS baseline’s safe set'),
  'host-root-mount': b('critical', 'a bind mount of the host’s /'),
  'host-sensitive-mount': b(
    'high',
    'a bind mount of a host system directory (/proc, /sys, /dev, /etc, /boot, /root, /var/lib/kubelet, ...)',
  ),
  'runtime-socket-mount': b(
    'critical',
    'a bind mount of a container runtime socket or its directory (docker, containerd, CRI-O, podman)',
  ),
  'hooks-present': b('medium', 'OCI hooks run on the host with the runtime’s privileges'),
  'cwd-proc-fd': b('critical', 'process.cwd under /proc/self/fd (CVE-2024-21626, runc "Leaky Vessels")'),
  'mount-over-masked': b('high', 'a mount over a masked path or /dev/null (CVE-2025-31133)'),
  'inheritable-capabilities': b('high', 'a non-empty inheritable set (CVE-2022-24769)'),
  'run-as-root': r(
    'high',
    'the process runs as root (uid 0) without a user namespace mapping it to a non-root host user',
  ),
  'no-new-privileges': r('high', 'process.noNewPrivileges is not true (PSS allowPrivilegeEscalation)'),
  'capabilities-not-minimal': r(
    'medium',
    'a capability other than CAP_NET_BIND_SERVICE (PSS restricted: drop ALL)',
  ),
  'seccomp-missing': r('high', 'no seccomp profile (PSS restricted: RuntimeDefault or Localhost)'),
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
}

export interface LintResult {
  readonly profile: LintProfile;
  /** Active findings, in rule order then document order. */
  readonly findings: readonly LintFinding[];
  readonly suppressed: readonly SuppressedFinding[];
  /** True when no finding is left after suppression. */
  readonly ok: boolean;
}

const BASELINE_CAPS: ReadonlySet<string> = new Set([
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
]);
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
/** Host directories whose bind mount (exactly) exposes the host. */
const SENSITIVE_DIRS: ReadonlySet<string> = new Set([
  '/proc',
  '/sys',
  '/dev',
  '/etc',
  '/boot',
  '/root',
  '/var',
  '/run',
  '/var/run',
  '/var/lib',
  '/var/lib/kubelet',
  '/var/lib/docker',
  '/var/lib/containerd',
  '/var/log',
  '/usr',
  '/bin',
  '/sbin',
  '/lib',
  '/lib64',
  '/home',
]);
/** Host trees nothing under which is safe to bind. */
const SENSITIVE_TREES = ['/proc', '/sys', '/boot', '/root', '/lib/modules'];
/** Runtime sockets, and the directories that hold them. */
const RUNTIME_SOCKETS =
  /(?:^|\/)(?:docker|containerd|crio|cri-dockerd|dockershim|podman|kubelet)\.sock$|^\/(?:var\/)?run\/(?:docker|containerd|crio|podman)$/;
const CAP_SETS = ['bounding', 'effective', 'permitted', 'inheritable', 'ambient'] as const;

type Add = (rule: LintRuleId, pointer: string, message: string) => void;

/** Go's `path.Clean` of the path taken from `/` (`''` → `/`, `a/../..` → `/`): what it resolves to on a root. */
function cleanRooted(path: string): string {
  return cleanPath(isAbs(path) ? path : `/${path}`);
}

function under(path: string, parent: string): boolean {
  return path === parent || path.startsWith(`${parent}/`);
}

function lintCapabilities(process: Obj, add: Add, restricted: boolean): void {
  const caps = obj(process.capabilities);
  if (caps === undefined) return;
  // Each capability is reported once, at its first set; `privileged` for a full set once.
  const reported = new Set<string>();
  let allReported = false;
  for (const set of CAP_SETS) {
    const list = strings(caps[set]);
    if (set === 'inheritable' && list.length > 0) {
      add(
        'inheritable-capabilities',
        '/process/capabilities/inheritable',
        `inheritable capabilities ${list.map(([c]) => c).join(', ')} (CVE-2022-24769): keep the set empty`,
      );
    }
    if (set === 'inheritable' || set === 'ambient') continue;
    if (list.length >= knownCapabilities.length && !allReported) {
      allReported = true;
      add(
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
        add('privileged', pointer, 'CAP_SYS_ADMIN makes the container as good as privileged');
      else if (!BASELINE_CAPS.has(cap))
        add('capability-added', pointer, `${cap} is not in PSS baseline's allowed capabilities`);
      if (restricted && cap !== 'CAP_NET_BIND_SERVICE')
        add(
          'capabilities-not-minimal',
          pointer,
          `${cap}: PSS restricted drops every capability but CAP_NET_BIND_SERVICE`,
        );
    }
  }
}

function lintNamespaces(linux: Obj | undefined, add: Add): void {
  const list = arr(linux?.namespaces) ?? [];
  const rules = {
    pid: 'host-pid-namespace',
    ipc: 'host-ipc-namespace',
    network: 'host-network-namespace',
  } as const;
  for (const type of ['pid', 'ipc', 'network'] as const) {
    const index = list.findIndex((n) => str(obj(n)?.type) === type);
    if (index < 0) {
      add(rules[type], '/linux/namespaces', `no ${type} namespace: the container shares the host's`);
      continue;
    }
    const path = str(obj(list[index])?.path) ?? '';
    if (/^\/proc\/(?:1|self)\/ns\//.test(path))
      add(rules[type], `/linux/namespaces/${index}/path`, `joins the host's ${type} namespace (${path})`);
  }
}

function lintSeccomp(linux: Obj | undefined, add: Add, restricted: boolean): void {
  const seccomp = obj(linux?.seccomp);
  if (seccomp === undefined) {
    if (restricted) add('seccomp-missing', '/linux/seccomp', 'no seccomp profile');
    return;
  }
  const permissive = (action: string | undefined): boolean =>
    action === 'SCMP_ACT_ALLOW' || action === 'SCMP_ACT_LOG';
  if (!permissive(str(seccomp.defaultAction))) return;
  const denies = (arr(seccomp.syscalls) ?? []).some((rule) => !permissive(str(obj(rule)?.action)));
  if (!denies)
    add('seccomp-unconfined', '/linux/seccomp/defaultAction', 'the seccomp filter allows every syscall');
}

function lintMounts(spec: Obj, linux: Obj | undefined, add: Add): void {
  const mounts = arr(spec.mounts) ?? [];
  const masked = strings(linux?.maskedPaths).map(([p]) => cleanRooted(p));
  for (let i = 0; i < mounts.length; i++) {
    const mount = obj(mounts[i]);
    if (mount === undefined) continue;
    const destination = cleanRooted(str(mount.destination) ?? '/');
    const type = str(mount.type);
    const bind = isBindMount(type, arr(mount.options));
    if (
      destination === '/sys' &&
      (type === 'sysfs' || bind) &&
      !strings(mount.options).some(([o]) => o === 'ro' || o === 'rro')
    ) {
      add('sys-writable', `/mounts/${i}`, '/sys is mounted read-write');
    }
    if (destination === '/dev/null' || masked.some((m) => under(destination, m))) {
      add(
        'mount-over-masked',
        `/mounts/${i}/destination`,
        `mount over ${destination === '/dev/null' ? '/dev/null' : 'a masked path'} ${q(destination)} (CVE-2025-31133)`,
      );
    }
    if (!bind) continue;
    const source = str(mount.source) ?? '';
    const clean = cleanRooted(source);
    if (RUNTIME_SOCKETS.test(clean))
      add(
        'runtime-socket-mount',
        `/mounts/${i}/source`,
        `bind mount of the container runtime's ${q(source)}`,
      );
    else if (clean === '/') add('host-root-mount', `/mounts/${i}/source`, "bind mount of the host's /");
    else if (SENSITIVE_DIRS.has(clean) || SENSITIVE_TREES.some((tree) => under(clean, tree)))
      add('host-sensitive-mount', `/mounts/${i}/source`, `bind mount of the host's ${q(source)}`);
  }
}

/** Lints a spec against a security profile (see {@link lintRules}); malformed values are skipped, never thrown on. */
export function lintSpec(spec: unknown, options: LintOptions): LintResult {
  const profile = options.profile;
  if (profile !== 'baseline' && profile !== 'restricted') {
    throw new OcispecError('BAD_ARGUMENT', `unknown lint profile ${q(profile)} (baseline or restricted)`);
  }
  const suppressions = options.suppress ?? [];
  for (const s of suppressions) {
    if (!(s.rule in lintRules))
      throw new OcispecError('BAD_ARGUMENT', `cannot suppress unknown lint rule ${q(s.rule)}`);
    if (typeof s.reason !== 'string' || s.reason.trim() === '') {
      throw new OcispecError('BAD_ARGUMENT', `suppressing ${s.rule} needs a reason`);
    }
  }
  const restricted = profile === 'restricted';
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
  const root = obj(spec) ?? {};
  const process = obj(root.process);
  const linux = obj(root.linux);
  const linuxSpec = linux !== undefined || root.windows == null;
  if (process !== undefined) {
    lintCapabilities(process, add, restricted);
    const cwd = str(process.cwd) ?? '';
    if (/^\/proc\/(?:self|thread-self|\d+)\/(?:task\/\d+\/)?fd(?:\/|$)/.test(cleanRooted(cwd)))
      add('cwd-proc-fd', '/process/cwd', `cwd ${q(cwd)} is a file descriptor path (CVE-2024-21626)`);
    if (str(process.apparmorProfile) === 'unconfined')
      add('apparmor-unconfined', '/process/apparmorProfile', 'AppArmor is unconfined');
    const label = str(process.selinuxLabel) ?? '';
    const type = label.split(':')[2];
    if (label !== '' && (type === undefined || !PSS_SELINUX_TYPES.has(type)))
      add(
        'selinux-custom-type',
        '/process/selinuxLabel',
        `SELinux type ${q(type ?? label)} is not one PSS baseline allows`,
      );
    if (restricted) {
      if (process.noNewPrivileges !== true)
        add(
          'no-new-privileges',
          '/process/noNewPrivileges',
          'noNewPrivileges is not set: setuid binaries can gain privileges',
        );
      const uid = int(obj(process.user)?.uid) ?? 0;
      if (intEq(uid, 0) && !rootIsMapped(linux))
        add('run-as-root', '/process/user/uid', 'the process runs as root');
    }
  }
  if (linuxSpec) {
    lintNamespaces(linux, add);
    const devices = arr(obj(linux?.resources)?.devices) ?? [];
    for (let i = 0; i < devices.length; i++) {
      const rule = obj(devices[i]);
      if (rule === undefined || rule.allow !== true) continue;
      const type = str(rule.type) ?? 'a';
      if ((type === 'a' || type === '') && rule.major == null && rule.minor == null)
        add(
          'device-allow-all',
          `/linux/resources/devices/${i}`,
          `device rule allows every device (${str(rule.access) ?? 'rwm'})`,
        );
    }
    lintSeccomp(linux, add, restricted);
    if (process !== undefined) {
      if (strings(linux?.maskedPaths).length === 0)
        add(
          'masked-paths-empty',
          '/linux/maskedPaths',
          'no masked paths: /proc/kcore, /sys/firmware and friends are visible',
        );
      if (strings(linux?.readonlyPaths).length === 0)
        add(
          'readonly-paths-empty',
          '/linux/readonlyPaths',
          'no readonly paths: /proc/sys and /proc/sysrq-trigger are writable',
        );
    }
    const sysctl = obj(linux?.sysctl);
    if (sysctl !== undefined) {
      for (const key in sysctl) {
        if (!SAFE_SYSCTLS.has(key.replace(/\//g, '.')))
          add('sysctl-unsafe', ptr('/linux/sysctl', key), `sysctl ${key} is not in PSS baseline's safe set`);
      }
    }
  }
  lintMounts(root, linux, add);
  const hooks = obj(root.hooks);
  if (hooks !== undefined) {
    for (const kind in hooks) {
      const list = arr(hooks[kind]);
      if (list !== undefined && list.length > 0)
        add('hooks-present', `/hooks/${kind}`, `${list.length} ${kind} hook(s) run on the host`);
    }
  }
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
