/**
 * `ocispec spec --rootless` under the real runc as an unprivileged user: a user is created for the suite (root
 * runs it, as the rest of e2e), the spec is written by the built CLI running as that user, and runc, as that user,
 * runs it. Nothing skips: a host that cannot do this fails with the reason.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const USER = 'ocispec-rootless';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'packages/cli/launcher/bin.cjs');
let work: string;
let uid: number;
let gid: number;

function run(command: string, args: readonly string[], options: { cwd?: string } = {}) {
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000, ...options });
  if (r.error !== undefined) throw new Error(`${command}: ${r.error.message}`);
  return r;
}

/** Runs a command as the unprivileged user (its own uid, gid and no supplementary groups). */
function asUser(args: readonly string[], cwd: string) {
  return run(
    'setpriv',
    [
      `--reuid=${uid}`,
      `--regid=${gid}`,
      '--clear-groups',
      'env',
      `HOME=${work}`,
      `XDG_RUNTIME_DIR=${work}/run`,
      ...args,
    ],
    { cwd },
  );
}

beforeAll(() => {
  if (process.getuid?.() !== 0)
    throw new Error('e2e rootless: the suite runs as root to create its unprivileged user');
  if (!fs.existsSync(bin) || !fs.existsSync(path.join(root, 'packages/cli/dist/ocispec.cjs'))) {
    throw new Error('e2e rootless: the CLI is not built (pnpm build)');
  }
  if (run('id', ['-u', USER]).status !== 0) {
    const add = run('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', USER]);
    if (add.status !== 0) throw new Error(`e2e rootless: useradd failed: ${add.stderr}`);
  }
  uid = Number(run('id', ['-u', USER]).stdout.trim());
  gid = Number(run('id', ['-g', USER]).stdout.trim());
  work = fs.mkdtempSync(path.join(tmpdir(), 'ocispec-rootless-'));
  fs.mkdirSync(path.join(work, 'run'));
  const rootfs = path.join(work, 'bundle/rootfs/bin');
  fs.mkdirSync(rootfs, { recursive: true });
  fs.copyFileSync('/bin/busybox', path.join(rootfs, 'busybox'));
  fs.chmodSync(path.join(rootfs, 'busybox'), 0o755);
  for (const tool of ['sh', 'id', 'cat']) fs.symlinkSync('busybox', path.join(rootfs, tool));
  // The user owns its bundle and state, as a rootless user's are; the repository is readable to it.
  run('chown', ['-R', `${uid}:${gid}`, work]);
  fs.chmodSync(work, 0o755);
});

afterAll(() => {
  if (work !== undefined) {
    asUser(['runc', '--root', `${work}/state`, 'delete', '--force', 'rootless-1'], work);
    fs.rmSync(work, { recursive: true, force: true });
  }
});

describe('ocispec spec --rootless under runc as an unprivileged user', () => {
  it('writes a bundle runc runs: root inside, mapped to the invoking user', () => {
    const bundle = path.join(work, 'bundle');
    const spec = asUser(
      [
        process.execPath,
        bin,
        'spec',
        '--rootless',
        '--bundle',
        bundle,
        '--',
        'sh',
        '-c',
        'id -u; id -g; cat /proc/self/uid_map',
      ],
      work,
    );
    expect(spec.stderr).toBe('');
    expect(spec.status).toBe(0);
    const config = JSON.parse(fs.readFileSync(path.join(bundle, 'config.json'), 'utf8'));
    expect(config.linux.uidMappings).toEqual([{ containerID: 0, hostID: uid, size: 1 }]);
    expect(config.linux.namespaces.map((n: { type: string }) => n.type)).not.toContain('network');
    const container = asUser(
      ['runc', '--root', `${work}/state`, 'run', '--bundle', bundle, 'rootless-1'],
      work,
    );
    expect(container.stderr).not.toMatch(/level=error/);
    expect(container.status).toBe(0);
    const [inUid, inGid, map] = container.stdout.trim().split('\n');
    expect(inUid).toBe('0');
    expect(inGid).toBe('0');
    expect(map!.trim().split(/\s+/)).toEqual(['0', String(uid), '1']);
  });

  it("changes the spec as runc spec --rootless changes runc's: namespaces and mount options", () => {
    const dir = path.join(work, 'compare');
    fs.mkdirSync(dir);
    run('chown', [`${uid}:${gid}`, dir]);
    expect(asUser(['runc', 'spec', '--rootless'], dir).status).toBe(0);
    const runc = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'));
    const ours = JSON.parse(asUser([process.execPath, bin, 'spec', '--rootless'], dir).stdout);
    const types = (spec: { linux: { namespaces: { type: string }[] } }) =>
      spec.linux.namespaces.map((n) => n.type).sort();
    expect(types(ours)).toEqual(types(runc));
    expect(ours.linux.uidMappings).toEqual(runc.linux.uidMappings);
    expect(ours.linux.gidMappings).toEqual(runc.linux.gidMappings);
    expect(ours.linux.resources).toBeUndefined();
    const sys = (spec: { mounts: { destination: string }[] }) =>
      spec.mounts.find((m) => m.destination === '/sys');
    expect(sys(ours)).toEqual(sys(runc));
    const options = (spec: { mounts: { options?: string[] }[] }) =>
      spec.mounts.flatMap((m) => m.options ?? []);
    expect(options(ours).filter((o) => /^(uid|gid)=/.test(o))).toEqual([]);
  });
});
