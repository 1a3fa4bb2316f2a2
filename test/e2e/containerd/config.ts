/**
 * The daemon's `config.toml` (version 2: containerd 1.6's CRI plugin) and the same settings as @ocispec/cri's input
 * names them, so that the daemon and the prediction start from one description.
 */
import * as path from 'node:path';
import type { CriSettings, RuntimeSettings } from '@ocispec/cri';
import { stringify } from 'smol-toml';

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

/** The daemon's `config.toml` (version 2, containerd 1.6's CRI plugin). */
export function configToml(dir: string, options: DaemonOptions): string {
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
export function criSettingsOf(dir: string, sandboxImage: string): CriSettings {
  return {
    rootDir: path.join(dir, 'root', 'io.containerd.grpc.v1.cri'),
    stateDir: path.join(dir, 'state', 'io.containerd.grpc.v1.cri'),
    restrictOOMScoreAdj: true,
    enableUnprivilegedPorts: true,
    enableUnprivilegedICMP: true,
    sandboxImage,
  };
}

/** A handler's settings, as @ocispec/cri's `runtime` input names them. */
export function runtimeSettingsOf(h: HandlerConfig): RuntimeSettings {
  return {
    runtimeType: 'io.containerd.runc.v2',
    ...(h.baseRuntimeSpec === undefined ? {} : { baseRuntimeSpec: h.baseRuntimeSpec }),
    ...(h.podAnnotations === undefined ? {} : { podAnnotations: [...h.podAnnotations] }),
    ...(h.containerAnnotations === undefined ? {} : { containerAnnotations: [...h.containerAnnotations] }),
    ...(h.privilegedWithoutHostDevices === undefined
      ? {}
      : { privilegedWithoutHostDevices: h.privilegedWithoutHostDevices }),
  };
}
