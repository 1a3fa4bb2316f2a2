/**
 * The end-to-end harness: a busybox rootfs, bundles written by `ocispec bundle`, containers run by the host's runc
 * with their stdio captured, and cleanup that always runs. Nothing here skips: a host where runc cannot run
 * containers makes every scenario fail with the reason.
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliRun } from '@ocispec/cli';
import { runCli } from '@ocispec/cli';
import { parseJson } from '@ocispec/core';

/** The containerd namespace of every e2e pipeline: cgroups land under `/ocispec-e2e/<id>`. */
export const NAMESPACE = 'ocispec-e2e';
/** How long one container may run before it is killed and its scenario fails. */
export const CONTAINER_TIMEOUT_MS = 20_000;
/** The busybox binary put into the rootfs (Debian's busybox-static). */
export const BUSYBOX = '/bin/busybox';
export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** What the host offers, found once by {@link e2eHost}. */
export interface E2EHost {
  /** runc's version, `[major, minor, patch]`. */
  readonly runcVersion: readonly [number, number, number];
  /** The shared busybox rootfs (never written by a scenario that runs in reference mode). */
  readonly rootfs: string;
  /** runc's state directory for this run (`runc --root`). */
  readonly stateDir: string;
}

export interface ContainerRun {
  readonly id: string;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The config.json runc was given, parsed. */
  readonly config: Record<string, unknown>;
  /** The config.json runc was given, byte for byte. */
  readonly configBytes: Uint8Array;
}

export interface Scenario {
  /** Options after the harness's `withNamespacedCgroup` and `withDefaultPathEnv` (and before the process args). */
  readonly opts?: readonly unknown[][];
  /** A base spec file (absolute path), as the pipeline file's `base`. */
  readonly base?: string;
  /** The shell script the container runs (`/bin/sh -c script`). */
  readonly script: string;
  readonly rootfsMode?: 'reference' | 'copy' | 'link';
  /** Overrides {@link CONTAINER_TIMEOUT_MS} for this container. */
  readonly timeoutMs?: number;
  /** Inspect the bundle (on the host) after the container ran, before it is removed. */
  readonly inspectBundle?: (bundle: string) => void;
  /**
   * Rewrites config.json's text after `ocispec bundle` wrote it and before runc reads it (texts no printer writes:
   * repeated or case-folded keys).
   */
  readonly rewriteConfig?: (text: string) => string | Uint8Array;
}

let hostPromise: Promise<E2EHost> | undefined;
let counter = 0;
/** Containers and bundles of the running test, cleaned by {@link cleanup} even when a test fails. */
const live = { containers: new Set<string>(), dirs: new Set<string>() };

/** Checks the host once (root, runc, busybox, a container that runs) and builds the rootfs. Throws why not. */
export function e2eHost(): Promise<E2EHost> {
  hostPromise ??= preflight();
  return hostPromise;
}

async function preflight(): Promise<E2EHost> {
  const uid = process.getuid?.();
  if (uid !== 0) {
    throw new Error(`e2e: runc must run as root to create containers here, but the suite runs as uid ${uid}`);
  }
  const version = spawnSync('runc', ['--version'], { encoding: 'utf8' });
  if (version.error !== undefined) {
    throw new Error(`e2e: runc is not installed (${version.error.message}); apt-get install runc`);
  }
  const match = /runc version (\d+)\.(\d+)\.(\d+)/.exec(version.stdout);
  if (match === null)
    throw new Error(`e2e: cannot read runc's version from ${JSON.stringify(version.stdout)}`);
  if (!fs.existsSync(BUSYBOX)) throw new Error(`e2e: ${BUSYBOX} is missing; apt-get install busybox-static`);
  if (hasInterpreter(BUSYBOX)) {
    throw new Error(
      `e2e: ${BUSYBOX} is dynamically linked and cannot run in a rootfs without libc; apt-get install busybox-static`,
    );
  }
  const stateDir = fs.mkdtempSync(path.join(tmpdir(), 'ocispec-e2e-state-'));
  const rootfs = buildRootfs();
  const host: E2EHost = {
    runcVersion: [Number(match[1]), Number(match[2]), Number(match[3])],
    rootfs,
    stateDir,
  };
  const smoke = await runIn(host, { script: 'echo ready' }).catch((error: unknown) => ({
    code: null,
    stdout: '',
    stderr: error instanceof Error ? error.message : String(error),
  }));
  if (smoke.code !== 0 || smoke.stdout !== 'ready\n') {
    fs.rmSync(rootfs, { recursive: true, force: true });
    fs.rmSync(stateDir, { recursive: true, force: true });
    throw new Error(
      `e2e: runc ${match.slice(1).join('.')} cannot start a busybox container on this host ` +
        `(exit ${smoke.code}): ${oneLine(smoke.stderr) || oneLine(smoke.stdout) || 'no output'}`,
    );
  }
  return host;
}

