/**
 * A private containerd for the suite: its own root, state, socket and runc root in a temp dir, a `config.toml`
 * with the suite's runtime handlers, started by PID and waited for with a deadline. Everything it leaves on the
 * host (shims, containers, mounts, cgroups, shim sockets under `/run/containerd/s`) is swept by {@link sweep},
 * which is synchronous so that a process exit handler can run it too.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CriSettings, RuntimeSettings } from '@ocispec/cri';
import { CriClient } from '@ocispec/cri-client';
import { stringify } from 'smol-toml';
import { BUSYBOX, hasInterpreter } from '../harness.js';
import { parseMountinfo } from './mountinfo.js';
import { oneLine, poll } from './process.js';

/** How long the daemon may take to answer after it was started (a loaded 2-core machine). */
const START_TIMEOUT_MS = 20_000;
/** How long it may take to exit after SIGTERM before it is killed. */
const STOP_TIMEOUT_MS = 10_000;
/** containerd 1.6's shim sockets live here whatever its state dir (`shim.SocketAddress`). */
const SHIM_SOCKET_DIR = '/run/containerd/s';
const CGROUP_FS = '/sys/fs/cgroup';
/** The containerd namespace of CRI. */
export const K8S_NAMESPACE = 'k8s.io';

/** A runtime handler of the daemon's config (`[plugins."io.containerd.grpc.v1.cri".containerd.runtimes.<name>]`). */
export interface HandlerConfig {
  readonly name: string;
  /** An absolute path to a base runtime spec. */
  readonly baseRuntimeSpec?: string;
  readonly podAnnotations?: readonly string[];
  readonly containerAnnotations?: readonly string[];
  readonly privilegedWithoutHostDevices?: boolean;
}

export interface DaemonOptions {
  /** Runtime handlers; the first is the default runtime. */
  readonly handlers: readonly HandlerConfig[];
  /** The pod sandbox image (`sandbox_image`). */
  readonly sandboxImage: string;
}

/** The tools the suite needs, found by {@link preflight}. */
export interface Tools {
  /** `containerd --version`'s version (`1.6.20~ds1`). */
  readonly containerdVersion: string;
  /** `[major, minor]`. */
  readonly containerdRelease: readonly [number, number];
}

/** A running daemon and what the suite must know about it. */
export interface Daemon {
  readonly dir: string;
  readonly socket: string;
  readonly configFile: string;
  readonly pid: number;
  readonly tools: Tools;
  readonly client: CriClient;
  /** The CRI plugin's own root and state dirs (`<root>/io.containerd.grpc.v1.cri`, `<state>/…`). */
  readonly criRoot: string;
  readonly criState: string;
  /** The CRI settings of this daemon's config, as @ocispec/cri reads them. */
  readonly criSettings: CriSettings;
  /** The default runtime's name (`default_runtime_name`). */
  readonly defaultRuntime: string;
  /** A handler's settings, as @ocispec/cri reads them. */
  runtimeSettings(handler: string): RuntimeSettings;
  /** Records a sandbox or container id, so that the sweep finds its shim socket and cgroup. */
  track(id: string): void;
  /** The daemon's log so far (for error messages). */
  log(): string;
}

interface Live {
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

/**
 * Checks what the suite needs (root, containerd, ctr, runc, the runc v2 shim, tar, a static busybox) and throws
 * one message naming everything missing.
 */
export function preflight(): Tools {
  const problems: string[] = [];
  if (process.getuid?.() !== 0) problems.push(`the suite must run as root (uid ${process.getuid?.()})`);
  const version = (cmd: string, args: string[]): string | undefined => {
    const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 10_000 });
    if (r.error !== undefined || r.status !== 0) {
      problems.push(`${cmd} does not run (${r.error?.message ?? oneLine(r.stderr)})`);
      return undefined;
    }
    return r.stdout;
  };
  const containerd = version('containerd', ['--version']);
  version('ctr', ['--version']);
  version('runc', ['--version']);
  version('containerd-shim-runc-v2', ['-v']);
  version('tar', ['--version']);
  if (!fs.existsSync(BUSYBOX)) problems.push(`${BUSYBOX} is missing`);
  else if (hasInterpreter(BUSYBOX)) problems.push(`${BUSYBOX} is dynamically linked (need busybox-static)`);
  const match = /containerd\S*\s+\S+\s+v?(\d+)\.(\d+)\.\S+/.exec(containerd ?? '');
  if (containerd !== undefined && match === null) {
    problems.push(`cannot read containerd's version from ${JSON.stringify(oneLine(containerd))}`);
  }
  if (problems.length > 0) {
    throw new Error(
      `containerd e2e: ${problems.join('; ')}. On Debian: apt-get install containerd runc busybox-static`,
    );
  }
  const [, major, minor] = match!;
  const full = /\s(v?\d+\.\d+\.\S+)/.exec(containerd!)![1]!;
  return { containerdVersion: full.replace(/^v/, ''), containerdRelease: [Number(major), Number(minor)] };
}

