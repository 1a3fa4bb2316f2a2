/**
 * Bundles from pipeline files, run by the host's runc: each scenario asserts what the container sees from inside
 * (its own /proc, mounts, files), printed to stdout. A host where runc cannot run containers fails every scenario
 * with the reason; nothing is skipped.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ContainerRun, Scenario } from './harness.js';
import {
  CAP_NUMBERS,
  capMask,
  cleanup,
  e2eHost,
  FIXTURES,
  NAMESPACE,
  runContainer,
  statusFields,
  teardown,
} from './harness.js';

afterEach(cleanup);
afterAll(teardown);

/** Runs a scenario and expects the container to exit 0. */
async function ok(scenario: Scenario): Promise<ContainerRun> {
  const run = await runContainer(scenario);
  expect(run.stderr, `runc stderr of ${run.id}`).toBe('');
  expect(run.code, `exit code of ${run.id}; stdout: ${run.stdout}`).toBe(0);
  return run;
}

/** `key=value` lines printed by a container. */
function kv(stdout: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) map.set(line.slice(0, i), line.slice(i + 1));
  }
  return map;
}

const STATUS = 'cat /proc/self/status';

function caps(stdout: string): Record<'CapEff' | 'CapPrm' | 'CapBnd' | 'CapAmb' | 'CapInh', bigint> {
  const f = statusFields(stdout);
  const read = (key: string): bigint => {
    const value = f.get(key);
    if (value === undefined) throw new Error(`no ${key} in ${stdout}`);
    return BigInt(`0x${value}`);
  };
  return {
    CapEff: read('CapEff'),
    CapPrm: read('CapPrm'),
    CapBnd: read('CapBnd'),
    CapAmb: read('CapAmb'),
    CapInh: read('CapInh'),
  };
}

interface ConfigCaps {
  process: {
    capabilities: { bounding: string[]; effective: string[]; permitted: string[]; ambient?: string[] };
  };
}

function hostStatus(): Map<string, string> {
  return statusFields(fs.readFileSync('/proc/self/status', 'utf8'));
}

