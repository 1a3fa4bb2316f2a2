/**
 * The suite's workspace and everything a daemon started in it may leave on the host (the daemon, shims,
 * containers, mounts, cgroups, shim sockets under `/run/containerd/s`), removed by {@link sweep}, which is
 * synchronous so that process exit and signal handlers run it too.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CriClient } from '@ocispec/cri-client';
import { parseMountinfo } from './mountinfo.js';
import { oneLine } from './process.js';

/** containerd 1.6's shim sockets live here whatever its state dir (`shim.SocketAddress`). */
const SHIM_SOCKET_DIR = '/run/containerd/s';
const CGROUP_FS = '/sys/fs/cgroup';
/** The containerd namespace of CRI. */
const K8S_NAMESPACE = 'k8s.io';

/** What a workspace's daemon may leave on the host, as the sweep needs to know it. */
export interface Live {
  dir: string;
  socket: string;
  pid: number | undefined;
  /**
   * The cgroup parent under which the suite's pods are placed: swept (with every process in it) at the end. Pods
   * without a cgroup parent land in `/k8s.io/<id>`, which is swept per tracked id.
   */
  cgroupRoot: string;
  ids: Set<string>;
  /**
   * Host dirs that did not exist before the daemon started, deepest first: `/run/containerd/s`,
   * `/run/containerd`, `/sys/fs/cgroup/<hierarchy>/k8s.io` (removed at the end when empty).
   */
  created: string[];
  client: CriClient | undefined;
}

const lives: Live[] = [];
let exitHandlers = false;

/** The suite's temp dir (the daemon's root, state and socket, base specs, pod volumes), swept at the end. */
export interface Workspace {
  readonly dir: string;
}

/**
 * Creates the suite's temp dir and registers it (with the cgroup root the pods will use) for {@link sweep}, which
 * also runs at process exit and on SIGINT, SIGTERM and SIGHUP if {@link stopDaemon} did not.
 */
export function createWorkspace(cgroupRoot: string): Workspace {
  installExitHandlers();
  // A short path: unix socket paths are limited to 108 bytes.
  const dir = fs.mkdtempSync(path.join(tmpdir(), 'ocispec-ctd-'));
  fs.chmodSync(dir, 0o755);
  lives.push({
    dir,
    socket: path.join(dir, 'containerd.sock'),
    pid: undefined,
    cgroupRoot,
    ids: new Set(),
    created: [
      SHIM_SOCKET_DIR,
      path.dirname(SHIM_SOCKET_DIR),
      ...safeReaddir(CGROUP_FS).map((h) => path.join(CGROUP_FS, h, K8S_NAMESPACE)),
    ].filter((p) => !fs.existsSync(p)),
    client: undefined,
  });
  return { dir };
}

/** The workspace's record, or `undefined` once it was swept. */
export function findLive(workspace: Workspace): Live | undefined {
  return lives.find((l) => l.dir === workspace.dir);
}

/** The workspace's record; throws when it was already swept. */
export function liveOf(workspace: Workspace): Live {
  const live = findLive(workspace);
  if (live === undefined) throw new Error(`containerd e2e: workspace ${workspace.dir} was already swept`);
  return live;
}

/**
 * Removes everything a workspace's daemon left, synchronously: the daemon (SIGKILL), its shims, every process in
 * its cgroups, mounts under the workspace (deepest first), its cgroups in every hierarchy, its shim sockets and the
 * host dirs it created, then the workspace. Returns what it could not remove.
 */
export function sweep(live: Live): string[] {
  const problems: string[] = [];
  live.client?.close();
  live.client = undefined;
  if (live.pid !== undefined && isRunning(live.pid)) kill(live.pid);
  for (const pid of shimPids(live.socket)) kill(pid);
  const cgroups = cgroupDirs(live);
  for (const dir of cgroups) for (const pid of procsOf(dir)) kill(pid);
  for (const mount of mountsUnder(live.dir)) {
    const r = spawnSync('umount', [mount], { encoding: 'utf8' });
    if (r.status !== 0) {
      const lazy = spawnSync('umount', ['-l', mount], { encoding: 'utf8' });
      if (lazy.status !== 0) problems.push(`umount ${mount}: ${oneLine(lazy.stderr)}`);
    }
  }
  for (const dir of cgroups) {
    if (!removeCgroup(dir)) problems.push(`cgroup ${dir} not removed`);
  }
  for (const id of live.ids) {
    const socket = path.join(SHIM_SOCKET_DIR, shimSocketName(live.socket, id));
    fs.rmSync(socket, { force: true });
  }
  for (const created of live.created) {
    try {
      fs.rmdirSync(created);
    } catch {
      // not empty (used by another containerd) or already gone
    }
  }
  // Never remove a tree that still has something mounted in it.
  if (mountsUnder(live.dir).length === 0) {
    try {
      fs.rmSync(live.dir, { recursive: true, force: true });
    } catch (error) {
      problems.push(`rm ${live.dir}: ${(error as Error).message}`);
    }
  }
  const i = lives.indexOf(live);
  if (i >= 0) lives.splice(i, 1);
  return [...problems, ...leftovers(live)];
}

