/**
 * Watching a base spec mounted the way Kubernetes mounts a ConfigMap: `base.json -> ..data/base.json`,
 * `..data -> ..2026_…` (a timestamped directory), each update a new timestamped directory, an atomic rename of
 * `..data` and the old directory deleted. Thousands of updates must not pile up watchers or memory; a base swapped
 * for a FIFO must not stop the reload loop.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { BaseSpecEvent } from '../src/index.js';
import { BaseSpecStore } from '../src/index.js';
import { tempDir } from './helpers.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

function version(n: number): string {
  return `{"ociVersion":"1.0.2","hostname":"v${n}","annotations":{"version":"${n}"}}`;
}

/** A ConfigMap volume holding `base.json`, updated the way the kubelet's atomic writer does it. */
class ConfigMapVolume {
  readonly dir: string;
  readonly file: string;
  #current: string;
  #serial = 0;

  constructor(dir: string, content: string) {
    this.dir = dir;
    this.file = path.join(dir, 'base.json');
    this.#current = this.#payload(content);
    fs.symlinkSync(this.#current, path.join(dir, '..data'));
    fs.symlinkSync('..data/base.json', this.file);
  }

  /** A new timestamped directory with `content`; `..data` renamed onto it; the previous directory deleted. */
  update(content: string, write: (file: string) => void = (f) => fs.writeFileSync(f, content)): void {
    const previous = this.#current;
    this.#current = this.#payload(content, write);
    fs.symlinkSync(this.#current, path.join(this.dir, '..data_tmp'));
    fs.renameSync(path.join(this.dir, '..data_tmp'), path.join(this.dir, '..data'));
    fs.rmSync(path.join(this.dir, previous), { recursive: true, force: true });
  }

  #payload(content: string, write: (file: string) => void = (f) => fs.writeFileSync(f, content)): string {
    this.#serial++;
    const name = `..2026_11_28_20_14_16.${String(this.#serial).padStart(9, '0')}`;
    fs.mkdirSync(path.join(this.dir, name));
    write(path.join(this.dir, name, 'base.json'));
    return name;
  }
}

/** The next event other than `unchanged` (a generous bound: it is a hang detector, not a timing). */
function nextEvent(store: BaseSpecStore): Promise<BaseSpecEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error('no reload event'));
    }, 10_000);
    const off = store.on((event) => {
      if (event.type === 'unchanged') return;
      clearTimeout(timer);
      off();
      resolve(event);
    });
  });
}

/** Open `fs.watch` handles of this process. */
function fsWatchHandles(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === 'FSEventWrap').length;
}

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('watching a ConfigMap-style volume', () => {
  it('3,000 updates: every one reloaded, at most 2 watchers open, heap flat', {
    timeout: 300_000,
  }, async () => {
    const volume = new ConfigMapVolume(tempDir(), version(0));
    const store = new BaseSpecStore();
    store.load(volume.file);
    const baseline = fsWatchHandles();
    // persistent: the watches hold the process, so they show among its active handles.
    const watcher = store.watch({ debounceMs: 1, persistent: true });
    let maxWatched = 0;
    let maxHandles = 0;
    let heapAt500 = 0;
    try {
      for (let i = 1; i <= 3000; i++) {
        const event = nextEvent(store);
        volume.update(version(i));
        const seen = await event;
        expect(seen.type).toBe('reloaded');
        expect(store.get(volume.file)!.spec.hostname).toBe(`v${i}`);
        maxWatched = Math.max(maxWatched, watcher.watchedDirectories.length);
        // A closed watch leaves the handle list once libuv has run its close callbacks (after the check phase).
        await new Promise((resolve) => setImmediate(resolve));
        await new Promise((resolve) => setImmediate(resolve));
        maxHandles = Math.max(maxHandles, fsWatchHandles() - baseline);
        if (i === 500) heapAt500 = heapUsed();
      }
      const heapAt3000 = heapUsed();
      const growth = heapAt3000 - heapAt500;
      console.log(
        `configmap: 3000 updates; watchers max ${maxWatched} (handles max ${maxHandles}), now ${watcher.watchedDirectories.length}; heap at 500 ${heapAt500}, at 3000 ${heapAt3000} (+${growth} bytes)`,
      );
      expect(maxWatched).toBeLessThanOrEqual(2);
      expect(maxHandles).toBeLessThanOrEqual(2);
      expect(watcher.watchedDirectories).toEqual(
        [volume.dir, path.join(volume.dir, fs.readlinkSync(path.join(volume.dir, '..data')))].sort(),
      );
      // Flat: one retained watcher per update (the leak this guards against) adds ~1.9 MB over these 2,500 updates.
      expect(growth).toBeLessThan(1024 * 1024);
      expect(store.loader.size).toBe(1);
    } finally {
      store.close();
    }
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(fsWatchHandles()).toBe(baseline);
  });

  it('a base swapped for a FIFO: the reload fails at once, keeps the last good spec and the loop goes on', {
    timeout: 60_000,
  }, async () => {
    const volume = new ConfigMapVolume(tempDir(), version(1));
    const store = new BaseSpecStore();
    const good = store.load(volume.file);
    const watcher = store.watch({ debounceMs: 5 });
    try {
      let event = nextEvent(store);
      volume.update('', (f) => execFileSync('mkfifo', [f]));
      const failed = await event;
      expect(failed).toMatchObject({ type: 'reload-failed', current: good });
      if (failed.type !== 'reload-failed') throw new Error('expected reload-failed');
      expect(failed.error.reason).toBe('not-regular');
      expect(failed.error.message).toBe(`${volume.file}: is a FIFO, not a regular file`);
      expect(store.get(volume.file)).toBe(good);
      event = nextEvent(store);
      volume.update(version(2));
      expect(await event).toMatchObject({ type: 'reloaded' });
      expect(store.get(volume.file)!.spec.hostname).toBe('v2');
      expect(watcher.watchedDirectories.length).toBeLessThanOrEqual(2);
    } finally {
      store.close();
    }
  });
});