describe('runc runs bundles made by ocispec bundle', { timeout: 120_000 }, () => {
  it('preflight: runc starts a busybox container on this host', async () => {
    const host = await e2eHost();
    expect(host.runcVersion[0]).toBeGreaterThanOrEqual(1);
    const run = await ok({ script: 'echo "$((6 * 7))"' });
    expect(run.stdout).toBe('42\n');
  });

  it('hostname and domainname', async () => {
    const host = await e2eHost();
    const run = await ok({
      opts: [
        ['withHostname', 'web'],
        ['withDomainname', 'example.org'],
      ],
      script: 'echo "hostname=$(hostname)"; echo "domainname=$(cat /proc/sys/kernel/domainname)"',
    });
    const seen = kv(run.stdout);
    expect(run.config.domainname).toBe('example.org');
    expect(seen.get('hostname')).toBe('web');
    // runc applies "domainname" from 1.2.0 on; runc 1.1.x leaves the fresh UTS namespace's domainname unset.
    const [major, minor] = host.runcVersion;
    const runcSetsDomainname = major > 1 || minor >= 2;
    expect(seen.get('domainname')).toBe(runcSetsDomainname ? 'example.org' : '(none)');
  });

  it('environment and working directory', async () => {
    const run = await ok({
      opts: [
        ['withEnv', ['GREETING=hello world', 'EMPTY=']],
        ['withProcessCwd', '/work'],
      ],
      script: 'env | sort; echo "cwd=$(pwd)"',
    });
    const seen = kv(run.stdout);
    expect(seen.get('GREETING')).toBe('hello world');
    expect(seen.get('EMPTY')).toBe('');
    expect(seen.get('PATH')).toBe('/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
    expect(seen.get('cwd')).toBe('/work');
  });

  it('uid, gid and supplementary groups from the rootfs (withUser, withAdditionalGIDs)', async () => {
    const run = await ok({
      opts: [
        ['withUser', 'app'],
        ['withAdditionalGIDs', 'app'],
      ],
      script: `${STATUS}; echo "whoami=$(whoami)"; echo "home=$HOME"`,
    });
    const f = statusFields(run.stdout);
    expect(f.get('Uid')).toBe('1000\t1000\t1000\t1000');
    expect(f.get('Gid')).toBe('1000\t1000\t1000\t1000');
    expect(
      f
        .get('Groups')
        ?.split(' ')
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual([29, 50, 1000]);
    expect(kv(run.stdout).get('whoami')).toBe('app');
  });

  it('uid, gid and umask by number (withUIDGID, withUmask)', async () => {
    const run = await ok({
      opts: [
        ['withUIDGID', 4321, 8765],
        ['withUmask', 0o027],
      ],
      script: `${STATUS}; echo "umask=$(umask)"; cd /tmp && touch f && echo "mode=$(stat -c %a f)"; rm -f f`,
    });
    const f = statusFields(run.stdout);
    expect(f.get('Uid')).toBe('4321\t4321\t4321\t4321');
    expect(f.get('Gid')).toBe('8765\t8765\t8765\t8765');
    // containerd's WithUIDGID makes the primary gid the one supplementary group.
    expect((run.config.process as { user: { additionalGids: number[] } }).user.additionalGids).toEqual([
      8765,
    ]);
    expect(f.get('Groups')).toBe('8765');
    expect(f.get('Umask')).toBe('0027');
    expect(kv(run.stdout).get('umask')).toBe('0027');
    expect(kv(run.stdout).get('mode')).toBe('640');
  });

  it('capabilities after adding and dropping', async () => {
    const run = await ok({
      opts: [
        ['withAddedCapabilities', ['CAP_SYS_ADMIN', 'CAP_NET_ADMIN']],
        ['withDroppedCapabilities', ['CAP_CHOWN', 'CAP_NET_RAW']],
      ],
      script: STATUS,
    });
    const seen = caps(run.stdout);
    const spec = (run.config as unknown as ConfigCaps).process.capabilities;
    expect(seen.CapEff).toBe(capMask(spec.effective));
    expect(seen.CapPrm).toBe(capMask(spec.permitted));
    expect(seen.CapBnd).toBe(capMask(spec.bounding));
    expect(seen.CapAmb).toBe(0n);
    const bit = (cap: string): bigint => 1n << BigInt(CAP_NUMBERS[cap]!);
    for (const set of [seen.CapEff, seen.CapBnd]) {
      expect(set & bit('CAP_SYS_ADMIN')).not.toBe(0n);
      expect(set & bit('CAP_NET_ADMIN')).not.toBe(0n);
      expect(set & bit('CAP_CHOWN')).toBe(0n);
      expect(set & bit('CAP_NET_RAW')).toBe(0n);
      expect(set & bit('CAP_KILL')).not.toBe(0n); // a default capability stays
    }
  });

  it('capabilities after setting them, with an ambient one', async () => {
    const run = await ok({
      opts: [
        ['withCapabilities', ['CAP_NET_BIND_SERVICE', 'CAP_KILL']],
        ['withAmbientCapabilities', ['CAP_NET_BIND_SERVICE']],
      ],
      script: STATUS,
    });
    const seen = caps(run.stdout);
    const both = capMask(['CAP_NET_BIND_SERVICE', 'CAP_KILL']);
    expect(seen.CapEff).toBe(both);
    expect(seen.CapPrm).toBe(both);
    expect(seen.CapBnd).toBe(both);
    expect(seen.CapAmb).toBe(capMask(['CAP_NET_BIND_SERVICE']));
    expect(seen.CapInh).toBe(capMask(['CAP_NET_BIND_SERVICE']));
  });

  it('withPrivileged: every capability the host has, no masked or read-only paths, no seccomp', async () => {
    const run = await ok({
      opts: [['withPrivileged']],
      script: `${STATUS}; [ -f /proc/keys ] && echo keys=file; echo "rosys=$(grep -c ' /proc/sys ro,' /proc/self/mountinfo)"`,
    });
    const seen = caps(run.stdout);
    const hostBnd = BigInt(`0x${hostStatus().get('CapBnd')}`);
    expect(seen.CapEff).toBe(hostBnd);
    expect(seen.CapBnd).toBe(hostBnd);
    expect(seen.CapPrm).toBe(hostBnd);
    expect(statusFields(run.stdout).get('Seccomp')).toBe('0');
    expect(run.stdout).toContain('keys=file');
    expect(kv(run.stdout).get('rosys')).toBe('0');
  });

  it.each([
    ['on (the default spec)', [], '1'],
    ['off (withNewPrivileges)', [['withNewPrivileges']], '0'],
  ])('NoNewPrivs %s', async (_name, opts, expected) => {
    const run = await ok({ opts, script: STATUS });
    expect(statusFields(run.stdout).get('NoNewPrivs')).toBe(expected);
  });

  it('a read-only rootfs cannot be written; a writable (copied) one can', async () => {
    const ro = await ok({
      opts: [['withRootFSReadonly']],
      script: 'touch /probe 2>&1; echo "touch=$?"; touch /tmp/probe 2>&1; echo "tmp=$?"',
    });
    expect(ro.stdout).toContain('Read-only file system');
    expect(kv(ro.stdout).get('touch')).toBe('1');
    expect(kv(ro.stdout).get('tmp')).toBe('1');

    let written = '';
    const rw = await ok({
      rootfsMode: 'copy',
      script: 'echo inside > /probe; echo "touch=$?"',
      inspectBundle: (bundle) => {
        written = fs.readFileSync(path.join(bundle, 'rootfs', 'probe'), 'utf8');
      },
    });
    expect(kv(rw.stdout).get('touch')).toBe('0');
    expect(written).toBe('inside\n');
  });

  it('masked paths hide /proc and /sys entries; withMaskedPaths([]) removes the masks', async () => {
    const hostHasKcore = fs.existsSync('/proc/kcore');
    const script = [
      'for p in /proc/keys /proc/timer_list /proc/kcore; do',
      '  if [ -c "$p" ]; then echo "$p=masked"; elif [ -e "$p" ]; then echo "$p=visible"; else echo "$p=absent"; fi',
      'done',
      'echo "keysbytes=$(cat /proc/keys 2>/dev/null | wc -c)"',
      'echo "firmware=$(ls /sys/firmware | wc -l)"',
    ].join('\n');
    const masked = kv((await ok({ script })).stdout);
    expect(masked.get('/proc/keys')).toBe('masked');
    expect(masked.get('/proc/timer_list')).toBe('masked');
    // This kernel may lack /proc/kcore (no CONFIG_PROC_KCORE); where it exists, it is masked as well.
    expect(masked.get('/proc/kcore')).toBe(hostHasKcore ? 'masked' : 'absent');
    expect(masked.get('keysbytes')).toBe('0');
    expect(masked.get('firmware')).toBe('0');

    const open = kv((await ok({ opts: [['withMaskedPaths', []]], script })).stdout);
    expect(open.get('/proc/keys')).toBe('visible');
    expect(open.get('/proc/timer_list')).toBe('visible');
    expect(open.get('/proc/kcore')).toBe(hostHasKcore ? 'visible' : 'absent');
    expect(Number(open.get('keysbytes'))).toBeGreaterThan(0);
    expect(Number(open.get('firmware'))).toBeGreaterThan(0);
  });

  it('read-only paths: /proc/sys cannot be written; withReadonlyPaths([]) makes it writable', async () => {
    const script = [
      'echo "romount=$(grep -c " /proc/sys ro," /proc/self/mountinfo)"',
      '(echo changed.example > /proc/sys/kernel/domainname) 2>&1',
      'echo "write=$?"',
      'echo "domainname=$(cat /proc/sys/kernel/domainname)"',
    ].join('\n');
    // CAP_SYS_ADMIN lets a write through wherever the mount allows it (the UTS domainname is per container).
    const ro = kv((await ok({ opts: [['withAddedCapabilities', ['CAP_SYS_ADMIN']]], script })).stdout);
    expect(ro.get('romount')).toBe('1');
    expect(ro.get('write')).toBe('1');
    expect(ro.get('domainname')).not.toBe('changed.example');

    const rw = kv(
      (
        await ok({
          opts: [
            ['withAddedCapabilities', ['CAP_SYS_ADMIN']],
            ['withReadonlyPaths', []],
          ],
          script,
        })
      ).stdout,
    );
    expect(rw.get('romount')).toBe('0');
    expect(rw.get('write')).toBe('0');
    expect(rw.get('domainname')).toBe('changed.example');
  });

  it('/dev/shm size: 64 MiB by default, as set by withDevShmSize', async () => {
    const script = 'df -k /dev/shm | tail -1 | awk \'{print "kb=" $2}\'';
    expect(kv((await ok({ script })).stdout).get('kb')).toBe('65536');
    expect(kv((await ok({ opts: [['withDevShmSize', 12_288]], script })).stdout).get('kb')).toBe('12288');
  });

  it('a device node added with withLinuxDevice exists, with the host numbers, and opens', async () => {
    const device = '/dev/fuse';
    const rdev = fs.statSync(device).rdev;
    const major = (rdev >> 8) & 0xfff;
    const minor = (rdev & 0xff) | ((rdev >> 12) & 0xfff00);
    const script = `if [ -c ${device} ]; then echo "node=$(stat -c '%t:%T' ${device})"; (exec 3<>${device}) && echo open=yes; else echo node=none; fi`;
    expect(kv((await ok({ script })).stdout).get('node')).toBe('none');
    const added = kv((await ok({ opts: [['withLinuxDevice', device, 'rwm']], script })).stdout);
    expect(added.get('node')).toBe(`${major.toString(16)}:${minor.toString(16)}`);
    expect(added.get('open')).toBe('yes');
  });

  it('network namespace: a fresh one holds only lo; withHostNamespace("network") is the host one', async () => {
    const hostNet = fs.readlinkSync('/proc/self/ns/net');
    const hostLinks = fs.readdirSync('/sys/class/net').sort();
    const script =
      'echo "ns=$(readlink /proc/self/ns/net)"; echo "links=$(ls /sys/class/net | sort | tr "\\n" ,)"';
    const fresh = kv((await ok({ script })).stdout);
    expect(fresh.get('ns')).not.toBe(hostNet);
    expect(fresh.get('links')).toBe('lo,');
    const shared = kv((await ok({ opts: [['withHostNamespace', 'network']], script })).stdout);
    expect(shared.get('ns')).toBe(hostNet);
    expect(shared.get('links')).toBe(`${hostLinks.join(',')},`);
  });

  it('RLIMIT_NOFILE from a base spec, then from withRlimit', async () => {
    const base = path.join(FIXTURES, 'base-nofile.json');
    const script = 'echo "soft=$(ulimit -n)"; echo "hard=$(ulimit -Hn)"; echo "host=$(hostname)"';
    const fromBase = kv((await ok({ base, script })).stdout);
    expect(fromBase).toEqual(
      new Map([
        ['soft', '2048'],
        ['hard', '4096'],
        ['host', 'from-base'],
      ]),
    );
    const fromOpt = kv(
      (await ok({ base, opts: [['withRlimit', { type: 'RLIMIT_NOFILE', hard: 8192, soft: 1000 }]], script }))
        .stdout,
    );
    expect(fromOpt.get('soft')).toBe('1000');
    expect(fromOpt.get('hard')).toBe('8192');
  });

  it('a user namespace mapping: root inside is an unprivileged uid outside', async () => {
    const allowed = Number(fs.readFileSync('/proc/sys/user/max_user_namespaces', 'utf8')) > 0;
    const mapping = [{ containerID: 0, hostID: 200_000, size: 65_536 }];
    const run = await runContainer({
      opts: [['withUserNamespace', mapping, mapping]],
      script:
        'cat /proc/self/uid_map /proc/self/gid_map; echo "id=$(id -u):$(id -g)"; echo "binowner=$(stat -c %u /bin)"',
    });
    if (!allowed) {
      // This host forbids user namespaces (max_user_namespaces = 0): runc must refuse rather than run unmapped.
      expect(run.code).not.toBe(0);
      expect(run.stderr).toMatch(/namespace|permission|not permitted/i);
      return;
    }
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const maps = run.stdout
      .split('\n')
      .filter((l) => /^\s*\d/.test(l))
      .map((l) => l.trim().split(/\s+/).map(Number));
    expect(maps).toEqual([
      [0, 200_000, 65_536],
      [0, 200_000, 65_536],
    ]);
    expect(kv(run.stdout).get('id')).toBe('0:0');
    // The rootfs is owned by host root, which is unmapped inside: the overflow uid.
    expect(kv(run.stdout).get('binowner')).toBe('65534');
  });

  it('the default seccomp profile is in force and blocks unshare(CLONE_NEWUSER); without it the call succeeds', async () => {
    const script = `${STATUS}; unshare -U true 2>&1; echo "unshare=$?"`;
    const filtered = await ok({ opts: [['withDefaultSeccompProfile']], script });
    expect(statusFields(filtered.stdout).get('Seccomp')).toBe('2');
    expect(filtered.stdout).toContain('Operation not permitted');
    expect(kv(filtered.stdout).get('unshare')).toBe('1');

    const unfiltered = await ok({ script });
    expect(statusFields(unfiltered.stdout).get('Seccomp')).toBe('0');
    expect(kv(unfiltered.stdout).get('unshare')).toBe('0');
  });

  it('the cgroup path comes from the pipeline namespace and id (withNamespacedCgroup)', async () => {
    const run = await ok({ script: 'cat /proc/self/cgroup' });
    expect((run.config.linux as { cgroupsPath: string }).cgroupsPath).toBe(`/${NAMESPACE}/${run.id}`);
    const memory = run.stdout.split('\n').find((l) => /:memory:|^0::/.test(l));
    expect(memory).toBeDefined();
    expect(memory!.endsWith(`/${NAMESPACE}/${run.id}`)).toBe(true);
  });

  it.each(['reference', 'copy', 'link'] as const)('rootfs mode %s runs under runc', async (mode) => {
    const run = await ok({ rootfsMode: mode, script: 'echo "busybox=$(ls -l /bin/sh | grep -c busybox)"' });
    expect(kv(run.stdout).get('busybox')).toBe('1');
    expect((run.config.root as { path: string }).path).toBe(
      mode === 'reference' ? fs.realpathSync((await e2eHost()).rootfs) : 'rootfs',
    );
  });

  it('a container that outlives its timeout fails its run and is removed', async () => {
    const started = Date.now();
    await expect(runContainer({ script: 'echo started; sleep 60', timeoutMs: 1_500 })).rejects.toThrow(
      /did not finish within 1500 ms/,
    );
    expect(Date.now() - started).toBeLessThan(15_000);
    const host = await e2eHost();
    expect(fs.readdirSync(host.stateDir)).toEqual([]);
  });

  it('a failing container reports its exit code and stdio, and leaves no container state behind', async () => {
    const run = await runContainer({ script: 'echo out; echo err >&2; exit 3' });
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('out\n');
    expect(run.stderr).toBe('err\n');
    const host = await e2eHost();
    expect(fs.existsSync(path.join(host.stateDir, run.id))).toBe(false);
  });
});
