/**
 * The rootfs user lookup against a real attacker: another process swaps the rootfs's etc/passwd (and etc/) between
 * real files and symlinks to host files outside the root (absolute and relative) and a FIFO, for seconds, while
 * this process looks users up. Zero lookups may read the host file. The same loop through a path-based lookup
 * (what ocispec did before: resolve, then open the path again) shows that the race is real.
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HostFS } from '@ocispec/core';
import { createContext } from '@ocispec/core';
import { nodeHostFS } from '@ocispec/core/internal';
import { tempDirs } from '@ocispec/test-fixtures';
import { describe, expect, it } from 'vitest';
import { withUsername } from '../src/index.js';
import type { RootFS } from '../src/internal.js';
import { openUserFile } from '../src/internal.js';
import { apply, failure } from './fixtures/fake-host.js';

const tempDir = tempDirs('race');

/** The lookups run for at least this long while the attacker swaps. */
const RACE_MS = 4000;
/** ... and on until the path-based lookup was caught reading the host file (the race is live), within this. */
const MAX_RACE_MS = 60_000;
const swapper = path.join(import.meta.dirname, 'fixtures', 'swap-rootfs.mjs');

/**
 * Runs the swapper and `round` (a batch of lookups) meanwhile, for RACE_MS and until `live()` says the race was
 * seen (bounded by MAX_RACE_MS); returns the swapper's count of swaps.
 */
async function race(
  root: string,
  hostFile: string,
  hostDir: string,
  round: () => void,
  live: () => boolean,
): Promise<number> {
  const stop = path.join(tempDir(), 'stop');
  const child = spawn(process.execPath, [swapper, root, hostFile, hostDir, stop, String(MAX_RACE_MS)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  let running = true;
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      running = false;
      resolve(code);
    }),
  );
  const started = Date.now();
  while (running && (Date.now() - started < RACE_MS || !live())) {
    for (let i = 0; i < 50; i++) round();
    // Let the exit event through.
    await new Promise((resolve) => setImmediate(resolve));
  }
  fs.writeFileSync(stop, '');
  expect(await exited).toBe(0);
  return Number(out.trim());
}

describe('rootfs user lookup under a symlink-swapping attacker', () => {
  it('never reads a file outside the root (the path-based lookup does)', { timeout: 120_000 }, async () => {
    const root = tempDir();
    const host = tempDir();
    fs.mkdirSync(path.join(root, 'etc'));
    fs.writeFileSync(path.join(root, 'etc', 'passwd'), 'root:x:0:0:INSIDE:/root:/bin/sh\n');
    const hostFile = path.join(host, 'passwd');
    fs.writeFileSync(hostFile, 'root:x:0:0:HOST-SECRET:/root:/bin/sh\n');

    const safe: RootFS = { path: root, fs: nodeHostFS };
    // The same lookup over a HostFS without descriptor handles: resolve by path, then read the path again.
    const byPath: HostFS = { ...nodeHostFS, openPath: undefined };
    const pathBased: RootFS = { path: root, fs: byPath };
    const counts = { lookups: 0, inside: 0, outside: 0, errors: 0, pathLookups: 0, pathOutside: 0 };
    const read = (rootfs: RootFS): string | undefined => {
      try {
        return new TextDecoder().decode(openUserFile(rootfs, 'etc/passwd'));
      } catch {
        return undefined;
      }
    };
    const swaps = await race(
      root,
      hostFile,
      host,
      () => {
        counts.lookups++;
        const text = read(safe);
        if (text === undefined) counts.errors++;
        else if (text.includes('HOST-SECRET')) counts.outside++;
        else if (text.includes('INSIDE')) counts.inside++;
        counts.pathLookups++;
        if (read(pathBased)?.includes('HOST-SECRET') === true) counts.pathOutside++;
      },
      () => counts.pathOutside > 0,
    );
    console.log(`rootfs race: ${swaps} swaps; ${JSON.stringify(counts)}`);
    expect(swaps).toBeGreaterThan(1000);
    expect(counts.lookups).toBeGreaterThan(1000);
    expect(counts.inside).toBeGreaterThan(0);
    expect(counts.outside).toBe(0);
    // The race was live: the lookup that opens the path again read the host file.
    expect(counts.pathOutside).toBeGreaterThan(0);
  });
});

describe('a FIFO as the rootfs etc/passwd', () => {
  const spec = (root: string) => ({ ociVersion: '1.3.0', root: { path: root }, linux: {} });

  // A blocking open of a FIFO without a writer never returns: the test timeout is the hang detector.
  it('fails at once with one line (not a hang), for etc/passwd and etc/group', () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'etc'));
    execFileSync('mkfifo', [path.join(root, 'etc', 'passwd')]);
    execFileSync('mkfifo', [path.join(root, 'etc', 'group')]);
    const ctx = createContext({ container: { id: 'c' } });
    expect(failure(spec(root), [withUsername('root')], ctx).message).toBe('etc/passwd is not a regular file');
    expect(() => openUserFile({ path: root, fs: nodeHostFS }, 'etc/group')).toThrow(
      'etc/group is not a regular file',
    );
  });

  it('behind a symlink inside the root, too', () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, 'etc'));
    execFileSync('mkfifo', [path.join(root, 'fifo')]);
    fs.symlinkSync('/fifo', path.join(root, 'etc', 'passwd'));
    const ctx = createContext({ container: { id: 'c' } });
    expect(failure(spec(root), [withUsername('root')], ctx).message).toBe('etc/passwd is not a regular file');
    // A regular passwd next to it is still read.
    fs.rmSync(path.join(root, 'etc', 'passwd'));
    fs.writeFileSync(path.join(root, 'etc', 'passwd'), 'root:x:0:0::/root:/bin/sh\n');
    expect(apply(spec(root), [withUsername('root')], ctx).process?.user).toMatchObject({ uid: 0, gid: 0 });
  });
});
