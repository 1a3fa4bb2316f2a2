/**
 * From inside a started container (CRI ExecSync: the exec gets the container's process spec, with other args):
 * what the process is (ids, groups, cwd, capabilities, no_new_privs, seccomp, oom score, umask, rlimits, env,
 * namespaces, cgroup) and what it sees (mounts, masked and read-only paths). `expectedFacts` derives the same
 * facts from the spec containerd gave runc, so a probe checks that the spec (equal to ocispec's prediction) holds.
 */
import * as fs from 'node:fs';
import type { Spec } from '@ocispec/core';
import { capMask, statusFields } from '../harness.js';
import { parseMountinfo } from './mountinfo.js';

/** What the container's main process is, read from the host's `/proc/<pid>/status`. */
export interface MainProcess {
  readonly uid: string;
  readonly gid: string;
  /** The supplementary groups, sorted. */
  readonly groups: readonly number[];
  readonly umask: string;
  readonly noNewPrivs: string;
  readonly seccomp: string;
  readonly capBnd: string;
  /** RLIMIT_NOFILE `soft hard`, when the spec sets it. */
  readonly nofile?: string;
}

/** `soft hard` of a limit in `/proc/<pid>/limits` (`Max open files`). */
function limitOf(pid: number, name: string): string {
  const line = fs
    .readFileSync(`/proc/${pid}/limits`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(name));
  return (line ?? '').slice(name.length).trim().split(/\s+/).slice(0, 2).join(' ');
}

