/**
 * CDI devices under the real runc: a CDI spec exposing host device nodes made for the test (a character device
 * with /dev/null's numbers, one with /dev/fuse's), none of them giving type or numbers (they come from the host
 * node), injected with `withCDIDevices` into a spec the library composes; the container sees the nodes, their
 * numbers and modes, can write to them (read-only where the device asks only for `r` access: its cgroup rule),
 * gets the spec's environment and a read-only bind mount.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cdiPlugin } from '@ocispec/cdi';
import { corePlugin, ensureRoot, Pipeline, printSpec, specOpt } from '@ocispec/core';
import { linuxPlugin } from '@ocispec/linux';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type BundleTarget, cleanup, NAMESPACE, runComposed, teardown } from './harness.js';

afterEach(cleanup);
afterAll(teardown);

/** Makes a character device node with `mknod` (the suite runs as root); throws why not. */
function mknod(file: string, major: number, minor: number, mode: number): void {
  const made = spawnSync('mknod', ['-m', mode.toString(8), file, 'c', String(major), String(minor)], {
    encoding: 'utf8',
  });
  if (made.status !== 0)
    throw new Error(`mknod ${file} failed: ${made.stderr.trim() || made.error?.message}`);
}

/** Host nodes and a CDI spec directory for them under `work`; the spec gives no type, major or minor. */
function cdiHost(work: string): { specDir: string } {
  const devDir = path.join(work, 'dev');
  const share = path.join(work, 'share');
  const specDir = path.join(work, 'cdi');
  for (const dir of [devDir, share, specDir]) fs.mkdirSync(dir);
  mknod(path.join(devDir, 'null-like'), 1, 3, 0o666);
  mknod(path.join(devDir, 'fuse-like'), 10, 229, 0o600);
  fs.writeFileSync(path.join(share, 'hello.txt'), 'from the host\n');
  fs.writeFileSync(
    path.join(specDir, 'ocispec-test.yaml'),
    `cdiVersion: "0.5.0"
kind: ocispec.test/dev
containerEdits:
  env:
    - CDI_SPEC=present
devices:
  - name: "null0"
    containerEdits:
      env:
        - CDI_DEVICE=null0
      deviceNodes:
        - path: /dev/cdi-null
          hostPath: ${path.join(devDir, 'null-like')}
      mounts:
        - hostPath: ${share}
          containerPath: /cdi/share
          type: bind
          options: [ro, rbind]
  - name: "fuse"
    containerEdits:
      deviceNodes:
        - path: /dev/cdi-fuse
          hostPath: ${path.join(devDir, 'fuse-like')}
          permissions: rw
  - name: "fuse-ro"
    containerEdits:
      deviceNodes:
        - path: /dev/cdi-fuse-ro
          hostPath: ${path.join(devDir, 'fuse-like')}
          permissions: r
`,
  );
  return { specDir };
}

/** The script run inside: node details, a write, a read-write open, the environment, the mount. */
const SCRIPT = [
  'ls -ln /dev/cdi-null /dev/cdi-fuse',
  'echo written > /dev/cdi-null && echo null-write=ok',
  'head -c 5 /dev/cdi-null | wc -c',
  '(exec 3<>/dev/cdi-fuse) && echo fuse-open=ok',
  'echo "env=$CDI_SPEC,$CDI_DEVICE"',
  'cat /cdi/share/hello.txt',
  '(echo x > /cdi/share/new.txt) 2>/dev/null && echo share=rw || echo share=ro',
].join('; ');

async function compose(target: BundleTarget, devices: readonly string[], script = SCRIPT): Promise<string> {
  const { specDir } = cdiHost(target.work);
  const pipeline = new Pipeline({
    plugins: [corePlugin(), linuxPlugin(), cdiPlugin({ specDirs: [specDir] })],
  });
  const { spec } = await pipeline.compose({
    namespace: NAMESPACE,
    id: target.id,
    opts: [
      ['withNamespacedCgroup'],
      ['withDefaultPathEnv'],
      ['withCDIDevices', ...devices],
      ['withProcessArgs', '/bin/sh', '-c', script],
      specOpt('rootfs', (draft) => {
        ensureRoot(draft).path = target.rootfs;
      }),
    ],
  });
  return printSpec(spec, { indent: 4 });
}

describe('CDI devices under runc', () => {
  it('the injected nodes are there with the host numbers, and open', async () => {
    const run = await runComposed((target) =>
      compose(target, ['ocispec.test/dev=null0', 'ocispec.test/dev=fuse']),
    );
    expect(run.stderr, `runc stderr of ${run.id}`).toBe('');
    expect(run.code, `exit code; stdout: ${run.stdout}`).toBe(0);
    const lines = run.stdout.trim().split('\n');
    // `ls -ln`: type and mode, owner, then "major, minor"
    expect(lines[0]).toMatch(/^crw-------\s+1\s+0\s+0\s+10,\s+229 .*\/dev\/cdi-fuse$/);
    expect(lines[1]).toMatch(/^crw-rw-rw-\s+1\s+0\s+0\s+1,\s+3 .*\/dev\/cdi-null$/);
    expect(lines.slice(2)).toEqual([
      'null-write=ok',
      '0',
      'fuse-open=ok',
      'env=present,null0',
      'from the host',
      'share=ro',
    ]);
    const linux = run.config.linux as { devices: object[]; resources: { devices: object[] } };
    expect(linux.devices).toEqual([
      { path: '/dev/cdi-null', type: 'c', major: 1, minor: 3, fileMode: 0o666 },
      { path: '/dev/cdi-fuse', type: 'c', major: 10, minor: 229, fileMode: 0o600 },
    ]);
    expect(linux.resources.devices.slice(-2)).toEqual([
      { allow: true, type: 'c', major: 1, minor: 3, access: 'rwm' },
      { allow: true, type: 'c', major: 10, minor: 229, access: 'rw' },
    ]);
  });

  it("the device's permissions are its cgroup access: read-only opens, read-write is refused", async () => {
    const script =
      '(exec 3</dev/cdi-fuse-ro) && echo read=ok; (exec 3<>/dev/cdi-fuse-ro) 2>/dev/null && echo read-write=ok || echo read-write=denied';
    const run = await runComposed((target) => compose(target, ['ocispec.test/dev=fuse-ro'], script));
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('read=ok\nread-write=denied\n');
  });

  it('only the devices asked for are injected', async () => {
    const script =
      'for d in /dev/cdi-null /dev/cdi-fuse; do [ -c $d ] && echo "$d=present" || echo "$d=absent"; done';
    const run = await runComposed((target) => compose(target, ['ocispec.test/dev=null0'], script));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('/dev/cdi-null=present\n/dev/cdi-fuse=absent\n');
  });
});
