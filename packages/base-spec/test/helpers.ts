import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { HostFS } from '@ocispec/core';
import { corePlugin, Pipeline } from '@ocispec/core';
import { nodeHostFS } from '@ocispec/core/internal';
// base-spec imports only core; its tests use the real linux plugin (a dev dependency: withNamespacedCgroup, the default spec).
import { linuxPlugin } from '@ocispec/linux';

/** A fresh temporary directory. */
export function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'ocispec-base-'));
}

/** Writes `content` (text, bytes or a JSON value) to `dir/name` and returns the path. */
export function write(dir: string, name: string, content: string | Uint8Array | object): string {
  const file = path.join(dir, name);
  writeFileSync(
    file,
    typeof content === 'string' || content instanceof Uint8Array ? content : JSON.stringify(content),
  );
  return file;
}

/** A pipeline with the core and linux plugins. */
export function linuxPipeline(): Pipeline {
  return new Pipeline({ plugins: [corePlugin(), linuxPlugin()] });
}

/**
 * The real filesystem, except that reading `denied` throws EACCES; with `where: 'stat'`, every lookup of it (stat,
 * realpath, open) does, as when a directory on its path is not searchable.
 */
export function deniedFS(denied: string, where: 'read' | 'stat' = 'read'): HostFS {
  const eacces = (p: string) =>
    Object.assign(new Error(`EACCES: permission denied, open '${p}'`), { code: 'EACCES' });
  const lookup = (p: string) => {
    if (where === 'stat' && p === denied) throw eacces(p);
  };
  return {
    ...nodeHostFS,
    readFile: (p, options) => {
      lookup(p);
      if (where === 'read' && p === denied) throw eacces(p);
      return nodeHostFS.readFile(p, options);
    },
    stat: (p) => {
      lookup(p);
      return nodeHostFS.stat(p);
    },
    realpath: (p) => {
      lookup(p);
      return nodeHostFS.realpath(p);
    },
    openPath: (p, options) => {
      lookup(p);
      return nodeHostFS.openPath!(p, options);
    },
  };
}

/** The fixtures directory. */
export const fixtures = path.join(import.meta.dirname, 'fixtures');