/** The main process's facts, from the host. */
export function mainProcess(pid: number, spec: Spec): MainProcess {
  const f = statusFields(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return {
    uid: (f.get('Uid') ?? '').split('\t')[0] ?? '',
    gid: (f.get('Gid') ?? '').split('\t')[0] ?? '',
    groups: (f.get('Groups') ?? '')
      .split(' ')
      .filter((g) => g !== '')
      .map(Number)
      .sort((a, b) => a - b),
    umask: f.get('Umask') ?? '',
    noNewPrivs: f.get('NoNewPrivs') ?? '',
    seccomp: f.get('Seccomp') ?? '',
    capBnd: f.get('CapBnd') ?? '',
    ...(nofileOf(spec) === undefined ? {} : { nofile: limitOf(pid, 'Max open files') }),
  };
}

/** What the main process must be, from the spec (runc's default umask is 0022). */
export function expectedMainProcess(spec: Spec): MainProcess {
  const user = spec.process?.user ?? {};
  return {
    uid: String(user.uid ?? 0),
    gid: String(user.gid ?? 0),
    groups: [...new Set((user.additionalGids ?? []).map(Number))].sort((a, b) => a - b),
    umask: (user.umask ?? 0o22).toString(8).padStart(4, '0'),
    noNewPrivs: spec.process?.noNewPrivileges === true ? '1' : '0',
    seccomp: spec.linux?.seccomp == null ? '0' : '2',
    capBnd: capHex(spec.process?.capabilities?.bounding),
    ...(nofileOf(spec) === undefined ? {} : { nofile: nofileOf(spec)! }),
  };
}

/** What the probe reports, in the form the spec determines. */
export interface Facts {
  readonly uid: string;
  readonly gid: string;
  /** Every group (`id -G`), sorted. */
  readonly groups: readonly number[];
  readonly cwd: string;
  readonly caps: Readonly<Record<'CapEff' | 'CapPrm' | 'CapBnd' | 'CapInh' | 'CapAmb', string>>;
  readonly noNewPrivs: string;
  /** `/proc/self/status` Seccomp: 0 off, 2 filter. */
  readonly seccomp: string;
  readonly oomScoreAdj: string;
  /**
   * `ulimit -Hn`, when the spec sets RLIMIT_NOFILE. Not the soft limit: runc 1.1 built with Go ≥ 1.19 sets an exec's
   * limits with prlimit while Go's runtime raises the soft limit to the hard one, so an exec's soft limit is racy
   * (runc #4195, fixed by #4266); the main process's `soft hard` is checked from the host.
   */
  readonly nofileHard?: string;
  /** The environment, minus the HOME runc adds when the spec has none. */
  readonly env: readonly string[];
  /** The PID and network namespaces (`pid:[…]`, `net:[…]`). */
  readonly pidns: string;
  readonly netns: string;
  /** The memory cgroup (cgroup v1) or the unified one. */
  readonly cgroup: string;
  /** The spec's mounts and read-only paths: `<destination> rw|ro` for each one mounted (`-` when not). */
  readonly mounts: readonly string[];
  /** The spec's masked paths that exist in the container, each `masked` or `visible`. */
  readonly masked: readonly string[];
  /** The spec's read-only paths that exist in the container (runc skips the others). */
  readonly present: readonly string[];
}

const SECTION = '@@';

/** The probe script for a spec: plain busybox sh, one `key=value` or section per fact. */
export function probeScript(spec: Spec): string[] {
  const masked = spec.linux?.maskedPaths ?? [];
  const readonly = spec.linux?.readonlyPaths ?? [];
  return [
    '/bin/sh',
    '-c',
    [
      'echo "uid=$(id -u)"; echo "gid=$(id -g)"; echo "groups=$(id -G)"; echo "cwd=$(pwd -P)"',
      'echo "nofile=$(ulimit -Hn)"',
      'echo "oom=$(cat /proc/self/oom_score_adj)"',
      'echo "pidns=$(readlink /proc/self/ns/pid)"; echo "netns=$(readlink /proc/self/ns/net)"',
      `echo ${SECTION}status; cat /proc/self/status`,
      `echo ${SECTION}environ; tr '\\0' '\\n' < /proc/$$/environ`,
      `echo ${SECTION}mountinfo; cat /proc/self/mountinfo`,
      `echo ${SECTION}cgroup; cat /proc/self/cgroup`,
      // A masked file reads empty (a /dev/null bind), a masked dir is an empty read-only tmpfs.
      `echo ${SECTION}masked; for p in ${masked.map(shellQuote).join(' ')}; do [ -e "$p" ] || continue;` +
        ` if [ -d "$p" ]; then n=$(ls -A "$p" | wc -l); else n=$(head -c 1 "$p" 2>/dev/null | wc -c); fi;` +
        ` echo "$p $n"; done`,
      `echo ${SECTION}present; for p in ${readonly.map(shellQuote).join(' ')}; do [ -e "$p" ] && echo "$p"; done; true`,
    ].join('; '),
  ];
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The facts of a probe's output, read with the spec's mount list (which mounts to look at). */
export function factsFromProbe(output: string, spec: Spec): Facts {
  const [head = '', ...rest] = output.split(`\n${SECTION}`);
  const sections = new Map(rest.map((s) => [s.slice(0, s.indexOf('\n')), s.slice(s.indexOf('\n') + 1)]));
  const kv = new Map(
    head
      .replace(/^@@.*/s, '')
      .split('\n')
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as const),
  );
  const status = statusFields(sections.get('status') ?? '');
  const present = (sections.get('present') ?? '').split('\n').filter((l) => l !== '');
  const envHasHome = (spec.process?.env ?? []).some((e) => e.startsWith('HOME='));
  const env = (sections.get('environ') ?? '')
    .split('\n')
    .filter((e) => e !== '' && (envHasHome || !e.startsWith('HOME=')));
  const mountOptions = new Map<string, string>();
  // Later mounts over the same point hide earlier ones: the last one is what the process sees.
  for (const m of parseMountinfo(sections.get('mountinfo') ?? '')) mountOptions.set(m.mountPoint, m.options);
  const cgroupLines = (sections.get('cgroup') ?? '').split('\n');
  const cgroup =
    cgroupLines.find((l) => /^\d+:memory:/.test(l))?.replace(/^\d+:memory:/, '') ??
    cgroupLines.find((l) => l.startsWith('0::'))?.slice(3) ??
    '';
  return {
    uid: kv.get('uid') ?? '',
    gid: kv.get('gid') ?? '',
    groups: (kv.get('groups') ?? '')
      .split(' ')
      .filter((g) => g !== '')
      .map(Number)
      .sort((a, b) => a - b),
    cwd: kv.get('cwd') ?? '',
    caps: {
      CapEff: status.get('CapEff') ?? '',
      CapPrm: status.get('CapPrm') ?? '',
      CapBnd: status.get('CapBnd') ?? '',
      CapInh: status.get('CapInh') ?? '',
      CapAmb: status.get('CapAmb') ?? '',
    },
    noNewPrivs: status.get('NoNewPrivs') ?? '',
    seccomp: status.get('Seccomp') ?? '',
    oomScoreAdj: kv.get('oom') ?? '',
    ...(nofileOf(spec) === undefined ? {} : { nofileHard: kv.get('nofile') ?? '' }),
    env,
    pidns: kv.get('pidns') ?? '',
    netns: kv.get('netns') ?? '',
    cgroup,
    mounts: checkedMounts(spec, present).map((dst) => {
      // On cgroup v1, runc mounts a tmpfs there and each hierarchy read-only (or not) under it.
      const isCgroup = (spec.mounts ?? []).some((m) => m.destination === dst && m.type === 'cgroup');
      const options = mountOptions.get(isCgroup && mountOptions.has(`${dst}/memory`) ? `${dst}/memory` : dst);
      return `${dst} ${options === undefined ? '-' : options.split(',')[0]}`;
    }),
    masked: (sections.get('masked') ?? '')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => {
        const [p, n] = l.split(' ');
        return `${p} ${n === '0' ? 'masked' : 'visible'}`;
      }),
    present,
  };
}