/** The daemon's `config.toml` (version 2, containerd 1.6's CRI plugin). */
function configToml(dir: string, options: DaemonOptions): string {
  const runtimes: Record<string, Record<string, unknown>> = {};
  for (const h of options.handlers) {
    runtimes[h.name] = {
      runtime_type: 'io.containerd.runc.v2',
      ...(h.baseRuntimeSpec === undefined ? {} : { base_runtime_spec: h.baseRuntimeSpec }),
      ...(h.podAnnotations === undefined ? {} : { pod_annotations: [...h.podAnnotations] }),
      ...(h.containerAnnotations === undefined ? {} : { container_annotations: [...h.containerAnnotations] }),
      ...(h.privilegedWithoutHostDevices === undefined
        ? {}
        : { privileged_without_host_devices: h.privilegedWithoutHostDevices }),
      // runc's state under the suite's dir, not /run/containerd/runc.
      options: { Root: path.join(dir, 'runc') },
    };
  }
  return stringify({
    version: 2,
    root: path.join(dir, 'root'),
    state: path.join(dir, 'state'),
    disabled_plugins: [
      'io.containerd.snapshotter.v1.btrfs',
      'io.containerd.snapshotter.v1.zfs',
      'io.containerd.snapshotter.v1.aufs',
      'io.containerd.snapshotter.v1.devmapper',
    ],
    grpc: { address: path.join(dir, 'containerd.sock') },
    ttrpc: { address: path.join(dir, 'containerd.sock.ttrpc') },
    debug: { address: '', level: 'info' },
    metrics: { address: '' },
    plugins: {
      'io.containerd.internal.v1.opt': { path: path.join(dir, 'opt') },
      'io.containerd.grpc.v1.cri': {
        sandbox_image: options.sandboxImage,
        // No CAP_SYS_RESOURCE here: runc could not lower the shims' oom_score_adj.
        restrict_oom_score_adj: true,
        // containerd 2.x's defaults, so that ocispec (which follows HEAD) and the daemon start from the same config.
        enable_unprivileged_ports: true,
        enable_unprivileged_icmp: true,
        stream_server_address: '127.0.0.1',
        stream_server_port: '0',
        enable_selinux: false,
        containerd: {
          snapshotter: 'overlayfs',
          default_runtime_name: options.handlers[0]!.name,
          runtimes,
        },
        cni: { bin_dir: path.join(dir, 'cni', 'bin'), conf_dir: path.join(dir, 'cni', 'conf') },
      },
    },
  });
}

/** The CRI settings of {@link configToml}, as @ocispec/cri's input names them. */
function criSettingsOf(dir: string, sandboxImage: string): CriSettings {
  return {
    rootDir: path.join(dir, 'root', 'io.containerd.grpc.v1.cri'),
    stateDir: path.join(dir, 'state', 'io.containerd.grpc.v1.cri'),
    restrictOOMScoreAdj: true,
    enableUnprivilegedPorts: true,
    enableUnprivilegedICMP: true,
    sandboxImage,
  };
}

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

function liveOf(workspace: Workspace): Live {
  const live = lives.find((l) => l.dir === workspace.dir);
  if (live === undefined) throw new Error(`containerd e2e: workspace ${workspace.dir} was already swept`);
  return live;
}

/**
 * Starts containerd in `workspace` (root, state and socket there) and waits, at most {@link START_TIMEOUT_MS},
 * until its CRI plugin reports the runtime ready. Throws with the daemon's last log lines when it does not.
 */
