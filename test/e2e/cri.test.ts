/**
 * End to end: a pod's container spec made by `ocispec cri container` (a base runtime spec, a non-root user, added
 * capabilities, a read-only rootfs, resources, three volumes) run by runc, the container checking what the pod
 * asked for. The "sandbox" is a process in new net/ipc/uts/pid namespaces (`unshare`), whose namespaces the
 * container joins as a CRI container joins its pause container's.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CliRun } from '@ocispec/cli';
import { runCli } from '@ocispec/cli';
import { corePlugin, Pipeline, printSpec, withRlimit } from '@ocispec/core';
import { linuxPlugin } from '@ocispec/linux';
import { afterAll, describe, expect, it } from 'vitest';
import { capMask, cleanup, e2eHost, runContainer, statusFields, teardown } from './harness.js';

let sandbox: ChildProcess | undefined;
const dirs: string[] = [];

afterAll(async () => {
  if (sandbox?.pid !== undefined) {
    try {
      process.kill(sandbox.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  await cleanup();
  await teardown();
});

/** Starts `unshare … sleep` and returns the pid of the sleep (pid 1 of the new pid namespace). */
async function startSandbox(): Promise<number> {
  sandbox = spawn('unshare', ['--net', '--ipc', '--uts', '--pid', '--fork', 'sleep', '600'], {
    stdio: 'ignore',
  });
  const parent = sandbox.pid;
  if (parent === undefined) throw new Error('e2e: cannot start unshare');
  for (let i = 0; i < 100; i++) {
    const children = fs.readFileSync(`/proc/${parent}/task/${parent}/children`, 'utf8').trim();
    if (children !== '') return Number(children.split(' ')[0]);
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('e2e: the sandbox process did not start');
}

function cli(argv: string[]): Promise<CliRun> {
  return runCli(argv);
}

const SCRIPT = [
  'echo "uid=$(id -u) gid=$(id -g) groups=$(id -G)"',
  'grep CapBnd /proc/self/status',
  'touch /rootfs-write 2>/dev/null && echo rootfs=rw || echo rootfs=ro',
  'echo hello > /data/out.txt && echo data=rw || echo data=ro',
  'touch /config/x 2>/dev/null && echo config=rw || echo config=ro',
  'echo "config=$(cat /config/settings.txt)"',
  'echo "cache=$(awk \'$5 == "/var/cache/app" { split($6, o, ","); print o[1] }\' /proc/self/mountinfo)"',
  'echo "memory=$(cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes)"',
  'echo "oom=$(cat /proc/self/oom_score_adj)"',
  'echo "nofile=$(ulimit -n)"',
  'echo "hostname=$(cat /etc/hostname) env=$HOSTNAME"',
  'echo "net=$(readlink /proc/self/ns/net)"',
].join('; ');

describe('ocispec cri container under runc', { timeout: 120_000 }, () => {
  it('a pod with a base runtime spec, a non-root user, caps, a read-only rootfs, resources and three volumes', async () => {
    const host = await e2eHost();
    const sandboxPid = await startSandbox();
    const work = fs.mkdtempSync(path.join(tmpdir(), 'ocispec-e2e-cri-'));
    dirs.push(work);
    fs.chmodSync(work, 0o755);

    // The runtime handler's base runtime spec: the linux default with RLIMIT_NOFILE 4096.
    const pipeline = new Pipeline({ plugins: [corePlugin(), linuxPlugin()] });
    const base = await pipeline.compose({
      namespace: 'k8s.io',
      opts: [withRlimit({ type: 'RLIMIT_NOFILE', hard: 4096, soft: 4096 })],
    });
    fs.writeFileSync(path.join(work, 'cri-base.json'), printSpec(base.spec));

    // Three volumes: a writable one, a read-only one with a file, a writable one the runtime creates.
    const volumes = path.join(work, 'volumes');
    fs.mkdirSync(path.join(volumes, 'data'), { recursive: true });
    fs.mkdirSync(path.join(volumes, 'config'), { recursive: true });
    fs.writeFileSync(path.join(volumes, 'config', 'settings.txt'), 'from-the-pod');
    for (const d of ['data', 'config']) fs.chmodSync(path.join(volumes, d), 0o777);

    // The sandbox's files, as containerd's podsandbox writes them.
    const sandboxDir = path.join(work, 'root', 'sandboxes', 'pod-1');
    fs.mkdirSync(sandboxDir, { recursive: true });
    fs.writeFileSync(path.join(sandboxDir, 'hostname'), 'web-pod\n');
    fs.writeFileSync(path.join(sandboxDir, 'hosts'), '127.0.0.1 localhost\n');
    fs.writeFileSync(path.join(sandboxDir, 'resolv.conf'), 'nameserver 127.0.0.1\n');

    const input = {
      id: 'web-1',
      sandboxId: 'pod-1',
      sandboxPid,
      rootfs: host.rootfs,
      config: {
        metadata: { name: 'web', attempt: 0 },
        image: { image: 'busybox:e2e' },
        command: ['/bin/sh', '-c', SCRIPT],
        mounts: [
          { containerPath: '/data', hostPath: path.join(volumes, 'data') },
          { containerPath: '/config', hostPath: path.join(volumes, 'config'), readonly: true },
          { containerPath: '/var/cache/app', hostPath: path.join(volumes, 'cache') },
        ],
        linux: {
          resources: { memoryLimitInBytes: '67108864', cpuPeriod: 100000, cpuQuota: 50000, oomScoreAdj: 100 },
          securityContext: {
            runAsUser: { value: 1000 },
            runAsGroup: { value: 1000 },
            readonlyRootfs: true,
            capabilities: { addCapabilities: ['NET_ADMIN', 'SYS_TIME'], dropCapabilities: ['MKNOD'] },
            supplementalGroups: [44],
          },
        },
      },
      sandboxConfig: {
        metadata: { name: 'web-pod', uid: 'uid-1', namespace: 'default' },
        hostname: 'web-pod',
      },
      imageConfig: { Env: ['PATH=/bin:/usr/bin'], User: '' },
      runtime: { baseRuntimeSpec: 'cri-base.json' },
      cri: { rootDir: path.join(work, 'root'), stateDir: path.join(work, 'state') },
    };
    const inputFile = path.join(work, 'container.json');
    fs.writeFileSync(inputFile, JSON.stringify(input));

    const made = await cli(['cri', 'container', inputFile]);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    const specFile = path.join(work, 'spec.json');
    fs.writeFileSync(specFile, made.stdout);
    const spec = JSON.parse(made.stdout) as {
      process: { user: { uid: number; gid: number; additionalGids: number[] }; rlimits: unknown[] };
      root: { path: string; readonly: boolean };
      annotations: Record<string, string>;
    };
    expect(spec.process.user).toEqual({ uid: 1000, gid: 1000, additionalGids: [29, 44, 50, 1000] });
    expect(spec.root).toEqual({ path: 'rootfs', readonly: true });
    expect(spec.annotations['io.kubernetes.cri.container-name']).toBe('web');
    expect(fs.existsSync(path.join(volumes, 'cache'))).toBe(true); // created as containerd does

    // The harness bundles the spec as a base (root.path → the busybox rootfs, its own cgroup path) and runs it.
    const run = await runContainer({ base: specFile, script: SCRIPT });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = new Map(
      run.stdout
        .trim()
        .split('\n')
        .flatMap((l) => l.split(' '))
        .map((kv) => kv.split('=') as [string, string]),
    );
    expect(run.stdout).toContain('uid=1000 gid=1000 groups=1000 29 44 50');
    const bounding = BigInt(`0x${statusFields(run.stdout).get('CapBnd')}`);
    expect(bounding & capMask(['CAP_NET_ADMIN', 'CAP_SYS_TIME'])).toBe(
      capMask(['CAP_NET_ADMIN', 'CAP_SYS_TIME']),
    );
    expect(bounding & capMask(['CAP_MKNOD', 'CAP_SYS_ADMIN'])).toBe(0n);
    expect(lines.get('rootfs')).toBe('ro');
    expect(lines.get('data')).toBe('rw');
    expect(fs.readFileSync(path.join(volumes, 'data', 'out.txt'), 'utf8')).toBe('hello\n');
    expect(run.stdout).toContain('config=ro');
    expect(run.stdout).toContain('config=from-the-pod');
    expect(lines.get('cache')).toBe('rw');
    expect(lines.get('memory')).toBe('67108864');
    expect(lines.get('oom')).toBe('100');
    expect(lines.get('nofile')).toBe('4096');
    expect(run.stdout).toContain('hostname=web-pod env=web-pod');
    expect(lines.get('net')).toBe(fs.readlinkSync(`/proc/${sandboxPid}/ns/net`));
  });
});
