/**
 * The suite's world: a workspace, the runtime handlers' base specs, a busybox rootfs, a shared mount, the daemon,
 * the imported images, and pods and containers created through CRI, each with the input that predicts its spec:
 * the same CRI config, plus what only the daemon knows (ids, the sandbox pid, image volume dirs) from its answers.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ImageConfig, Spec } from '@ocispec/core';
import type { ContainerConfig, ContainerSpecInput, PodSandboxConfig, SandboxSpecInput } from '@ocispec/cri';
import { containerSpec } from '@ocispec/cri';
import { containerdContainerInfo, containerdImageInfo, containerdSandboxInfo } from '@ocispec/cri-client';
import { buildRootfs } from '../harness.js';
import type { ContainerCase, ImageName, PodName, RefusedCase } from './cases.js';
import { CONTAINERS, IMAGES, PODS } from './cases.js';
import type { Daemon } from './daemon.js';
import { startDaemon, stopDaemon } from './daemon.js';
import { writeHandlers } from './handlers.js';
import { importImages, writeImageArchive } from './image.js';
import type { KubeletEnv } from './kubelet.js';
import { containerConfig, podSandboxConfig } from './kubelet.js';
import type { Tools } from './preflight.js';
import { preflight } from './preflight.js';
import { poll, run } from './process.js';
import type { Workspace } from './sweep.js';
import { createWorkspace } from './sweep.js';

/** How long an image may take to show up in CRI after `ctr images import`. */
const IMAGE_TIMEOUT_MS = 20_000;

export interface SuiteImage {
  readonly name: string;
  /** CRI's image id (`sha256:<config digest>`), what kubelet puts in `image.image`. */
  readonly id: string;
  /** The image config as containerd read it (`ImageStatus` verbose). */
  readonly config: ImageConfig;
}

export interface Pod {
  readonly name: PodName;
  readonly id: string;
  readonly handler: string;
  readonly config: PodSandboxConfig;
  /** The pause container's pid (`PodSandboxStatus` verbose). */
  readonly pid: number;
  /** The spec containerd generated for the sandbox. */
  readonly spec: Spec;
  /** What predicts that spec. */
  readonly input: SandboxSpecInput;
}

export interface Container {
  readonly id: string;
  readonly case: ContainerCase;
  readonly pod: Pod;
  readonly config: ContainerConfig;
  readonly spec: Spec;
  readonly input: ContainerSpecInput;
  /** The image volume dirs containerd chose, in destination order (fed to the prediction's `volumeId`). */
  readonly volumeIds: readonly string[];
  /** The task's pid once started (probe cases are started right after they are created), else 0. */
  readonly pid: number;
}

export interface Suite {
  readonly tools: Tools;
  readonly workspace: Workspace;
  readonly daemon: Daemon;
  readonly env: KubeletEnv;
  readonly rootfs: string;
  readonly images: Readonly<Record<ImageName, SuiteImage>>;
  /** The pod, created on first use. */
  pod(name: PodName): Promise<Pod>;
  /** The container of a case, created (with its pod) on first use; probe cases are started. */
  container(c: ContainerCase): Promise<Container>;
  /** Tries a config containerd should refuse, through CRI and through ocispec; returns both errors. */
  refused(
    c: RefusedCase,
  ): Promise<{ readonly daemon: string | undefined; readonly ocispec: string | undefined }>;
}

/** A Localhost seccomp profile (kubelet's `<root>/seccomp/audit.json`): everything allowed but a few syscalls. */
const AUDIT_PROFILE = {
  defaultAction: 'SCMP_ACT_ALLOW',
  syscalls: [{ names: ['kexec_load', 'open_by_handle_at', 'swapon', 'swapoff'], action: 'SCMP_ACT_ERRNO' }],
};

/** The runtime handler name CRI is given: `""` for the default runtime (no RuntimeClass). */
function runtimeHandlerOf(daemon: Daemon, handler: string): string {
  return handler === daemon.defaultRuntime ? '' : handler;
}

