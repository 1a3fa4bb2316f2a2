/**
 * The daemon's runtime handlers: the seed's path. Each base runtime spec is written by `ocispec generate` from a
 * pipeline file, then named by the handler's `base_runtime_spec` in the daemon's `config.toml`, which containerd
 * loads at start; the suite checks that containerd's container specs carry what the bases set and that ocispec,
 * given the same base, predicts them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '@ocispec/cli';
import type { HandlerConfig } from './config.js';

/** A handler as the suite declares it: its base's pipeline options (none: the default spec) and its settings. */
export interface HandlerSpec extends Omit<HandlerConfig, 'baseRuntimeSpec'> {
  readonly opts?: readonly (readonly unknown[])[];
}

/** The annotation every base sets, naming its handler: a spec shows which base it came from. */
export const HANDLER_ANNOTATION = 'org.ocispec.e2e/handler';

export const HANDLERS = {
  /** The default runtime: no base runtime spec (containerd's default spec). */
  runc: { name: 'runc' },
  /** Resource limits and team defaults, as a platform team would seed them. */
  limits: {
    name: 'limits',
    opts: [
      ['withRlimit', { type: 'RLIMIT_NOFILE', hard: 8192, soft: 4096 }],
      ['withRlimit', { type: 'RLIMIT_NPROC', hard: 2048, soft: 1024 }],
      ['withEnv', ['TEAM=infra', 'GOMAXPROCS=2']],
      ['withAnnotations', { [HANDLER_ANNOTATION]: 'limits', 'org.ocispec.e2e/tier': 'gold' }],
      ['withPidsLimit', 256],
      ['withDevShmSize', 131072],
    ],
  },
  /**
   * A hardened base: fewer capabilities, the default seccomp profile, a umask, no core dumps, a scratch tmpfs,
   * extra masked and read-only paths; pod and container annotations under `example.com/` pass through.
   */
  hardened: {
    name: 'hardened',
    opts: [
      ['withDroppedCapabilities', ['CAP_NET_RAW', 'CAP_MKNOD', 'CAP_AUDIT_WRITE']],
      ['withDefaultSeccompProfile'],
      ['withUmask', 0o027],
      ['withRlimit', { type: 'RLIMIT_CORE', hard: 0, soft: 0 }],
      [
        'withMounts',
        [
          {
            destination: '/scratch',
            type: 'tmpfs',
            source: 'tmpfs',
            options: ['nosuid', 'nodev', 'noexec', 'size=1m'],
          },
        ],
      ],
      [
        'withMaskedPaths',
        [
          '/proc/acpi',
          '/proc/kcore',
          '/proc/keys',
          '/proc/timer_list',
          '/sys/firmware',
          '/proc/ocispec-masked',
        ],
      ],
      ['withReadonlyPaths', ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger']],
      ['withAnnotations', { [HANDLER_ANNOTATION]: 'hardened' }],
    ],
    podAnnotations: ['example.com/*'],
    containerAnnotations: ['example.com/*'],
  },
  /** Privileged containers without the host's devices (`privileged_without_host_devices`). */
  nodev: { name: 'nodev', privilegedWithoutHostDevices: true },
} as const satisfies Record<string, HandlerSpec>;

export type HandlerName = keyof typeof HANDLERS;

/**
 * Writes each handler's base runtime spec with `ocispec generate` (a pipeline file in `dir/bases`, its output
 * beside it) and returns the handlers as the daemon's config names them, the default runtime first.
 */
export async function writeHandlers(dir: string): Promise<HandlerConfig[]> {
  const bases = path.join(dir, 'bases');
  fs.mkdirSync(bases, { recursive: true });
  const handlers: HandlerConfig[] = [];
  for (const spec of Object.values(HANDLERS) as HandlerSpec[]) {
    const { opts, ...settings } = spec;
    if (opts === undefined) {
      handlers.push(settings);
      continue;
    }
    const pipelineFile = path.join(bases, `${spec.name}.pipeline.json`);
    fs.writeFileSync(pipelineFile, JSON.stringify({ name: spec.name, namespace: 'k8s.io', opts }));
    const generated = await runCli(['generate', pipelineFile, '--quiet']);
    if (generated.code !== 0) {
      throw new Error(
        `ocispec generate ${pipelineFile} failed (exit ${generated.code}): ${generated.stderr}`,
      );
    }
    const baseFile = path.join(bases, `${spec.name}.json`);
    fs.writeFileSync(baseFile, generated.stdout);
    handlers.push({ ...settings, baseRuntimeSpec: baseFile });
  }
  return handlers;
}
