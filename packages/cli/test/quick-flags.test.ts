/**
 * Each quick flag against the option it names: `ocispec spec FLAGS` must print exactly what `ocispec generate`
 * prints for a pipeline file holding the same option calls (over the same default process).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { repoPath } from '@ocispec/test-fixtures';
import { describe, expect, it } from 'vitest';
import { longName } from '../src/command.js';
import { QUICK_FLAG_DEFINITIONS } from '../src/quick-flags.js';
import { runCli } from '../src/run.js';

const dir = mkdtempSync(path.join(tmpdir(), 'ocispec-quick-'));
writeFileSync(path.join(dir, 'env.list'), 'A=1\nB=2\n');
writeFileSync(path.join(dir, 'seccomp.json'), JSON.stringify({ defaultAction: 'SCMP_ACT_ERRNO' }));
const rootfs = path.join(dir, 'rootfs');
mkdirSync(path.join(rootfs, 'etc'), { recursive: true });
writeFileSync(
  path.join(rootfs, 'etc/passwd'),
  'root:x:0:0::/root:/bin/sh\nweb:x:1000:1001::/home/web:/bin/sh\n',
);
writeFileSync(path.join(rootfs, 'etc/group'), 'root:x:0:\nweb:x:1001:\n');
/** cri's plugin as a module, for the pipeline-file side of `--sysctl` (cri.withSysctls). */
const criModule = path.join(dir, 'cri-plugin.mjs');
const criSource = repoPath('packages', 'cri', 'src', 'index.ts');
writeFileSync(
  criModule,
  `import { criPlugin } from ${JSON.stringify(criSource)};\nexport default criPlugin();\n`,
);

/** Flags whose option the default spec already satisfies (the output is the default's). */
const NO_CHANGE = new Set(['--no-new-privileges', '--seccomp=unconfined', '--label=team=infra']);

/** The default process `ocispec spec` starts with. */
const DEFAULT = [['withDefaultPathEnv'], ['withProcessArgs', 'sh']];

type Case = readonly [argv: readonly string[], opts: readonly unknown[][], labels?: Record<string, string>];

