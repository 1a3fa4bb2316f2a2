/**
 * Quick flags: the command-line form of registered options, for `spec` and `generate` (after a pipeline file's
 * options, or alone). This table is the one mapping from flags to options: each row names the flags, the option(s)
 * they become and how the values turn into option calls, so a flag's semantics are the option's (containerd's).
 * Rows apply in table order; within a row, in the order given. docs/cli.md's quick-flag table is generated from it.
 */
import * as path from 'node:path';
import type { OptCall, UntypedOptCall } from '@ocispec/core';
import { parseJson } from '@ocispec/core';
import type { FlagDefinition, FlagValues } from './command.js';
import { FlagError, listFlag, longName } from './command.js';
import { integerParser, keyValueParser, nonEmpty } from './flags.js';
import { parseMount, parseTmpfs } from './mount-flags.js';
import { parseByteSize, parseIdMapping, parseRlimit } from './value-parsers.js';

/** What a row's calls may depend on besides the values: where relative paths resolve. */
export interface QuickFlagContext {
  readonly cwd: string;
}

/** One row of the table. */
export interface QuickFlag {
  /** The flags of the row (usually one). */
  readonly flags: readonly FlagDefinition[];
  /** The registered option(s) the row becomes, as the docs table shows them. */
  readonly option: string;
  /** The option calls for the row's values (by long flag name); none when no flag of the row was given. */
  readonly calls: (values: FlagValues, context: QuickFlagContext) => UntypedOptCall[];
  /** The plugin the option comes from, when it is not built in (loaded only when the row is used). */
  readonly plugin?: 'cri';
  /** A pipeline field the row sets instead of an option (`labels`). */
  readonly field?: 'labels';
}

const single = (flags: FlagValues, name: string): unknown => flags[name];
const given = (flags: FlagValues, name: string): boolean => flags[name] !== undefined;
const resolveFrom = (context: QuickFlagContext, file: string) => path.resolve(context.cwd, file);

/** A row with one flag mapping its value(s) to one option. */
function row(
  flag: FlagDefinition,
  option: string,
  calls: (value: unknown, context: QuickFlagContext) => UntypedOptCall[],
  extra: Pick<QuickFlag, 'plugin'> = {},
): QuickFlag {
  const name = longName(flag);
  return {
    flags: [flag],
    option,
    calls: (values, context) => (given(values, name) ? calls(single(values, name), context) : []),
    ...extra,
  };
}

const pairs = (value: unknown) => value as readonly (readonly [string, string])[];
const strings = (value: unknown) => value as readonly string[];
const toRecord = (entries: readonly (readonly [string, string])[]) => {
  const record: Record<string, string> = {};
  for (const [k, v] of entries)
    Object.defineProperty(record, k, { value: v, enumerable: true, writable: true });
  return record;
};

/** `NET_ADMIN` → `CAP_NET_ADMIN`, as containerd CRI and docker spell capability names on the command line. */
export function capabilityName(value: string): string {
  const upper = value.toUpperCase();
  return upper === 'ALL' || upper.startsWith('CAP_') ? upper : `CAP_${upper}`;
}