export async function startDaemon(
  workspace: Workspace,
  tools: Tools,
  options: DaemonOptions,
): Promise<Daemon> {
  const live = liveOf(workspace);
  const { dir, socket } = live;
  const configFile = path.join(dir, 'config.toml');
  fs.writeFileSync(configFile, configToml(dir, options));
  const logFile = path.join(dir, 'containerd.log');
  const logFd = fs.openSync(logFile, 'w');
  const child = spawn('containerd', ['--config', configFile], { stdio: ['ignore', logFd, logFd] });
  fs.closeSync(logFd);
  live.pid = child.pid;
  const log = (): string => {
    try {
      return fs.readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };
  let exited: string | undefined;
  child.on('exit', (code, signal) => {
    exited = `containerd exited (${signal ?? `exit ${code}`})`;
  });
  const failure = (why: string): Error =>
    new Error(`containerd e2e: the daemon did not start: ${why}; last log lines: ${lastLines(log(), 8)}`);
  try {
    if (child.pid === undefined) throw failure('spawn failed');
    await poll(
      'the daemon socket',
      () => (exited === undefined ? fs.existsSync(socket) || undefined : true),
      {
        timeoutMs: START_TIMEOUT_MS,
      },
    );
    if (exited !== undefined) throw failure(exited);
    const client = await CriClient.connect(socket, { timeoutMs: START_TIMEOUT_MS });
    live.client = client;
    await poll(
      'the CRI runtime to be ready',
      async () => {
        if (exited !== undefined) throw failure(exited);
        const status = await client.status({});
        return status.status?.conditions.some((c) => c.type === 'RuntimeReady' && c.status) || undefined;
      },
      { timeoutMs: START_TIMEOUT_MS },
    );
    return {
      dir,
      socket,
      configFile,
      pid: child.pid,
      tools,
      client,
      criRoot: path.join(dir, 'root', 'io.containerd.grpc.v1.cri'),
      criState: path.join(dir, 'state', 'io.containerd.grpc.v1.cri'),
      criSettings: criSettingsOf(dir, options.sandboxImage),
      defaultRuntime: options.handlers[0]!.name,
      runtimeSettings(name) {
        const h = options.handlers.find((x) => x.name === name);
        if (h === undefined) throw new Error(`no runtime handler ${name}`);
        return {
          runtimeType: 'io.containerd.runc.v2',
          ...(h.baseRuntimeSpec === undefined ? {} : { baseRuntimeSpec: h.baseRuntimeSpec }),
          ...(h.podAnnotations === undefined ? {} : { podAnnotations: [...h.podAnnotations] }),
          ...(h.containerAnnotations === undefined
            ? {}
            : { containerAnnotations: [...h.containerAnnotations] }),
          ...(h.privilegedWithoutHostDevices === undefined
            ? {}
            : { privilegedWithoutHostDevices: h.privilegedWithoutHostDevices }),
        };
      },
      track(id) {
        live.ids.add(id);
      },
      log,
    };
  } catch (error) {
    if (live.pid !== undefined && isRunning(live.pid)) kill(live.pid);
    throw error;
  }
}

/**
 * Stops everything: every pod through CRI (which stops and removes its containers), then the daemon by its PID
 * (SIGTERM, SIGKILL after {@link STOP_TIMEOUT_MS}), then {@link sweep} of the workspace. Returns what could not be
 * cleaned.
 */
export async function stopDaemon(workspace: Workspace, daemon: Daemon | undefined): Promise<string[]> {
  const live = lives.find((l) => l.dir === workspace.dir);
  if (live === undefined) return [];
  const problems: string[] = [];
  if (daemon !== undefined && live.pid !== undefined && isRunning(live.pid)) {
    try {
      const { items } = await daemon.client.listPodSandbox({}, { timeoutMs: 10_000 });
      for (const pod of items) {
        live.ids.add(pod.id);
        await daemon.client.stopPodSandbox({ podSandboxId: pod.id }, { timeoutMs: 30_000 });
        await daemon.client.removePodSandbox({ podSandboxId: pod.id }, { timeoutMs: 30_000 });
      }
    } catch (error) {
      problems.push(`removing pods: ${(error as Error).message}`);
    }
    daemon.client.close();
    live.client = undefined;
    process.kill(live.pid, 'SIGTERM');
    await poll('containerd to exit', () => (isRunning(live.pid!) ? undefined : true), {
      timeoutMs: STOP_TIMEOUT_MS,
    }).catch(() => undefined);
  }
  return [...problems, ...sweep(live)];
}

/**
 * Removes everything a workspace's daemon left, synchronously: the daemon (SIGKILL), its shims, every process in
 * its cgroups, mounts under the workspace (deepest first), its cgroups in every hierarchy, its shim sockets and the
 * host dirs it created, then the workspace. Returns what it could not remove.
 */
function sweep(live: Live): string[] {
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
export function shimSocketName(address: string, id: string): string {
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

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A zombie still answers signal 0: it is gone for our purposes.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function kill(pid: number): void {
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

function lastLines(text: string, n: number): string {
  return oneLine(text.trim().split('\n').slice(-n).join('\n')) || '(empty)';
}