/** Sets everything up; on failure the workspace is swept and the error says what failed. */
export async function setUpSuite(): Promise<Suite> {
  const tools = preflight();
  const cgroupRoot = `/ocispec-e2e-kubepods-${process.pid}`;
  const workspace = createWorkspace(cgroupRoot);
  const { dir } = workspace;
  let daemon: Daemon | undefined;
  try {
    const rootfs = path.join(dir, 'rootfs');
    fs.renameSync(buildRootfs(), rootfs);
    const shared = path.join(dir, 'shared');
    fs.mkdirSync(shared);
    await run('mount', ['--bind', shared, shared], { timeoutMs: 10_000 });
    await run('mount', ['--make-shared', shared], { timeoutMs: 10_000 });
    const handlers = await writeHandlers(dir);
    daemon = await startDaemon(workspace, tools, { handlers, sandboxImage: IMAGES.sandbox.name });
    await importImages(daemon.socket, await writeImageArchive(rootfs, Object.values(IMAGES), dir));
    const images = await resolveImages(daemon);
    const env: KubeletEnv = {
      root: path.join(dir, 'kubelet'),
      logs: path.join(dir, 'pod-logs'),
      cgroupRoot,
      shared,
    };
    fs.mkdirSync(path.join(env.root, 'seccomp'), { recursive: true });
    fs.writeFileSync(path.join(env.root, 'seccomp', 'audit.json'), JSON.stringify(AUDIT_PROFILE));
    return new World(tools, workspace, daemon, env, rootfs, images);
  } catch (error) {
    const problems = await stopDaemon(workspace, daemon);
    if (problems.length > 0 && error instanceof Error) error.message += `; cleanup: ${problems.join('; ')}`;
    throw error;
  }
}

/** Stops the daemon and sweeps the workspace; returns what could not be cleaned (empty when all went). */
export function tearDownSuite(suite: Suite | undefined): Promise<string[]> {
  return suite === undefined ? Promise.resolve([]) : stopDaemon(suite.workspace, suite.daemon);
}

async function resolveImages(daemon: Daemon): Promise<Record<ImageName, SuiteImage>> {
  const out: Partial<Record<ImageName, SuiteImage>> = {};
  for (const [key, image] of Object.entries(IMAGES) as [ImageName, (typeof IMAGES)[ImageName]][]) {
    const status = await poll(
      `image ${image.name} in CRI`,
      async () => {
        const s = await daemon.client.imageStatus({ image: { image: image.name }, verbose: true });
        return s.image === null ? undefined : s;
      },
      { timeoutMs: IMAGE_TIMEOUT_MS },
    );
    out[key] = {
      name: image.name,
      id: status.image!.id,
      config: containerdImageInfo(status).imageSpec.config ?? {},
    };
  }
  return out as Record<ImageName, SuiteImage>;
}

/** The suite's pods and containers, each created once, on first use. */
class World implements Suite {
  private readonly pods = new Map<PodName, Promise<Pod>>();
  private readonly containers = new Map<string, Promise<Container>>();

  constructor(
    readonly tools: Tools,
    readonly workspace: Workspace,
    readonly daemon: Daemon,
    readonly env: KubeletEnv,
    readonly rootfs: string,
    readonly images: Readonly<Record<ImageName, SuiteImage>>,
  ) {}

  pod(name: PodName): Promise<Pod> {
    let pod = this.pods.get(name);
    if (pod === undefined) {
      pod = this.createPod(name);
      this.pods.set(name, pod);
    }
    return pod;
  }

  container(c: ContainerCase): Promise<Container> {
    const key = `${c.pod}/${c.shape.name}`;
    let container = this.containers.get(key);
    if (container === undefined) {
      container = this.createContainer(c);
      this.containers.set(key, container);
    }
    return container;
  }