/** A busybox rootfs: the static binary, a symlink per applet, users and groups, `/work`, `/tmp`. */
export function buildRootfs(): string {
  const rootfs = fs.mkdtempSync(path.join(tmpdir(), 'ocispec-e2e-rootfs-'));
  fs.chmodSync(rootfs, 0o755);
  for (const d of [
    'bin',
    'sbin',
    'usr/bin',
    'usr/sbin',
    'etc',
    'work',
    'root',
    'home/app',
    'proc',
    'sys',
    'dev',
  ]) {
    fs.mkdirSync(path.join(rootfs, d), { recursive: true });
  }
  fs.mkdirSync(path.join(rootfs, 'tmp'), { mode: 0o1777 });
  fs.chmodSync(path.join(rootfs, 'tmp'), 0o1777);
  fs.copyFileSync(BUSYBOX, path.join(rootfs, 'bin', 'busybox'));
  fs.chmodSync(path.join(rootfs, 'bin', 'busybox'), 0o755);
  const list = spawnSync(BUSYBOX, ['--list-full'], { encoding: 'utf8' });
  if (list.status !== 0) throw new Error(`e2e: ${BUSYBOX} --list-full failed: ${oneLine(list.stderr)}`);
  for (const applet of list.stdout.split('\n').filter((l) => l.includes('/'))) {
    const link = path.join(rootfs, applet);
    if (applet === 'bin/busybox' || fs.existsSync(link)) continue;
    fs.mkdirSync(path.dirname(link), { recursive: true });
    fs.symlinkSync('/bin/busybox', link);
  }
  fs.copyFileSync(path.join(FIXTURES, 'passwd'), path.join(rootfs, 'etc', 'passwd'));
  fs.copyFileSync(path.join(FIXTURES, 'group'), path.join(rootfs, 'etc', 'group'));
  return rootfs;
}

/**
 * Writes a pipeline file, turns it into a bundle with `ocispec bundle`, runs it with `runc run` (stdio captured,
 * killed after {@link CONTAINER_TIMEOUT_MS}), then deletes the container and the bundle whatever happened.
 */
export async function runContainer(scenario: Scenario): Promise<ContainerRun> {
  return runIn(await e2eHost(), scenario);
}

async function runIn(host: E2EHost, scenario: Scenario): Promise<ContainerRun> {
  counter += 1;
  const id = `e2e-${process.pid}-${counter}-${Date.now().toString(36)}`;
  const work = fs.mkdtempSync(path.join(tmpdir(), `ocispec-e2e-${id}-`));
  live.dirs.add(work);
  try {
    const pipelineFile = path.join(work, 'pipeline.json');
    fs.writeFileSync(
      pipelineFile,
      JSON.stringify({
        name: id,
        namespace: NAMESPACE,
        id,
        ...(scenario.base === undefined ? {} : { base: scenario.base }),
        opts: [
          ['withNamespacedCgroup'],
          ['withDefaultPathEnv'],
          ...(scenario.opts ?? []),
          ['withProcessArgs', '/bin/sh', '-c', scenario.script],
        ],
      }),
    );
    const bundle = path.join(work, 'bundle');
    const made = await cli([
      'bundle',
      pipelineFile,
      '--rootfs',
      host.rootfs,
      '--out',
      bundle,
      '--rootfs-mode',
      scenario.rootfsMode ?? 'reference',
      '--quiet',
    ]);
    if (made.code !== 0) throw new Error(`ocispec bundle failed (exit ${made.code}): ${made.stderr.trim()}`);
    const configFile = path.join(bundle, 'config.json');
    if (scenario.rewriteConfig !== undefined) {
      fs.writeFileSync(configFile, scenario.rewriteConfig(fs.readFileSync(configFile, 'utf8')));
    }
    const configBytes = new Uint8Array(fs.readFileSync(configFile));
    const config = parseJson(new TextDecoder().decode(configBytes)) as Record<string, unknown>;
    const result = await runBundle(host, id, bundle, scenario.timeoutMs ?? CONTAINER_TIMEOUT_MS);
    scenario.inspectBundle?.(bundle);
    return { id, code: result.code, stdout: result.stdout, stderr: result.stderr, config, configBytes };
  } finally {
    await removeContainer(host.stateDir, id);
    fs.rmSync(work, { recursive: true, force: true });
    live.dirs.delete(work);
  }
}