const CASES: readonly Case[] = [
  [['--rootfs', 'rootfs'], [['withRootFSPath', rootfs]]],
  [['--env', 'A=1', '--env', 'B=x=y'], [['withEnv', ['A=1', 'B=x=y']]]],
  [['--env-file', 'env.list'], [['withEnvFile', path.join(dir, 'env.list')]]],
  [['--cwd', '/work'], [['withProcessCwd', '/work']]],
  [
    ['--rootfs', 'rootfs', '--user', 'web'],
    [
      ['withRootFSPath', rootfs],
      ['withUser', 'web'],
    ],
  ],
  [['--user', '1000:1001'], [['withUser', '1000:1001']]],
  [['--tty'], [['withTTY']]],
  [['--umask', '0027'], [['withUmask', 0o27]]],
  [
    ['--rlimit', 'nofile=1024:2048', '--rlimit', 'RLIMIT_CORE=unlimited'],
    [
      ['withRlimit', { type: 'RLIMIT_NOFILE', hard: 2048, soft: 1024 }],
      ['withRlimit', { type: 'RLIMIT_CORE', hard: 18446744073709551615n, soft: 18446744073709551615n }],
    ],
  ],
  [['--no-new-privileges'], [['withNoNewPrivileges']]],
  [['--hostname', 'web'], [['withHostname', 'web']]],
  [['--domainname', 'example.com'], [['withDomainname', 'example.com']]],
  [['--annotation', 'a=1', '--annotation', 'b=2'], [['withAnnotations', { a: '1', b: '2' }]]],
  [['--label', 'team=infra'], [], { team: 'infra' }],
  [
    ['--cap-add', 'NET_ADMIN', '--cap-add', 'cap_sys_time'],
    [['withAddedCapabilities', ['CAP_NET_ADMIN', 'CAP_SYS_TIME']]],
  ],
  [['--cap-drop', 'CHOWN'], [['withDroppedCapabilities', ['CAP_CHOWN']]]],
  [['--cap-add', 'ALL'], [['withAllKnownCapabilities']]],
  [
    ['--cap-drop', 'ALL', '--cap-add', 'NET_BIND_SERVICE'],
    [
      ['withCapabilities', []],
      ['withAddedCapabilities', ['CAP_NET_BIND_SERVICE']],
    ],
  ],
  [['--privileged'], [['withPrivileged']]],
  [['--read-only'], [['withRootFSReadonly']]],
  [['--seccomp', 'default'], [['withDefaultSeccompProfile']]],
  [['--seccomp', 'unconfined'], [['withSeccompUnconfined']]],
  [['--seccomp', 'seccomp.json'], [['withSeccompProfile', path.join(dir, 'seccomp.json')]]],
  [['--apparmor', 'docker-default'], [['withApparmorProfile', 'docker-default']]],
  [
    ['--selinux-label', 'system_u:system_r:container_t:s0'],
    [['withSelinuxLabel', 'system_u:system_r:container_t:s0']],
  ],
  [
    ['--masked-path', '/proc/kcore', '--masked-path', '/sys/firmware'],
    [['withMaskedPaths', ['/proc/kcore', '/sys/firmware']]],
  ],
  [['--readonly-path', '/proc/sys'], [['withReadonlyPaths', ['/proc/sys']]]],
  [['--host-pid'], [['withHostNamespace', 'pid']]],
  [['--host-ipc'], [['withHostNamespace', 'ipc']]],
  [['--host-net'], [['withHostNamespace', 'network']]],
  [
    ['--namespace-path', 'network=/var/run/netns/x'],
    [['withLinuxNamespace', { type: 'network', path: '/var/run/netns/x' }]],
  ],
  [
    ['--uidmap', '0:1000:1', '--gidmap', '0:1001:1'],
    [
      [
        'withUserNamespace',
        [{ containerID: 0, hostID: 1000, size: 1 }],
        [{ containerID: 0, hostID: 1001, size: 1 }],
      ],
    ],
  ],
  [
    ['--mount', 'type=bind,src=data,dst=/data,ro', '--mount', 'type=tmpfs,dst=/scratch,tmpfs-size=64m'],
    [
      [
        'withMounts',
        [
          { destination: '/data', type: 'bind', source: path.join(dir, 'data'), options: ['rbind', 'ro'] },
          {
            destination: '/scratch',
            type: 'tmpfs',
            source: 'tmpfs',
            options: ['nosuid', 'noexec', 'nodev', 'size=64m'],
          },
        ],
      ],
    ],
  ],
  [
    ['--mount', 'type=bind,source=/a,target=/b,options=bind:ro'],
    [['withMounts', [{ destination: '/b', type: 'bind', source: '/a', options: ['bind', 'ro'] }]]],
  ],
  [
    ['--tmpfs', '/run:size=64m,mode=755'],
    [
      [
        'withMounts',
        [
          {
            destination: '/run',
            type: 'tmpfs',
            source: 'tmpfs',
            options: ['nosuid', 'noexec', 'nodev', 'size=64m', 'mode=755'],
          },
        ],
      ],
    ],
  ],
  [['--memory', '512m'], [['withMemoryLimit', 512 * 1024 * 1024]]],
  [['--memory-swap', '1g'], [['withMemorySwap', 1024 ** 3]]],
  [['--cpus', '1.5'], [['withCPUCFS', 150000, 100000]]],
  [['--cpu-shares', '512'], [['withCPUShares', 512]]],
  [['--cpuset-cpus', '0-1'], [['withCPUs', '0-1']]],
  [['--pids-limit', '100'], [['withPidsLimit', 100]]],
  [['--device', '/dev/null'], [['withLinuxDevice', '/dev/null', 'rwm']]],
  [['--device', '/dev/zero:r'], [['withLinuxDevice', '/dev/zero', 'r']]],
  [['--sysctl', 'net.ipv4.ip_forward=1'], [['cri.withSysctls', { 'net.ipv4.ip_forward': '1' }]]],
  [
    ['--opt', 'withHostname=["web"]', '--opt', 'withTTY'],
    [['withHostname', 'web'], ['withTTY']],
  ],
  [['--opt', 'withMemoryLimit=[18446744073709551615]'], [['withMemoryLimit', 18446744073709551615n]]],
];

/** JSON with bigint as a bare integer. */
function json(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `@@${v}@@` : v)).replace(
    /"@@(\d+)@@"/g,
    '$1',
  );
}

