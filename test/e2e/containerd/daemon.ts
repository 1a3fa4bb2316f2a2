/**
 * A private containerd for the suite: its own root, state, socket and runc root in the workspace, a `config.toml`
 * with the suite's runtime handlers, started by PID and waited for with a deadline, stopped through CRI and by PID.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CriSettings, RuntimeSettings } from '@ocispec/cri';
import { CriClient } from '@ocispec/cri-client';
import type { DaemonOptions } from './config.js';
import { configToml, criSettingsOf, runtimeSettingsOf } from './config.js';
import type { Tools } from './preflight.js';
import { oneLine, poll } from './process.js';
import type { Workspace } from './sweep.js';
import { findLive, isRunning, kill, liveOf, sweep } from './sweep.js';

/** How long the daemon may take to answer after it was started (a loaded 2-core machine). */
const START_TIMEOUT_MS = 20_000;
/** How long it may take to exit after SIGTERM before it is killed. */
const STOP_TIMEOUT_MS = 10_000;

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
        return runtimeSettingsOf(h);
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
  const live = findLive(workspace);
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

function lastLines(text: string, n: number): string {
  return oneLine(text.trim().split('\n').slice(-n).join('\n')) || '(empty)';
}
