/**
 * CDI devices under the real runc: a CDI spec exposing host device nodes made for the test (a character device
 * with /dev/null's numbers, one with /dev/fuse's), none of them giving type or numbers (they come from the host
 * node), injected with `withCDIDevices` into a spec the library composes; the container sees the nodes, their
 * numbers and modes, can write to them (read-only where the device asks only for `r` access: its cgroup rule),
 * gets the spec's environment and a read-only bind mount. The same devices through the built CLI: `ocispec bundle`
 * of a pipeline file calling `withCDIDevices`, the spec directories given by `--cdi-spec-dir` or by the file's
 * `cdiSpecDirs` (the flag winning), and `ocispec cdi list` / `cdi validate` over the same directory.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cdiPlugin } from '@ocispec/cdi';
import { corePlugin, ensureRoot, Pipeline, printSpec, specOpt } from '@ocispec/core';
import { linuxPlugin } from '@ocispec/linux';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
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

/** The built CLI (`pnpm build`), run as a user runs it. */
const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/cli/launcher/bin.cjs');

/** Runs the built `ocispec` in `cwd`; throws when it could not be started. */
function ocispec(
  args: readonly string[],
  cwd: string,
): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  if (run.error !== undefined) throw new Error(`ocispec ${args.join(' ')}: ${run.error.message}`);
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/**
 * Writes `work/pipeline.json` (the harness's cgroup and PATH, `withCDIDevices` of `devices`, the script; plus
 * `cdiSpecDirs` when given) and turns it into a bundle with `ocispec bundle ... extra`; returns its config.json
 * text and the command's stderr. A failed `ocispec bundle` throws with its stderr.
 */
function cliBundle(
  target: BundleTarget,
  devices: readonly string[],
  script: string,
  options: { cdiSpecDirs?: readonly string[]; extra?: readonly string[] },
): { config: string; stderr: string } {
  const pipeline = {
    namespace: NAMESPACE,
    id: target.id,
    ...(options.cdiSpecDirs === undefined ? {} : { cdiSpecDirs: options.cdiSpecDirs }),
    opts: [
      ['withNamespacedCgroup'],
      ['withDefaultPathEnv'],
      ['withCDIDevices', ...devices],
      ['withProcessArgs', '/bin/sh', '-c', script],
    ],
  };
  fs.writeFileSync(path.join(target.work, 'pipeline.json'), JSON.stringify(pipeline));
  const out = path.join(target.work, 'cli-bundle');
  const made = ocispec(
    ['bundle', 'pipeline.json', '--rootfs', target.rootfs, '--out', out, ...(options.extra ?? [])],
    target.work,
  );
  if (made.code !== 0) throw new Error(`ocispec bundle failed (exit ${made.code}): ${made.stderr.trim()}`);
  return { config: fs.readFileSync(path.join(out, 'config.json'), 'utf8'), stderr: made.stderr };
}

/** A second spec directory defining `ocispec.test/dev=null0` as another node (`/dev/cdi-decoy`). */
function decoySpecDir(work: string): string {
  const dir = path.join(work, 'cdi-decoy');
  fs.mkdirSync(dir);
  fs.writeFileSync(
    path.join(dir, 'decoy.json'),
    JSON.stringify({
      cdiVersion: '0.5.0',
      kind: 'ocispec.test/dev',
      devices: [
        {
          name: 'null0',
          containerEdits: {
            env: ['CDI_DEVICE=decoy'],
            deviceNodes: [{ path: '/dev/cdi-decoy', hostPath: path.join(work, 'dev', 'null-like') }],
          },
        },
      ],
    }),
  );
  return dir;
}

const PRESENCE =
  'for d in /dev/cdi-null /dev/cdi-decoy; do [ -c $d ] && echo "$d=present" || echo "$d=absent"; done; echo "device=$CDI_DEVICE"';

describe('CDI devices through the built CLI: ocispec bundle under runc', () => {
  beforeAll(() => {
    if (!fs.existsSync(CLI) || !fs.existsSync(path.join(path.dirname(CLI), '../dist/ocispec.cjs')))
      throw new Error('e2e cdi: the CLI is not built (pnpm build)');
  });

  it('--cdi-spec-dir: the pipeline file calls withCDIDevices; the nodes, env and mount are there', async () => {
    let listed = { code: null as number | null, stdout: '', stderr: '' };
    let checked = { code: null as number | null, stdout: '', stderr: '' };
    let specFile = '';
    const run = await runComposed((target) => {
      const { specDir } = cdiHost(target.work);
      specFile = path.join(specDir, 'ocispec-test.yaml');
      listed = ocispec(['cdi', 'list', '--spec-dir', 'cdi'], target.work);
      checked = ocispec(['cdi', 'validate', 'cdi'], target.work);
      return cliBundle(target, ['ocispec.test/dev=null0', 'ocispec.test/dev=fuse'], SCRIPT, {
        extra: ['--cdi-spec-dir', specDir, '--quiet'],
      }).config;
    });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toBe(
      ['fuse   ', 'fuse-ro', 'null0  '].map((name) => `ocispec.test/dev=${name}  ${specFile}\n`).join(''),
    );
    expect([checked.code, checked.stdout, checked.stderr]).toEqual([0, '', '1 of 1 spec files valid\n']);
    expect(run.stderr, `runc stderr of ${run.id}`).toBe('');
    expect(run.code, `exit code; stdout: ${run.stdout}`).toBe(0);
    const lines = run.stdout.trim().split('\n');
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
    const linux = run.config.linux as { devices: object[] };
    expect(linux.devices).toEqual([
      { path: '/dev/cdi-null', type: 'c', major: 1, minor: 3, fileMode: 0o666 },
      { path: '/dev/cdi-fuse', type: 'c', major: 10, minor: 229, fileMode: 0o600 },
    ]);
  });

  it("the pipeline file's cdiSpecDirs (relative to it) say where the specs are, without a flag", async () => {
    const run = await runComposed((target) => {
      cdiHost(target.work);
      decoySpecDir(target.work);
      // Lowest priority first: the decoy directory is overridden by `cdi`.
      return cliBundle(target, ['ocispec.test/dev=null0'], PRESENCE, {
        cdiSpecDirs: ['cdi-decoy', 'cdi'],
        extra: ['--quiet'],
      }).config;
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('/dev/cdi-null=present\n/dev/cdi-decoy=absent\ndevice=null0\n');
  });

  it("--cdi-spec-dir wins over the file's cdiSpecDirs, and says so", async () => {
    let warning = '';
    const run = await runComposed((target) => {
      cdiHost(target.work);
      decoySpecDir(target.work);
      const made = cliBundle(target, ['ocispec.test/dev=null0'], PRESENCE, {
        cdiSpecDirs: ['cdi'],
        extra: ['--cdi-spec-dir', path.join(target.work, 'cdi-decoy')],
      });
      warning = made.stderr;
      return made.config;
    });
    expect(warning).toContain("the pipeline's cdiSpecDirs are not used");
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('/dev/cdi-null=absent\n/dev/cdi-decoy=present\ndevice=decoy\n');
  });
});