describe('quick flags', () => {
  it('every flag of the table is driven by a case', () => {
    const driven = new Set(
      CASES.flatMap(([argv]) => argv.filter((a) => a.startsWith('--')).map((a) => a.slice(2))),
    );
    expect(QUICK_FLAG_DEFINITIONS.map(longName).filter((name) => !driven.has(name))).toEqual([]);
  });

  it.each(CASES.map((c) => [c[0], c]))(
    '%j gives what the same options give in a pipeline file',
    async (_name, [argv, opts, labels]) => {
      const usesCri = opts.some((o) => String(o[0]).startsWith('cri.'));
      const quick = await runCli(['spec', '--indent', '0', '--id', 'c1', ...argv], { cwd: dir });
      expect(quick.stderr).toBe('');
      expect(quick.code).toBe(0);
      const pipeline = { id: 'c1', labels, opts: [...DEFAULT, ...opts] };
      const file = path.join(dir, `p-${Math.random().toString(36).slice(2)}.json`);
      writeFileSync(file, json(pipeline));
      const generated = await runCli(
        ['generate', '--indent', '0', file, ...(usesCri ? ['--plugin', criModule] : [])],
        { cwd: dir },
      );
      expect(generated.stderr).toBe('');
      expect(quick.stdout).toBe(generated.stdout);
      if (!NO_CHANGE.has(argv.join('='))) {
        const plain = await runCli(['spec', '--indent', '0', '--id', 'c1'], { cwd: dir });
        expect(quick.stdout).not.toBe(plain.stdout);
      }
    },
  );

  it.each(CASES.map((c) => [c[0], c]))(
    'generate %j alone (no FILE) gives what a pipeline file {} with the same options gives',
    async (_name, [argv, opts, labels]) => {
      const usesCri = opts.some((o) => String(o[0]).startsWith('cri.'));
      const alone = await runCli(['generate', '--indent', '0', ...argv], { cwd: dir });
      expect(alone.stderr).toBe('');
      expect(alone.code).toBe(0);
      const file = path.join(dir, `g-${Math.random().toString(36).slice(2)}.json`);
      writeFileSync(file, json({ labels, opts }));
      const generated = await runCli(
        ['generate', '--indent', '0', file, ...(usesCri ? ['--plugin', criModule] : [])],
        { cwd: dir },
      );
      expect(generated.stderr).toBe('');
      expect(alone.stdout).toBe(generated.stdout);
    },
  );

  it('generate without FILE takes -- CMD ARGS alone, and is a usage error with nothing to apply', async () => {
    const process = await runCli(['generate', '--indent', '0', '--', 'echo', 'hi'], { cwd: dir });
    expect(process.stderr).toBe('');
    expect(process.code).toBe(0);
    expect(process.stdout).toContain('"args":["echo","hi"]');
    const nothing = await runCli(['generate'], { cwd: dir });
    expect(nothing.code).toBe(2);
    expect(nothing.stdout).toBe('');
    expect(nothing.stderr).toContain(
      'generate: missing FILE: give a pipeline file, - for standard input, or quick flags',
    );
  });

  it("the same flags apply after a pipeline file's options", async () => {
    const file = path.join(dir, 'after.json');
    writeFileSync(
      file,
      JSON.stringify({
        opts: [
          ['withHostname', 'from-file'],
          ['withEnv', ['A=file']],
        ],
      }),
    );
    const r = await runCli(
      ['generate', '--indent', '0', file, '--hostname', 'from-flag', '--', 'echo', 'hi'],
      { cwd: dir },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"hostname":"from-flag"');
    expect(r.stdout).toContain('"args":["echo","hi"]');
    expect(r.stdout).toContain('"A=file"');
  });

  it.each([
    [['--indent', ''], "option '--indent <N>' argument '' is invalid. expected an integer from 0 to 10"],
    [['--indent', 'x'], 'expected an integer from 0 to 10'],
    [['--memory', ''], 'expected a size in bytes'],
    [['--memory', '12q'], 'expected a size in bytes'],
    [['--cpus', 'abc'], 'expected a number of CPUs'],
    [['--pids-limit', '1.5'], 'expected an integer'],
    [['--cpu-shares', ''], 'expected an integer'],
    [['--umask', '9'], 'expected an octal mode'],
    [['--env', '=x'], 'expected KEY=VALUE'],
    [['--mount', 'type=volume,dst=/x'], 'type must be bind or tmpfs'],
    [['--mount', 'src=/a'], 'needs an absolute dst'],
    [['--device', 'null'], 'expected /dev/PATH'],
    [['--rlimit', 'nofile'], 'expected TYPE=SOFT[:HARD]'],
    [['--uidmap', '0:1000'], 'expected CONTAINER:HOST:SIZE'],
    [['--opt', 'withHostname=web'], 'the arguments are not JSON'],
    [['--opt', 'withHostname="web"'], 'must be a JSON array'],
  ])('%j is a usage error', async (argv, message) => {
    const r = await runCli(['spec', ...argv], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toContain(message);
  });

  it('--opt arguments go through the check a pipeline file call goes through (same message, exit 1)', async () => {
    const pipeline = path.join(dir, 'opt-check.json');
    writeFileSync(pipeline, JSON.stringify({ opts: [['withUIDGID', -1, 1.5]] }));
    const fromFile = await runCli(['generate', pipeline], { cwd: dir });
    const fromFlag = await runCli(['spec', '--opt', 'withUIDGID=[-1, 1.5]'], { cwd: dir });
    const why = (stderr: string) => stderr.replace(/^.*\(withUIDGID\): /, '');
    expect([fromFile.code, fromFlag.code]).toEqual([1, 1]);
    expect(why(fromFlag.stderr)).toBe(why(fromFile.stderr));
    expect(why(fromFlag.stderr)).toMatch(/^argument 1: /);
  });

  it('an --opt naming no option is exit 1 with a did-you-mean', async () => {
    const r = await runCli(['spec', '--opt', 'withHostnme=["x"]'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('unknown option; did you mean withHostname?');
  });
});
