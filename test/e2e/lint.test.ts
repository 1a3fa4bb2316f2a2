/**
 * The claims validate and lint make about runc, checked under the real runc: each bundle is linted (or validated)
 * as runc receives it, then run, and the container reports what it observes: mount options applied in order, the
 * submounts an rbind leaves writable, device rules that end up allowing every device (or not), a namespace path
 * that spells the host's own, ambient capabilities the kernel drops.
 */
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { corePlugin, Pipeline, withProcessArgs } from '@ocispec/core';
import { linuxPlugin } from '@ocispec/linux';
import type { LintRuleId } from '@ocispec/validate';
import { lintSpec, validateSpec } from '@ocispec/validate';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerRun } from './harness.js';
import { cleanup, runContainer, statusFields, teardown } from './harness.js';

afterEach(cleanup);
afterAll(teardown);

type Json = Record<string, unknown>;
interface Linux extends Json {
  resources: { devices: Json[] };
  namespaces: Json[];
}
interface Base extends Json {
  mounts: Json[];
  linux: Linux;
  process: Json & { capabilities: Record<string, string[]> };
}

let work: string;
let defaultSpec: Base;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(tmpdir(), 'ocispec-e2e-lint-'));
  const pipeline = new Pipeline({ plugins: [corePlugin(), linuxPlugin()] });
  const { spec } = await pipeline.compose({
    platform: 'linux/amd64',
    id: 'base',
    opts: [withProcessArgs('sh')],
  });
  defaultSpec = structuredClone(spec) as unknown as Base;
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

let bases = 0;
/** A base spec file: containerd's default spec, changed by `edit`. */
function base(edit: (spec: Base) => void): string {
  const spec = structuredClone(defaultSpec);
  edit(spec);
  bases += 1;
  const file = path.join(work, `base-${bases}.json`);
  fs.writeFileSync(file, JSON.stringify(spec));
  return file;
}

/** Runs a scenario and expects the container to exit 0 with nothing on stderr. */
async function ok(baseFile: string, script: string): Promise<ContainerRun> {
  const run = await runContainer({ base: baseFile, script });
  expect(run.stderr, `runc stderr of ${run.id}`).toBe('');
  expect(run.code, `exit code of ${run.id}; stdout: ${run.stdout}`).toBe(0);
  return run;
}

function rules(config: unknown): LintRuleId[] {
  return lintSpec(config, { profile: 'baseline' }).findings.map((f) => f.rule);
}

/** The mount options (field 6 of /proc/self/mountinfo) of every mount point at or under `prefix`. */
function mountOptions(mountinfo: string, prefix: string, fstype?: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of mountinfo.split('\n')) {
    const fields = line.split(' ');
    const point = fields[4];
    if (point === undefined || (point !== prefix && !point.startsWith(`${prefix}/`))) continue;
    // After the optional fields, " - <fstype> <source> <super options>".
    if (fstype !== undefined && fields[fields.indexOf('-') + 1] !== fstype) continue;
    out.set(point, (fields[5] ?? '').split(','));
  }
  return out;
}

const MOUNTINFO = 'cat /proc/self/mountinfo';