function nofileOf(spec: Spec): string | undefined {
  const r = spec.process?.rlimits?.find((l) => l.type === 'RLIMIT_NOFILE');
  return r === undefined ? undefined : `${r.soft} ${r.hard}`;
}

/** The destinations the probe looks at: the root, the spec's mounts and its read-only paths that exist. */
function checkedMounts(spec: Spec, present: readonly string[]): string[] {
  return [
    '/',
    ...(spec.mounts ?? []).map((m) => m.destination ?? ''),
    ...(spec.linux?.readonlyPaths ?? []).filter((p) => present.includes(p)),
  ].filter((d, i, all) => d !== '' && all.indexOf(d) === i);
}

/** The environment runc gives the process: each name once, with its last value, where that value was. */
export function runcEnv(env: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (let i = env.length - 1; i >= 0; i--) {
    const name = env[i]!.split('=', 1)[0]!;
    if (seen.has(name)) continue;
    seen.add(name);
    out.push(env[i]!);
  }
  return out.reverse();
}

function capHex(caps: readonly string[] | null | undefined): string {
  return capMask(caps ?? [])
    .toString(16)
    .padStart(16, '0');
}

/**
 * The namespace a spec's process ends up in, as `readlink /proc/self/ns/<kind>` prints it: the runtime's own when
 * the spec has none of that type (containerd and runc run in this process's namespaces), the one at its path
 * (`/proc/<sandbox pid>/ns/…`), or `new`.
 */
function namespaceOf(spec: Spec, type: 'pid' | 'network'): string | 'new' {
  const kind = type === 'pid' ? 'pid' : 'net';
  const ns = spec.linux?.namespaces?.find((n) => n.type === type);
  if (ns === undefined) return fs.readlinkSync(`/proc/self/ns/${kind}`);
  if ((ns.path ?? '') === '') return 'new';
  return fs.readlinkSync(ns.path!);
}

/** The facts a spec promises (`new` for a namespace of its own: it must differ from the host's). */
export function expectedFacts(spec: Spec, probed: Facts): Facts & { readonly newPidns: boolean } {
  const p = spec.process ?? {};
  const user = p.user ?? {};
  const caps = p.capabilities ?? {};
  const mountOf = (dst: string): string => {
    if (dst === '/') return `/ ${spec.root?.readonly === true ? 'ro' : 'rw'}`;
    const m = [...(spec.mounts ?? [])].reverse().find((x) => x.destination === dst);
    if (m === undefined) return `${dst} ro`; // a read-only path
    const options = m.options ?? [];
    const ro = options.includes('ro') || options.includes('rro');
    return `${dst} ${ro ? 'ro' : 'rw'}`;
  };
  const pidns = namespaceOf(spec, 'pid');
  const nonRoot = Number(user.uid ?? 0) !== 0;
  return {
    uid: String(user.uid ?? 0),
    gid: String(user.gid ?? 0),
    groups: [...new Set([Number(user.gid ?? 0), ...(user.additionalGids ?? []).map(Number)])].sort(
      (a, b) => a - b,
    ),
    cwd: p.cwd ?? '/',
    // execve as a non-root user clears the permitted and effective sets, but for the ambient ones.
    caps: {
      CapEff: capHex(nonRoot ? caps.ambient : caps.effective),
      CapPrm: capHex(nonRoot ? caps.ambient : caps.permitted),
      CapBnd: capHex(caps.bounding),
      CapInh: capHex(caps.inheritable),
      CapAmb: capHex(caps.ambient),
    },
    noNewPrivs: p.noNewPrivileges === true ? '1' : '0',
    seccomp: spec.linux?.seccomp == null ? '0' : '2',
    oomScoreAdj: String(p.oomScoreAdj ?? 0),
    ...(nofileOf(spec) === undefined ? {} : { nofileHard: nofileOf(spec)!.split(' ')[1]! }),
    env: runcEnv(p.env ?? []),
    pidns: pidns === 'new' ? '' : pidns,
    newPidns: pidns === 'new',
    netns: namespaceOf(spec, 'network'),
    cgroup: spec.linux?.cgroupsPath ?? '',
    mounts: checkedMounts(spec, probed.present).map(mountOf),
    // Every masked path that exists in the container reads empty.
    masked: probed.masked.map((m) => `${m.slice(0, m.lastIndexOf(' '))} masked`),
    present: probed.present,
  };
}