/** What is still there after a sweep (each a line); nothing when the host is as before the daemon. */
function leftovers(live: Live): string[] {
  const left: string[] = [];
  if (live.pid !== undefined && isRunning(live.pid)) left.push(`containerd (pid ${live.pid}) still runs`);
  for (const pid of shimPids(live.socket)) if (isRunning(pid)) left.push(`shim pid ${pid} still runs`);
  for (const dir of cgroupDirs(live)) left.push(`cgroup ${dir} is left`);
  for (const mount of mountsUnder(live.dir)) left.push(`mount ${mount} is left`);
  for (const id of live.ids) {
    const socket = path.join(SHIM_SOCKET_DIR, shimSocketName(live.socket, id));
    if (fs.existsSync(socket)) left.push(`shim socket ${socket} is left`);
  }
  if (fs.existsSync(live.dir)) left.push(`${live.dir} is left`);
  return left;
}

/** The shim socket of a sandbox or container: `sha256(<containerd address>/<namespace>/<id>)` (containerd 1.6). */
function shimSocketName(address: string, id: string): string {
  return createHash('sha256')
    .update(path.join(address, K8S_NAMESPACE, id))
    .digest('hex');
}

function installExitHandlers(): void {
  if (exitHandlers) return;
  exitHandlers = true;
  process.once('exit', () => {
    for (const live of [...lives]) sweep(live);
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      for (const live of [...lives]) sweep(live);
      process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
    });
  }
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A zombie still answers signal 0: it is gone for our purposes.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

export function kill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Shim processes serving this daemon (`containerd-shim-runc-v2 -namespace k8s.io -address <socket> …`). */
function shimPids(socket: string): number[] {
  const pids: number[] = [];
  for (const entry of safeReaddir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let argv: string[];
    try {
      argv = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    const i = argv.indexOf('-address');
    if (i >= 0 && argv[i + 1] === socket && path.basename(argv[0] ?? '').startsWith('containerd-shim')) {
      pids.push(Number(entry));
    }
  }
  return pids;
}

/**
 * The daemon's cgroups in every hierarchy, deepest first: everything under the suite's cgroup root and
 * `/k8s.io/<id>` for every tracked id.
 */
function cgroupDirs(live: Live): string[] {
  const dirs: string[] = [];
  for (const hierarchy of safeReaddir(CGROUP_FS)) {
    const base = path.join(CGROUP_FS, hierarchy);
    walkDirs(path.join(base, live.cgroupRoot), dirs);
    for (const id of live.ids) walkDirs(path.join(base, K8S_NAMESPACE, id), dirs);
  }
  return dirs.sort((a, b) => b.split('/').length - a.split('/').length);
}

function walkDirs(dir: string, out: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  out.push(dir);
  for (const e of entries) if (e.isDirectory()) walkDirs(path.join(dir, e.name), out);
}

function procsOf(cgroup: string): number[] {
  try {
    return fs
      .readFileSync(path.join(cgroup, 'cgroup.procs'), 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map(Number);
  } catch {
    return [];
  }
}

/** rmdir with a short retry: a killed process leaves its cgroup a moment after SIGKILL. */
function removeCgroup(dir: string): boolean {
  const deadline = Date.now() + 5_000;
  for (;;) {
    try {
      fs.rmdirSync(dir);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
      if (Date.now() > deadline) return false;
      for (const pid of procsOf(dir)) kill(pid);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
}

/** Mount points at or under `dir` in this mount namespace, deepest first. */
function mountsUnder(dir: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return [];
  }
  const points = parseMountinfo(text)
    .map((m) => m.mountPoint)
    .filter((p) => p === dir || p.startsWith(`${dir}/`));
  return [...new Set(points)].sort((a, b) => b.length - a.length);
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
