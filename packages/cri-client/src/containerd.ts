/**
 * What containerd's CRI plugin puts in a verbose status's `info` map (key `info`, a JSON document): the spec it
 * generated (`runtimeSpec`), the task's pid, the snapshot and runtime, and for images the OCI image config. Same
 * shapes in containerd 1.6 and 2.x (`internal/cri/server/container_status.go`, `sandbox_status.go`,
 * `image_status.go`). The spec is parsed losslessly (64-bit integers exact) and checked as any spec is.
 */
import type { JsonValue, OCIImage, Spec } from '@ocispec/core';
import { checkSpecValue, parseJson } from '@ocispec/core';
import { firstProblem } from '@ocispec/core/internal';
import { OCIImageSchema } from '@ocispec/core/schemas';
import { z } from 'zod';

const ContainerInfoSchema = z.looseObject({
  sandboxID: z.string().optional(),
  pid: z.number().int().nonnegative().optional(),
  removing: z.boolean().optional(),
  snapshotKey: z.string().optional(),
  snapshotter: z.string().optional(),
  runtimeType: z.string().optional(),
  runtimeSpec: z.unknown().optional(),
});

const SandboxInfoSchema = z.looseObject({
  pid: z.number().int().nonnegative().optional(),
  processStatus: z.string().optional(),
  netNamespaceClosed: z.boolean().optional(),
  image: z.string().optional(),
  snapshotKey: z.string().optional(),
  snapshotter: z.string().optional(),
  runtimeHandler: z.string().optional(),
  runtimeType: z.string().optional(),
  runtimeSpec: z.unknown().optional(),
});

const ImageInfoSchema = z.looseObject({
  chainID: z.string().optional(),
  imageSpec: OCIImageSchema,
});

/** A container's verbose info (`ContainerStatus` with `verbose: true`). */
export interface ContainerdContainerInfo {
  readonly sandboxId: string;
  /** The task's pid; 0 before the container is started. */
  readonly pid: number;
  readonly snapshotKey: string;
  readonly snapshotter: string;
  readonly runtimeType: string;
  /** The spec containerd generated (and runc was given). */
  readonly runtimeSpec: Spec;
}

/** A sandbox's verbose info (`PodSandboxStatus` with `verbose: true`). */
export interface ContainerdSandboxInfo {
  /** The pause container's pid: its namespaces are `/proc/<pid>/ns/*`. */
  readonly pid: number;
  readonly processStatus: string;
  /** The sandbox image's name. */
  readonly image: string;
  readonly runtimeHandler: string;
  readonly runtimeType: string;
  readonly runtimeSpec: Spec;
}

/** An image's verbose info (`ImageStatus` with `verbose: true`). */
export interface ContainerdImageInfo {
  readonly chainId: string;
  /** The image's config blob; `imageSpec.config` is what `containerSpec`'s `imageConfig` takes. */
  readonly imageSpec: OCIImage;
}

/** The spec containerd generated for a container, with its pid and sandbox. Throws when `info` has none. */
export function containerdContainerInfo(response: {
  readonly info: Readonly<Record<string, string>>;
}): ContainerdContainerInfo {
  const info = infoOf('ContainerStatus', response.info, ContainerInfoSchema);
  return {
    sandboxId: info.sandboxID ?? '',
    pid: info.pid ?? 0,
    snapshotKey: info.snapshotKey ?? '',
    snapshotter: info.snapshotter ?? '',
    runtimeType: info.runtimeType ?? '',
    runtimeSpec: specOf('ContainerStatus', info.runtimeSpec),
  };
}

/** The spec containerd generated for a pod's sandbox container, with its pid. Throws when `info` has none. */
export function containerdSandboxInfo(response: {
  readonly info: Readonly<Record<string, string>>;
}): ContainerdSandboxInfo {
  const info = infoOf('PodSandboxStatus', response.info, SandboxInfoSchema);
  return {
    pid: info.pid ?? 0,
    processStatus: info.processStatus ?? '',
    image: info.image ?? '',
    runtimeHandler: info.runtimeHandler ?? '',
    runtimeType: info.runtimeType ?? '',
    runtimeSpec: specOf('PodSandboxStatus', info.runtimeSpec),
  };
}

/** An image's config blob as containerd read it. Throws when `info` has none. */
export function containerdImageInfo(response: {
  readonly info: Readonly<Record<string, string>>;
}): ContainerdImageInfo {
  const info = infoOf('ImageStatus', response.info, ImageInfoSchema);
  return { chainId: info.chainID ?? '', imageSpec: info.imageSpec };
}

type Schema<T> = {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: z.ZodError };
};

function infoOf<T>(call: string, info: Readonly<Record<string, string>>, schema: Schema<T>): T {
  const text = info.info;
  if (text === undefined) {
    throw new Error(`${call}: the response has no info (ask with verbose: true; is the runtime containerd?)`);
  }
  let value: JsonValue;
  try {
    value = parseJson(text, { source: `${call} info` });
  } catch (error) {
    throw new Error(`${call}: info is not JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const { pointer, message } = firstProblem(parsed.error);
    throw new Error(`${call}: info${pointer}: ${message}`);
  }
  return parsed.data;
}

function specOf(call: string, value: unknown): Spec {
  if (value === undefined || value === null) throw new Error(`${call}: info has no runtimeSpec`);
  // Checked like any spec read from a file; the lossless parse kept its 64-bit integers exact.
  return checkSpecValue(value, { source: `${call} info`, pointerPrefix: '/runtimeSpec' }).spec;
}