/** Runs `runc run` on a bundle (killed after `timeoutMs`: the run then fails). */
async function runBundle(host: E2EHost, id: string, bundle: string, timeoutMs: number): Promise<Exec> {
  live.containers.add(id);
  // On timeout, `runc run` is killed and the container with it (its processes hold our stdio pipes open).
  const result = await runc(host.stateDir, ['run', '--bundle', bundle, id], timeoutMs, () =>
    runc(host.stateDir, ['delete', '--force', id], 10_000),
  );
  if (result.timedOut) {
    throw new Error(`container ${id} did not finish within ${timeoutMs} ms; stderr: ${result.stderr.trim()}`);
  }
  return result;
}

/** What {@link runComposed} hands the code that writes a bundle's config. */
export interface BundleTarget {
  /** The container id (also the cgroup's last element under {@link NAMESPACE}). */
  readonly id: string;
  /** The shared busybox rootfs, to use as `root.path`. */
  readonly rootfs: string;
  /** A directory for the test's own files (removed with the bundle). */
  readonly work: string;
}

/**
 * Runs a container from a config.json the test composes itself (through the library, not `ocispec bundle`):
 * `compose` returns the config text; the bundle, the container and `work` are removed whatever happens.
 */
export async function runComposed(
  compose: (target: BundleTarget) => string | Promise<string>,
  timeoutMs = CONTAINER_TIMEOUT_MS,
): Promise<ContainerRun> {
  const host = await e2eHost();
  counter += 1;
  const id = `e2e-${process.pid}-${counter}-${Date.now().toString(36)}`;
  const work = fs.mkdtempSync(path.join(tmpdir(), `ocispec-e2e-${id}-`));
  live.dirs.add(work);
  try {
    const bundle = path.join(work, 'bundle');
    fs.mkdirSync(bundle);
    const text = await compose({ id, rootfs: host.rootfs, work });
    const configBytes = new TextEncoder().encode(text);
    fs.writeFileSync(path.join(bundle, 'config.json'), configBytes);
    const config = parseJson(text) as Record<string, unknown>;
    const result = await runBundle(host, id, bundle, timeoutMs);
    return { id, code: result.code, stdout: result.stdout, stderr: result.stderr, config, configBytes };
  } finally {
    await removeContainer(host.stateDir, id);
    fs.rmSync(work, { recursive: true, force: true });
    live.dirs.delete(work);
  }
}

/** Deletes whatever a failed test left behind (containers, bundles); safe to call at any time. */
export async function cleanup(): Promise<void> {
  const host = hostPromise === undefined ? undefined : await hostPromise.catch(() => undefined);
  if (host !== undefined) for (const id of [...live.containers]) await removeContainer(host.stateDir, id);
  for (const d of [...live.dirs]) fs.rmSync(d, { recursive: true, force: true });
  live.dirs.clear();
}

/** After the suite: the rootfs, runc's state directory and the (empty) namespace cgroups. */
export async function teardown(): Promise<void> {
  await cleanup();
  const host = hostPromise === undefined ? undefined : await hostPromise.catch(() => undefined);
  if (host === undefined) return;
  fs.rmSync(host.rootfs, { recursive: true, force: true });
  fs.rmSync(host.stateDir, { recursive: true, force: true });
  for (const hierarchy of safeReaddir('/sys/fs/cgroup')) {
    try {
      fs.rmdirSync(path.join('/sys/fs/cgroup', hierarchy, NAMESPACE));
    } catch {
      // absent, or still used by a concurrent run: leave it
    }
  }
}