describe('lint and validate claims, observed under runc', { timeout: 120_000 }, () => {
  it('mount options apply in order: ["ro","rw"] is a writable sysfs (sys-writable), ["rw","ro"] a read-only one', async () => {
    const sysfs = (options: string[]) =>
      base((s) => {
        const sys = s.mounts.find((m) => m.destination === '/sys') as Json;
        sys.options = ['nosuid', 'noexec', 'nodev', ...options];
      });
    const writable = await ok(sysfs(['ro', 'rw']), MOUNTINFO);
    expect(mountOptions(writable.stdout, '/sys').get('/sys')).toContain('rw');
    expect(rules(writable.config)).toContain('sys-writable');
    const readonly = await ok(sysfs(['rw', 'ro']), MOUNTINFO);
    expect(mountOptions(readonly.stdout, '/sys').get('/sys')).toContain('ro');
    expect(rules(readonly.config)).not.toContain('sys-writable');
  });

  it('an rbind of the host /sys that is only ro leaves its submounts writable (cgroupfs-writable); rro does not', async () => {
    const hostSys = (options: string[]) =>
      base((s) => {
        s.mounts.push({
          destination: '/host-sys',
          type: 'bind',
          source: '/sys',
          options: ['rbind', 'nosuid', 'nodev', ...options],
        });
      });
    const run = await ok(hostSys(['ro']), MOUNTINFO);
    const seen = mountOptions(run.stdout, '/host-sys');
    expect(seen.get('/host-sys')).toContain('ro');
    const writableSubmounts = [...seen].filter(
      ([point, options]) => point !== '/host-sys' && options.includes('rw'),
    );
    expect(writableSubmounts.map(([point]) => point)).toContainEqual(
      expect.stringMatching(/^\/host-sys\/fs\/cgroup/),
    );
    expect(rules(run.config)).toEqual(expect.arrayContaining(['host-sensitive-mount', 'cgroupfs-writable']));
    const recursive = await ok(hostSys(['ro', 'rro']), MOUNTINFO);
    const all = [...mountOptions(recursive.stdout, '/host-sys')];
    expect(all.length).toBeGreaterThan(1);
    expect(all.filter(([, options]) => !options.includes('ro'))).toEqual([]);
    expect(rules(recursive.config)).not.toContain('cgroupfs-writable');
  });

  it('a cgroup mount at /sys/fs/cgroup without ro is writable inside (cgroupfs-writable); with ro it is not', async () => {
    const cgroupfs = (options: string[]) =>
      base((s) => {
        s.mounts.push({
          destination: '/sys/fs/cgroup',
          type: 'cgroup',
          source: 'cgroup',
          options: ['nosuid', 'noexec', 'nodev', ...options],
        });
      });
    const writable = await ok(cgroupfs(['relatime']), MOUNTINFO);
    // cgroup v1 (this host): one cgroup mount per hierarchy under a tmpfs; cgroup v2: one cgroup2 mount.
    const cgroupMounts = (stdout: string) => [
      ...mountOptions(stdout, '/sys/fs/cgroup', 'cgroup'),
      ...mountOptions(stdout, '/sys/fs/cgroup', 'cgroup2'),
    ];
    const seen = cgroupMounts(writable.stdout);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter(([, options]) => !options.includes('rw'))).toEqual([]);
    expect(rules(writable.config)).toContain('cgroupfs-writable');
    const readonly = await ok(cgroupfs(['relatime', 'ro']), MOUNTINFO);
    const seenRo = cgroupMounts(readonly.stdout);
    expect(seenRo.length).toBeGreaterThan(0);
    expect(seenRo.filter(([, options]) => !options.includes('ro'))).toEqual([]);
    expect(rules(readonly.config)).not.toContain('cgroupfs-writable');
  });

  describe('device rules, applied in order as runc does', () => {
    // mknod is always allowed (runc appends c *:* m and b *:* m): opening is what the rules decide. A subshell's
    // `exec 3<node` (or `3>node`) fails only when open(2) does.
    const open = (node: string, name: string) =>
      `if (exec 3<${node}) 2>/dev/null; then echo ${name}-r=open; else echo ${name}-r=denied; fi; ` +
      `if (exec 3>${node}) 2>/dev/null; then echo ${name}-w=open; else echo ${name}-w=denied; fi`;
    const probe = `mknod /dev/probe-c c 10 229 && mknod /dev/probe-b b 7 0; ${open('/dev/probe-c', 'c')}; ${open('/dev/probe-b', 'b')}`;
    const withRules = (...rules: Json[]) =>
      base((s) => {
        s.linux.resources.devices = rules;
      });
    const opened = (run: ContainerRun) => run.stdout.trim().split('\n').sort();

    it('c and b wildcards with no major/minor (or -1) together: every device opens (device-allow-all)', async () => {
      const run = await ok(
        withRules(
          { allow: false, access: 'rwm' },
          { allow: true, type: 'c', access: 'rwm' },
          { allow: true, type: 'b', major: -1, minor: -1, access: 'rw' },
        ),
        probe,
      );
      expect(opened(run)).toEqual(['b-r=open', 'b-w=open', 'c-r=open', 'c-w=open']);
      expect(rules(run.config)).toContain('device-allow-all');
    });

    it('type a with numbers and only r access allows every device (device-allow-all)', async () => {
      const run = await ok(
        withRules(
          { allow: false, access: 'rwm' },
          { allow: true, type: 'a', major: 1, minor: 3, access: 'r' },
        ),
        probe,
      );
      expect(opened(run)).toEqual(['b-r=open', 'b-w=open', 'c-r=open', 'c-w=open']);
      expect(rules(run.config)).toContain('device-allow-all');
    });

    it('a later deny removes an earlier allow-all: nothing opens, and lint is clean of it', async () => {
      const run = await ok(withRules({ allow: true, access: 'rwm' }, { allow: false, access: 'rwm' }), probe);
      expect(opened(run)).toEqual(['b-r=denied', 'b-w=denied', 'c-r=denied', 'c-w=denied']);
      expect(rules(run.config)).not.toContain('device-allow-all');
      expect(rules(run.config)).not.toContain('device-allow-class');
    });

    it('a c wildcard alone opens every character device, not block devices (device-allow-class)', async () => {
      const run = await ok(
        withRules({ allow: false, access: 'rwm' }, { allow: true, type: 'c', access: 'rw' }),
        probe,
      );
      expect(opened(run)).toEqual(['b-r=denied', 'b-w=denied', 'c-r=open', 'c-w=open']);
      expect(rules(run.config)).toContain('device-allow-class');
    });
  });

  it("a namespace path spelled /proc/thread-self/../../ns/net joins runc's own namespace: the host's (host-network-namespace)", async () => {
    const hostNet = fs.readlinkSync('/proc/self/ns/net');
    const run = await ok(
      base((s) => {
        const net = s.linux.namespaces.find((n) => n.type === 'network') as Json;
        net.path = '/proc/thread-self/../../ns/net';
      }),
      'readlink /proc/self/ns/net',
    );
    expect(run.stdout.trim()).toBe(hostNet);
    expect(rules(run.config)).toContain('host-network-namespace');
  });

  it('ambient capabilities not in the inheritable set: validate only warns, runc runs the container and the kernel drops them', async () => {
    const run = await ok(
      base((s) => {
        s.process.capabilities = {
          bounding: ['CAP_KILL', 'CAP_NET_BIND_SERVICE'],
          effective: ['CAP_KILL', 'CAP_NET_BIND_SERVICE'],
          permitted: ['CAP_KILL', 'CAP_NET_BIND_SERVICE'],
          ambient: ['CAP_KILL', 'CAP_NET_BIND_SERVICE'],
        };
      }),
      'cat /proc/self/status',
    );
    const report = validateSpec(run.config);
    expect(report.errors).toEqual([]);
    expect(report.warnings.map((f) => f.rule)).toContain('capability-ambient');
    const status = statusFields(run.stdout);
    expect(status.get('CapAmb')).toBe('0000000000000000');
    expect(BigInt(`0x${status.get('CapEff')}`)).toBe((1n << 5n) | (1n << 10n));
  });
});
