/**
 * Resources and the OOM score: containerd CRI's `WithResources`, `WithDefaultSandboxShares`, `WithOOMScoreAdj` and
 * `WithPodOOMScoreAdj` (`internal/cri/opts/spec_linux_opts.go`).
 */
import type { SpecContext } from '@ocispec/core';
import {
  defineOpt,
  ensureLinux,
  ensureLinuxCPU,
  ensureLinuxResources,
  ensureProcess,
  peekArray,
  SpecOptError,
  writable,
} from '@ocispec/core';
import { errnoText, toUint64 } from '@ocispec/core/internal';
import { z } from 'zod';
import type { CriHostFacts } from '../host.js';
import { criHostOf } from '../host.js';
import type { LinuxContainerResources } from '../messages.js';
import { ContainerConfigSchema, LinuxContainerResourcesSchema } from '../messages.js';

type Resources = NonNullable<ReturnType<typeof ensureLinuxResources>>;

/** containerd's `DefaultSandboxCPUshares`. */
export const DEFAULT_SANDBOX_CPU_SHARES = 2;

const HUGETLB_MISSING =
  'huge pages limits are specified but hugetlb cgroup controller is missing. ' +
  'Please set tolerate_missing_hugetlb_controller to `true` to ignore this error';

const nonZero = (v: number | bigint | undefined): v is number | bigint => v !== undefined && BigInt(v) !== 0n;

/** The non-zero cpu fields of the CRI resources. */
function setCPU(res: Resources, r: LinuxContainerResources): void {
  const cpu = writable(res, 'cpu', true);
  if (nonZero(r.cpuPeriod)) cpu.period = toUint64(r.cpuPeriod);
  if (nonZero(r.cpuQuota)) cpu.quota = r.cpuQuota;
  if (nonZero(r.cpuShares)) cpu.shares = toUint64(r.cpuShares);
  if ((r.cpusetCpus ?? '') !== '') cpu.cpus = r.cpusetCpus;
  if ((r.cpusetMems ?? '') !== '') cpu.mems = r.cpusetMems;
}

/** The memory limit and, when the host has a swap controller, the swap limit (the memory limit when none). */
function setMemory(res: Resources, r: LinuxContainerResources, host: CriHostFacts): void {
  const memory = writable(res, 'memory', true);
  const limit = r.memoryLimitInBytes;
  const swap = r.memorySwapLimitInBytes;
  if (nonZero(limit)) {
    memory.limit = limit;
    if (!nonZero(swap) && host.swapControllerAvailable()) memory.swap = limit;
  }
  if (nonZero(swap) && host.swapControllerAvailable()) memory.swap = swap;
}

/** The hugepage limits, appended; without the hugetlb controller an error, or (tolerated) a warning. */
function setHugepages(
  res: Resources,
  r: LinuxContainerResources,
  ctx: SpecContext,
  tolerateMissing: boolean,
): void {
  if (!criHostOf(ctx).hugetlbControllerPresent()) {
    if (!tolerateMissing) throw new SpecOptError(HUGETLB_MISSING);
    ctx.warn('hugetlb cgroup controller is absent. skipping huge pages limits');
    return;
  }
  const limits = (r.hugepageLimits ?? []).map((h) => ({
    pageSize: h.pageSize ?? '',
    limit: toUint64(h.limit ?? 0),
  }));
  if (limits.length > 0) res.hugepageLimits = [...peekArray(res, 'hugepageLimits'), ...limits];
}

/**
 * Sets the CRI resources' cpu, memory, swap, hugepage and unified limits. Creates `linux.resources.cpu` and
 * `.memory` (always), sets the non-zero period, quota, shares, cpus, mems and memory limit, and the swap limit (the
 * memory limit when no swap limit is given) when the host has a swap controller; appends the hugepage limits (an
 * error without the hugetlb controller unless tolerated, then a warning; skipped when disabled) and merges
 * `unified`. No resources: nothing.
 * containerd: `opts.WithResources`
 */
export const withResources = defineOpt({
  name: 'cri.withResources',
  args: () => z.tuple([LinuxContainerResourcesSchema.nullable(), z.boolean(), z.boolean()]),
  doc: "Sets the CRI resources' cpu, memory, swap, hugepage and unified limits.",
  containerd: 'opts.WithResources',
  apply(spec, ctx, r, tolerateMissingHugetlbController, disableHugetlbController) {
    if (r == null) return;
    ensureLinux(spec);
    const res = ensureLinuxResources(spec)!;
    setCPU(res, r);
    setMemory(res, r, criHostOf(ctx));
    if (!disableHugetlbController) setHugepages(res, r, ctx, tolerateMissingHugetlbController);
    if (r.unified != null) res.unified = { ...res.unified, ...r.unified };
  },
});

/**
 * Sets `linux.resources.cpu.shares` to 2 (`DefaultSandboxCPUshares`). Creates `linux`, its resources and cpu.
 * containerd: `opts.WithDefaultSandboxShares`
 */
export const withDefaultSandboxShares = defineOpt({
  name: 'cri.withDefaultSandboxShares',
  args: () => z.tuple([]),
  doc: 'Sets `linux.resources.cpu.shares` to 2 (`DefaultSandboxCPUshares`).',
  containerd: 'opts.WithDefaultSandboxShares',
  apply(spec) {
    ensureLinux(spec);
    ensureLinuxCPU(spec)!.shares = DEFAULT_SANDBOX_CPU_SHARES;
  },
});

/** `preferred`, raised to the daemon's own OOM score (containerd's `restrictOOMScoreAdj`). */
function restrictOOMScoreAdj(preferred: number, host: CriHostFacts): number {
  let current: number;
  try {
    current = host.oomScoreAdj();
  } catch (error) {
    throw new SpecOptError(errnoText(error));
  }
  return Math.max(preferred, current);
}

/**
 * Sets `process.oomScoreAdj` from the container's resources (with `restrict`, never below the daemon's own score,
 * `/proc/self/oom_score_adj`). Creates `process`; no resources: nothing more.
 * containerd: `opts.WithOOMScoreAdj`
 */
export const withOOMScoreAdj = defineOpt({
  name: 'cri.withOOMScoreAdj',
  args: () => z.tuple([ContainerConfigSchema, z.boolean()]),
  doc: "Sets `process.oomScoreAdj` from the container's resources (with `restrict`, never below the daemon's own score, `/proc/self/oom_score_adj`).",
  containerd: 'opts.WithOOMScoreAdj',
  apply(spec, ctx, config, restrict) {
    const process = ensureProcess(spec);
    const resources = config.linux?.resources;
    if (resources == null) return;
    const adj = Number(resources.oomScoreAdj ?? 0);
    process.oomScoreAdj = restrict ? restrictOOMScoreAdj(adj, criHostOf(ctx)) : adj;
  },
});

/**
 * Sets `process.oomScoreAdj` to `adj` (with `restrict`, never below the daemon's own score). Creates `process`.
 * containerd: `opts.WithPodOOMScoreAdj`
 */
export const withPodOOMScoreAdj = defineOpt({
  name: 'cri.withPodOOMScoreAdj',
  args: () => z.tuple([z.number().int(), z.boolean()]),
  doc: "Sets `process.oomScoreAdj` to `adj` (with `restrict`, never below the daemon's own score).",
  containerd: 'opts.WithPodOOMScoreAdj',
  apply(spec, ctx, adj, restrict) {
    const process = ensureProcess(spec);
    process.oomScoreAdj = restrict ? restrictOOMScoreAdj(adj, criHostOf(ctx)) : adj;
  },
});