  async refused(
    c: RefusedCase,
  ): Promise<{ readonly daemon: string | undefined; readonly ocispec: string | undefined }> {
    const pod = await this.pod(c.pod);
    const image = this.images[c.image];
    const kubelet = containerConfig(this.env, PODS[c.pod].shape, c.shape, image);
    const config = c.edit === undefined ? kubelet : c.edit(kubelet);
    const daemon = await this.daemon.client
      .createContainer({ podSandboxId: pod.id, config, sandboxConfig: pod.config })
      .then(
        ({ containerId }) => {
          this.daemon.track(containerId);
          return undefined;
        },
        (error: Error) => error.message,
      );
    const ocispec = await containerSpec(this.containerInput('refused', pod, config, image)).then(
      () => undefined,
      (error: Error) => error.message,
    );
    return { daemon, ocispec };
  }

  private async createPod(name: PodName): Promise<Pod> {
    const { shape, handler } = PODS[name];
    const config = podSandboxConfig(this.env, shape);
    const { podSandboxId } = await this.daemon.client.runPodSandbox({
      config,
      runtimeHandler: runtimeHandlerOf(this.daemon, handler),
    });
    this.daemon.track(podSandboxId);
    const info = containerdSandboxInfo(
      await this.daemon.client.podSandboxStatus({ podSandboxId, verbose: true }),
    );
    return {
      name,
      id: podSandboxId,
      handler,
      config,
      pid: info.pid,
      spec: info.runtimeSpec,
      input: {
        id: podSandboxId,
        config,
        imageConfig: this.images.sandbox.config,
        rootfs: this.rootfs,
        runtime: this.daemon.runtimeSettings(handler),
        cri: this.daemon.criSettings,
      },
    };
  }

  private async createContainer(c: ContainerCase): Promise<Container> {
    const { client } = this.daemon;
    const pod = await this.pod(c.pod);
    const image = this.images[c.image];
    const target = c.shape.pidTarget === undefined ? undefined : await this.target(c);
    const config = containerConfig(this.env, PODS[c.pod].shape, c.shape, image, target?.id);
    const { containerId } = await client.createContainer({
      podSandboxId: pod.id,
      config,
      sandboxConfig: pod.config,
    });
    this.daemon.track(containerId);
    const info = containerdContainerInfo(await client.containerStatus({ containerId, verbose: true }));
    let pid = 0;
    if (c.probe === true) {
      await client.startContainer({ containerId });
      pid = containerdContainerInfo(await client.containerStatus({ containerId, verbose: true })).pid;
    }
    const volumes = path.join(this.daemon.criRoot, 'containers', containerId, 'volumes');
    const volumeIds = (info.runtimeSpec.mounts ?? [])
      .filter((m) => m.source?.startsWith(`${volumes}/`) === true)
      .sort((a, b) => ((a.destination ?? '') < (b.destination ?? '') ? -1 : 1))
      .map((m) => path.basename(m.source!));
    return {
      id: containerId,
      case: c,
      pod,
      config,
      spec: info.runtimeSpec,
      volumeIds,
      pid,
      input: {
        ...this.containerInput(containerId, pod, config, image),
        ...(target === undefined ? {} : { targetPid: target.pid }),
      },
    };
  }

  /** The started container whose PID namespace `c` targets (`pidTarget`). */
  private async target(c: ContainerCase): Promise<Container> {
    const target = CONTAINERS.find((t) => t.pod === c.pod && t.shape.name === c.shape.pidTarget);
    if (target?.probe !== true) throw new Error(`${c.shape.name}: no started container ${c.shape.pidTarget}`);
    return this.container(target);
  }

  /** What predicts a container's spec: its CRI config and pod, the image, the runtime's and CRI's settings. */
  private containerInput(
    id: string,
    pod: Pod,
    config: ContainerConfig,
    image: SuiteImage,
  ): ContainerSpecInput {
    return {
      id,
      sandboxId: pod.id,
      sandboxPid: pod.pid,
      config,
      sandboxConfig: pod.config,
      imageConfig: image.config,
      rootfs: this.rootfs,
      runtime: this.daemon.runtimeSettings(pod.handler),
      cri: this.daemon.criSettings,
    };
  }
}