/** The table, in the order its rows apply. */
export const QUICK_FLAGS: readonly QuickFlag[] = [
  row(
    {
      flags: '--rootfs <DIR>',
      description: 'root.path (options that read the rootfs, like --user, read it here)',
      parse: nonEmpty,
      complete: 'directory',
    },
    'withRootFSPath',
    (v, c) => [['withRootFSPath', resolveFrom(c, v as string)]],
  ),
  row(
    {
      flags: '--env <KEY=VALUE>',
      description: 'set an environment variable (repeatable)',
      repeatable: true,
      parse: keyValueParser(),
    },
    'withEnv',
    (v) => [['withEnv', pairs(v).map(([k, val]) => `${k}=${val}`)]],
  ),
  row(
    {
      flags: '--env-file <FILE>',
      description: 'read KEY=VALUE lines from FILE (repeatable)',
      repeatable: true,
      parse: nonEmpty,
      complete: 'file',
    },
    'withEnvFile',
    (v, c) => strings(v).map((file): OptCall => ['withEnvFile', resolveFrom(c, file)]),
  ),
  row({ flags: '--cwd <DIR>', description: 'process.cwd', parse: nonEmpty }, 'withProcessCwd', (v) => [
    ['withProcessCwd', v as string],
  ]),
  row(
    {
      flags: '--user <UID[:GID]|NAME[:GROUP]>',
      description: 'process.user; names are looked up in the rootfs (--rootfs)',
      parse: nonEmpty,
    },
    'withUser',
    (v) => [['withUser', v as string]],
  ),
  row({ flags: '--tty', description: 'process.terminal: true' }, 'withTTY', () => [['withTTY']]),
  row(
    { flags: '--umask <OCTAL>', description: 'process.user.umask (octal, e.g. 0022)', parse: parseOctal },
    'withUmask',
    (v) => [['withUmask', v as number]],
  ),
  row(
    {
      flags: '--rlimit <TYPE=SOFT[:HARD]>',
      description: 'a process rlimit (nofile=1024:2048; unlimited allowed; repeatable)',
      repeatable: true,
      parse: parseRlimit,
    },
    'withRlimit',
    (v) => (v as readonly object[]).map((rlimit): OptCall => ['withRlimit', rlimit]),
  ),
  row(
    { flags: '--no-new-privileges', description: 'process.noNewPrivileges: true' },
    'withNoNewPrivileges',
    () => [['withNoNewPrivileges']],
  ),
  row({ flags: '--hostname <NAME>', description: 'hostname', parse: nonEmpty }, 'withHostname', (v) => [
    ['withHostname', v as string],
  ]),
  row({ flags: '--domainname <NAME>', description: 'domainname', parse: nonEmpty }, 'withDomainname', (v) => [
    ['withDomainname', v as string],
  ]),
  row(
    {
      flags: '--annotation <KEY=VALUE>',
      description: 'an annotation (repeatable)',
      repeatable: true,
      parse: keyValueParser(),
    },
    'withAnnotations',
    (v) => [['withAnnotations', toRecord(pairs(v))]],
  ),
  {
    flags: [
      {
        flags: '--label <KEY=VALUE>',
        description: "a container label, as the pipeline's labels (repeatable)",
        repeatable: true,
        parse: keyValueParser(),
      },
    ],
    option: '(pipeline "labels")',
    field: 'labels',
    calls: () => [],
  },
  {
    // containerd CRI's order: add ALL, drop ALL, then the named adds and drops.
    flags: [
      {
        flags: '--cap-add <CAP>',
        description: 'add a capability (NET_ADMIN or CAP_NET_ADMIN; ALL; repeatable)',
        repeatable: true,
        parse: nonEmpty,
      },
      {
        flags: '--cap-drop <CAP>',
        description: 'drop a capability (ALL drops every one; repeatable)',
        repeatable: true,
        parse: nonEmpty,
      },
    ],
    option: 'withAllKnownCapabilities, withCapabilities, withAddedCapabilities, withDroppedCapabilities',
    calls: (values) => {
      const add = listFlag(values, 'cap-add').map(capabilityName);
      const drop = listFlag(values, 'cap-drop').map(capabilityName);
      const calls: UntypedOptCall[] = [];
      if (add.includes('ALL')) calls.push(['withAllKnownCapabilities']);
      if (drop.includes('ALL')) calls.push(['withCapabilities', []]);
      const named = (list: readonly string[]) => list.filter((c) => c !== 'ALL');
      if (named(add).length > 0) calls.push(['withAddedCapabilities', named(add)]);
      if (named(drop).length > 0) calls.push(['withDroppedCapabilities', named(drop)]);
      return calls;
    },
  },
  row(
    {
      flags: '--privileged',
      description:
        'every capability, no masked or read-only paths, writable sysfs and cgroupfs, no seccomp, apparmor or selinux label',
    },
    'withPrivileged',
    () => [['withPrivileged']],
  ),
  row({ flags: '--read-only', description: 'root.readonly: true' }, 'withRootFSReadonly', () => [
    ['withRootFSReadonly'],
  ]),
  row(
    {
      flags: '--seccomp <default|unconfined|FILE>',
      description: "containerd's default profile, none, or a profile file",
      parse: nonEmpty,
      complete: 'file',
    },
    'withDefaultSeccompProfile, withSeccompUnconfined, withSeccompProfile',
    (v, c) => {
      const value = v as string;
      if (value === 'default') return [['withDefaultSeccompProfile']];
      if (value === 'unconfined') return [['withSeccompUnconfined']];
      return [['withSeccompProfile', resolveFrom(c, value)]];
    },
  ),
  row(
    { flags: '--apparmor <PROFILE>', description: 'process.apparmorProfile', parse: nonEmpty },
    'withApparmorProfile',
    (v) => [['withApparmorProfile', v as string]],
  ),
  row(
    { flags: '--selinux-label <LABEL>', description: 'process.selinuxLabel', parse: nonEmpty },
    'withSelinuxLabel',
    (v) => [['withSelinuxLabel', v as string]],
  ),
  row(
    {
      flags: '--masked-path <PATH>',
      description: 'linux.maskedPaths: the list given replaces the default (repeatable)',
      repeatable: true,
      parse: nonEmpty,
    },
    'withMaskedPaths',
    (v) => [['withMaskedPaths', strings(v)]],
  ),
  row(
    {
      flags: '--readonly-path <PATH>',
      description: 'linux.readonlyPaths: the list given replaces the default (repeatable)',
      repeatable: true,
      parse: nonEmpty,
    },
    'withReadonlyPaths',
    (v) => [['withReadonlyPaths', strings(v)]],
  ),
  row({ flags: '--host-pid', description: "the host's PID namespace" }, 'withHostNamespace', () => [
    ['withHostNamespace', 'pid'],
  ]),
  row({ flags: '--host-ipc', description: "the host's IPC namespace" }, 'withHostNamespace', () => [
    ['withHostNamespace', 'ipc'],
  ]),
  row({ flags: '--host-net', description: "the host's network namespace" }, 'withHostNamespace', () => [
    ['withHostNamespace', 'network'],
  ]),
  row(
    {
      flags: '--namespace-path <TYPE=PATH>',
      description: 'join a namespace by path (network=/var/run/netns/x; repeatable)',
      repeatable: true,
      parse: keyValueParser('TYPE=PATH'),
    },
    'withLinuxNamespace',
    (v) => pairs(v).map(([type, p]): OptCall => ['withLinuxNamespace', { type, path: p }]),
  ),
  {
    flags: [
      {
        flags: '--uidmap <CONTAINER:HOST:SIZE>',
        description: 'a user namespace uid mapping (repeatable)',
        repeatable: true,
        parse: parseIdMapping,
      },
      {
        flags: '--gidmap <CONTAINER:HOST:SIZE>',
        description: 'a user namespace gid mapping (repeatable)',
        repeatable: true,
        parse: parseIdMapping,
      },
    ],
    option: 'withUserNamespace',
    calls: (values) => {
      const uids = listFlag<object>(values, 'uidmap');
      const gids = listFlag<object>(values, 'gidmap');
      return uids.length === 0 && gids.length === 0 ? [] : [['withUserNamespace', uids, gids]];
    },
  },
  row(
    {
      flags: '--mount <type=bind,src=PATH,dst=PATH[,ro]>',
      description: "a mount, in docker's --mount syntax (bind or tmpfs; ctr's options=a:b too; repeatable)",
      repeatable: true,
      parse: parseMount,
    },
    'withMounts',
    (v, c) => [['withMounts', (v as readonly ((cwd: string) => object)[]).map((m) => m(c.cwd))]],
  ),
  row(
    {
      flags: '--tmpfs <DST[:OPTIONS]>',
      description: 'a tmpfs mount (nosuid,noexec,nodev plus OPTIONS, as docker; repeatable)',
      repeatable: true,
      parse: parseTmpfs,
    },
    'withMounts',
    (v) => [['withMounts', v as readonly object[]]],
  ),
  row(
    {
      flags: '--memory <BYTES>',
      description: 'memory limit (bytes, or with k, m, g suffix)',
      parse: parseByteSize,
    },
    'withMemoryLimit',
    (v) => [['withMemoryLimit', v as number]],
  ),
  row(
    {
      flags: '--memory-swap <BYTES>',
      description: 'memory + swap limit (bytes, k, m, g; -1 unlimited)',
      parse: (s) => (s === '-1' ? -1 : parseByteSize(s)),
    },
    'withMemorySwap',
    (v) => [['withMemorySwap', v as number]],
  ),
  row(
    {
      flags: '--cpus <N>',
      description: 'CPU quota: N CPUs over a 100ms period (as ctr run --cpus)',
      parse: parseCpus,
    },
    'withCPUCFS',
    (v) => [['withCPUCFS', Math.round((v as number) * 100_000), 100_000]],
  ),
  row(
    {
      flags: '--cpu-shares <N>',
      description: 'linux.resources.cpu.shares',
      parse: integerParser(0, Number.MAX_SAFE_INTEGER),
    },
    'withCPUShares',
    (v) => [['withCPUShares', v as number]],
  ),
  row(
    { flags: '--cpuset-cpus <LIST>', description: 'linux.resources.cpu.cpus (0-3,5)', parse: nonEmpty },
    'withCPUs',
    (v) => [['withCPUs', v as string]],
  ),
  row(
    {
      flags: '--pids-limit <N>',
      description: 'linux.resources.pids.limit',
      parse: integerParser(-1, Number.MAX_SAFE_INTEGER),
    },
    'withPidsLimit',
    (v) => [['withPidsLimit', v as number]],
  ),
  row(
    {
      flags: '--device <PATH[:PERMISSIONS]>',
      description: 'a host device and its cgroup rule (permissions rwm by default; repeatable)',
      repeatable: true,
      parse: parseDevice,
    },
    'withLinuxDevice',
    (v) =>
      (v as readonly (readonly [string, string])[]).map(
        ([p, perms]): OptCall => ['withLinuxDevice', p, perms],
      ),
  ),
  row(
    {
      flags: '--sysctl <KEY=VALUE>',
      description: 'linux.sysctl (repeatable)',
      repeatable: true,
      parse: keyValueParser(),
    },
    'cri.withSysctls',
    (v) => [['cri.withSysctls', toRecord(pairs(v))]],
    { plugin: 'cri' },
  ),
  row(
    {
      flags: '--opt <NAME[=JSONARGS]>',
      description:
        'any registered option (plugins\' too): NAME=["arg", ...], the arguments as a JSON array (repeatable)',
      repeatable: true,
      parse: parseOptCall,
      complete: 'option',
    },
    '(any option)',
    (v) => [...(v as readonly UntypedOptCall[])],
  ),
];

