/**
 * Test images without a registry: an OCI image layout (oci-layout, index.json, one manifest and config per image,
 * one gzip layer shared by all) written from the busybox rootfs, archived with tar and imported with
 * `ctr images import` into containerd's `k8s.io` namespace, where the CRI plugin sees it.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ImageConfig } from '@ocispec/core';
import { run } from './process.js';

/** One image of the layout: its full name (`ocispec.test/busybox:e2e`) and its `config`. */
export interface TestImage {
  readonly name: string;
  readonly config: ImageConfig;
}

const MEDIA = {
  index: 'application/vnd.oci.image.index.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layer: 'application/vnd.oci.image.layer.v1.tar+gzip',
} as const;

/** The OCI architecture of this machine (Go's GOARCH names). */
export function ociArchitecture(): string {
  const arch: Record<string, string> = { x64: 'amd64', ia32: '386', ppc64: 'ppc64le' };
  return arch[process.arch] ?? process.arch;
}

interface Blob {
  readonly digest: string;
  readonly size: number;
}

function sha256(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** Writes `bytes` as a blob of the layout at `dir`. */
function putBlob(dir: string, bytes: Uint8Array): Blob {
  const digest = sha256(bytes);
  const file = path.join(dir, 'blobs', 'sha256', digest.slice('sha256:'.length));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bytes);
  return { digest, size: bytes.length };
}

function jsonBytes(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}

/**
 * Writes an OCI image layout of `images` (all sharing one layer: `rootfs` as a tar, owners 0:0) into `dir` and
 * archives it as `dir/images.tar`, which it returns.
 */
export async function writeImageArchive(
  rootfs: string,
  images: readonly TestImage[],
  dir: string,
): Promise<string> {
  const layout = path.join(dir, 'layout');
  fs.mkdirSync(layout, { recursive: true });
  const layerTar = path.join(dir, 'layer.tar');
  await run('tar', ['--numeric-owner', '--owner=0', '--group=0', '-C', rootfs, '-cf', layerTar, '.'], {
    timeoutMs: 60_000,
  });
  const tar = fs.readFileSync(layerTar);
  const diffId = sha256(tar);
  const layer = putBlob(layout, gzipSync(tar, { level: 1 }));
  fs.rmSync(layerTar);
  const architecture = ociArchitecture();
  const manifests = images.map((image) => {
    const config = putBlob(
      layout,
      jsonBytes({
        created: '2026-01-01T00:00:00Z',
        architecture,
        os: 'linux',
        config: image.config,
        rootfs: { type: 'layers', diff_ids: [diffId] },
      }),
    );
    const manifest = putBlob(
      layout,
      jsonBytes({
        schemaVersion: 2,
        mediaType: MEDIA.manifest,
        config: { mediaType: MEDIA.config, ...config },
        layers: [{ mediaType: MEDIA.layer, ...layer }],
      }),
    );
    return {
      mediaType: MEDIA.manifest,
      ...manifest,
      platform: { architecture, os: 'linux' },
      annotations: {
        'io.containerd.image.name': image.name,
        'org.opencontainers.image.ref.name': image.name.slice(image.name.lastIndexOf(':') + 1),
      },
    };
  });
  fs.writeFileSync(path.join(layout, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  fs.writeFileSync(
    path.join(layout, 'index.json'),
    JSON.stringify({ schemaVersion: 2, mediaType: MEDIA.index, manifests }),
  );
  const archive = path.join(dir, 'images.tar');
  await run('tar', ['-C', layout, '-cf', archive, 'oci-layout', 'index.json', 'blobs'], {
    timeoutMs: 60_000,
  });
  fs.rmSync(layout, { recursive: true, force: true });
  return archive;
}

/** Imports an image archive into the `k8s.io` namespace of the containerd at `socket` (and unpacks it). */
export async function importImages(socket: string, archive: string): Promise<void> {
  await run('ctr', ['--address', socket, '--namespace', 'k8s.io', 'images', 'import', archive], {
    timeoutMs: 120_000,
  });
}