async function removeContainer(stateDir: string, id: string): Promise<void> {
  await runc(stateDir, ['delete', '--force', id], 10_000);
  live.containers.delete(id);
}

interface Exec {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

function runc(
  stateDir: string,
  args: string[],
  timeoutMs: number,
  onTimeout?: () => Promise<unknown>,
): Promise<Exec> {
  return new Promise((resolve) => {
    const child = spawn('runc', ['--root', stateDir, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
      void onTimeout?.();
      // Whatever still holds the pipes, give up on them shortly after.
      setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        resolve({ code: null, stdout, stderr, timedOut });
      }, 5_000).unref();
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: null, stdout, stderr: `${stderr}${error.message}`, timedOut });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}

function cli(argv: string[]): Promise<CliRun> {
  return runCli(argv);
}

/** True when an ELF64 executable names a program interpreter (PT_INTERP): it is dynamically linked. */
export function hasInterpreter(file: string): boolean {
  const elf = fs.readFileSync(file);
  if (elf.readUInt32BE(0) !== 0x7f454c46 || elf[4] !== 2) return false;
  const phoff = Number(elf.readBigUInt64LE(0x20));
  const phentsize = elf.readUInt16LE(0x36);
  const phnum = elf.readUInt16LE(0x38);
  for (let i = 0; i < phnum; i++) {
    if (elf.readUInt32LE(phoff + i * phentsize) === 3) return true;
  }
  return false;
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

function oneLine(text: string): string {
  return text.trim().split('\n').join(' | ');
}

/** `Key:\tvalue` lines of a `/proc/<pid>/status` text. */
export function statusFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) fields.set(line.slice(0, i), line.slice(i + 1).trim());
  }
  return fields;
}

/** Linux capability numbers (capability.h), independent of the implementation under test. */
export const CAP_NUMBERS: Readonly<Record<string, number>> = {
  CAP_CHOWN: 0,
  CAP_DAC_OVERRIDE: 1,
  CAP_DAC_READ_SEARCH: 2,
  CAP_FOWNER: 3,
  CAP_FSETID: 4,
  CAP_KILL: 5,
  CAP_SETGID: 6,
  CAP_SETUID: 7,
  CAP_SETPCAP: 8,
  CAP_LINUX_IMMUTABLE: 9,
  CAP_NET_BIND_SERVICE: 10,
  CAP_NET_BROADCAST: 11,
  CAP_NET_ADMIN: 12,
  CAP_NET_RAW: 13,
  CAP_IPC_LOCK: 14,
  CAP_IPC_OWNER: 15,
  CAP_SYS_MODULE: 16,
  CAP_SYS_RAWIO: 17,
  CAP_SYS_CHROOT: 18,
  CAP_SYS_PTRACE: 19,
  CAP_SYS_PACCT: 20,
  CAP_SYS_ADMIN: 21,
  CAP_SYS_BOOT: 22,
  CAP_SYS_NICE: 23,
  CAP_SYS_RESOURCE: 24,
  CAP_SYS_TIME: 25,
  CAP_SYS_TTY_CONFIG: 26,
  CAP_MKNOD: 27,
  CAP_LEASE: 28,
  CAP_AUDIT_WRITE: 29,
  CAP_AUDIT_CONTROL: 30,
  CAP_SETFCAP: 31,
  CAP_MAC_OVERRIDE: 32,
  CAP_MAC_ADMIN: 33,
  CAP_SYSLOG: 34,
  CAP_WAKE_ALARM: 35,
  CAP_BLOCK_SUSPEND: 36,
  CAP_AUDIT_READ: 37,
  CAP_PERFMON: 38,
  CAP_BPF: 39,
  CAP_CHECKPOINT_RESTORE: 40,
};

/** The `/proc/self/status` bitmap of a capability list. */
export function capMask(caps: readonly string[]): bigint {
  let mask = 0n;
  for (const cap of caps) {
    const bit = CAP_NUMBERS[cap];
    if (bit === undefined) throw new Error(`unknown capability ${cap}`);
    mask |= 1n << BigInt(bit);
  }
  return mask;
}