function parseOctal(value: string): number {
  if (!/^[0-7]{1,4}$/.test(value)) throw new FlagError('expected an octal mode (0022)');
  return Number.parseInt(value, 8);
}

function parseCpus(value: string): number {
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(value)) throw new FlagError('expected a number of CPUs (1.5)');
  const n = Number(value);
  if (n <= 0) throw new FlagError('expected a number of CPUs above 0');
  return n;
}

function parseDevice(value: string): readonly [string, string] {
  const [device, permissions = 'rwm', ...rest] = value.split(':');
  if (
    device === undefined ||
    !device.startsWith('/') ||
    rest.length > 0 ||
    !/^[rwm]{1,3}$/.test(permissions)
  ) {
    throw new FlagError('expected /dev/PATH[:PERMISSIONS] (permissions: r, w, m)');
  }
  return [device, permissions];
}

/**
 * `NAME` or `NAME=JSONARGS` (a JSON array, parsed losslessly) → an option call, unchecked: it is resolved with the
 * pipeline's calls, through the same argument check as a pipeline file's call.
 */
export function parseOptCall(value: string): UntypedOptCall {
  const eq = value.indexOf('=');
  const name = eq < 0 ? value : value.slice(0, eq);
  if (!/^[A-Za-z_$][\w$.-]*$/.test(name)) throw new FlagError('expected NAME or NAME=["arg", ...]');
  if (eq < 0) return [name];
  let args: unknown;
  try {
    args = parseJson(value.slice(eq + 1));
  } catch (error) {
    throw new FlagError(`${name}: the arguments are not JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(args)) throw new FlagError(`${name}: the arguments must be a JSON array (["web"])`);
  return [name, ...args];
}

/** Every flag of the table, in order. */
export const QUICK_FLAG_DEFINITIONS: readonly FlagDefinition[] = QUICK_FLAGS.flatMap((r) => r.flags);

/** What the quick flags given add to a pipeline: option calls, labels, and the plugins they need. */
export interface QuickFlagEffect {
  readonly calls: readonly UntypedOptCall[];
  readonly labels: Readonly<Record<string, string>>;
  readonly plugins: readonly 'cri'[];
}

/** The option calls, labels and plugins of the quick flags in `values` (process args not included). */
export function quickFlagEffect(values: FlagValues, context: QuickFlagContext): QuickFlagEffect {
  const calls: UntypedOptCall[] = [];
  const plugins = new Set<'cri'>();
  for (const quick of QUICK_FLAGS) {
    const own = quick.calls(values, context);
    if (own.length > 0 && quick.plugin !== undefined) plugins.add(quick.plugin);
    calls.push(...own);
  }
  for (const call of calls) if (call[0].startsWith('cri.')) plugins.add('cri');
  return {
    calls,
    labels: toRecord(listFlag<readonly [string, string]>(values, 'label')),
    plugins: [...plugins],
  };
}
