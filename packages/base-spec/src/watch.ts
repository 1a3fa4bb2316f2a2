import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import type { HostFS } from '@ocispec/core';

/** How base files are watched. */
export interface WatchOptions {
  /**
   * `fs` (default): `node:fs.watch` on each file's directory and on its real path's directory (inotify on Linux),
   * so atomic renames by editors and Kubernetes' `..data` symlink swaps are seen. `poll`: `stat` every
   * `intervalMs` through the store's host filesystem (works on network filesystems and with fakes).
   */
  readonly mode?: 'fs' | 'poll';
  /** `fs` mode: quiet time after the last event before reloading (a write often comes as several events); 50 ms. */
  readonly debounceMs?: number;
  /** `poll` mode: the polling interval; 1000 ms. */
  readonly intervalMs?: number;
  /** Keep the process alive while watching (default `false`: the watcher never holds a process open). */
  readonly persistent?: boolean;
}

function signature(fs: HostFS, file: string): string {
  try {
    const stat = fs.stat(file) as ReturnType<HostFS['stat']> & { mtimeMs?: number; ino?: number };
    return `${fs.realpath(file)}:${stat.size}:${stat.mtimeMs ?? ''}:${stat.ino ?? ''}`;
  } catch (error) {
    return `error:${(error as NodeJS.ErrnoException).code ?? ''}`;
  }
}

/**
 * Watches base files and calls `reload(file)` when one may have changed. Made by `BaseSpecStore.watch()`; reload
 * itself (validation, atomic swap, events) is the store's. In `fs` mode it keeps exactly one `fs.watch` per
 * directory a watched file needs now: its own directory and its real path's directory. After every reload the set
 * is recomputed, so the watcher of a directory that is no longer needed (Kubernetes' previous `..2026_…`
 * timestamped directory, swapped out and deleted) is closed, however many swaps there were.
 */
export class BaseSpecWatcher {
  readonly #reload: (file: string) => void;
  readonly #mode: 'fs' | 'poll';
  readonly #debounceMs: number;
  readonly #persistent: boolean;
  readonly #fs: HostFS;
  readonly #onClose: () => void;
  readonly #files = new Set<string>();
  readonly #dirWatchers = new Map<string, nodeFs.FSWatcher>();
  /** For each directory needed, the files that need it (as of the last sync). */
  readonly #filesOf = new Map<string, Set<string>>();
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #signatures = new Map<string, string>();
  #interval: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(reload: (file: string) => void, options: WatchOptions, fs: HostFS, onClose: () => void) {
    this.#reload = reload;
    this.#mode = options.mode ?? 'fs';
    this.#debounceMs = options.debounceMs ?? 50;
    this.#persistent = options.persistent ?? false;
    this.#fs = fs;
    this.#onClose = onClose;
    if (this.#mode === 'poll') {
      this.#interval = setInterval(() => this.poll(), options.intervalMs ?? 1000);
      if (!this.#persistent) this.#interval.unref();
    }
  }

  /** The files watched (absolute paths). */
  get files(): string[] {
    return [...this.#files];
  }

  /** The directories with an open `fs.watch` now (`fs` mode), sorted. */
  get watchedDirectories(): string[] {
    return [...this.#dirWatchers.keys()].sort();
  }

  /** Starts watching `file` (absolute). */
  add(file: string): void {
    if (this.#closed || this.#files.has(file)) return;
    this.#files.add(file);
    if (this.#mode === 'poll') {
      this.#signatures.set(file, signature(this.#fs, file));
      return;
    }
    this.#sync();
  }

  /** `poll` mode: checks every file once now (also run by the interval). */
  poll(): void {
    for (const file of this.#files) {
      const next = signature(this.#fs, file);
      if (next === this.#signatures.get(file)) continue;
      this.#signatures.set(file, next);
      this.#run(file);
    }
  }

  /** The directories of `file` and of its real path now (the real path may have moved: a symlink swap). */
  #dirsOf(file: string): string[] {
    const dirs = [path.dirname(file)];
    try {
      dirs.push(path.dirname(this.#fs.realpath(file)));
    } catch {
      // Gone, or a broken link for now: its own directory sees it come back.
    }
    return dirs;
  }

  /** Watches exactly the directories the files need now: new ones opened, the others closed. */
  #sync(): void {
    if (this.#closed) return;
    this.#filesOf.clear();
    for (const file of this.#files) {
      for (const dir of this.#dirsOf(file)) {
        const files = this.#filesOf.get(dir) ?? new Set<string>();
        files.add(file);
        this.#filesOf.set(dir, files);
      }
    }
    for (const [dir, watcher] of this.#dirWatchers) {
      if (this.#filesOf.has(dir)) continue;
      watcher.close();
      this.#dirWatchers.delete(dir);
    }
    for (const dir of this.#filesOf.keys()) this.#watchDir(dir);
  }

  #watchDir(dir: string): void {
    if (this.#dirWatchers.has(dir)) return;
    let watcher: nodeFs.FSWatcher;
    try {
      watcher = nodeFs.watch(dir, { persistent: this.#persistent }, () => this.#changed(dir));
    } catch {
      return; // The directory is gone or unreadable: the next reload reports the file's error.
    }
    watcher.on('error', () => {
      // The directory went away (or the watch broke): close it, and watch what is needed now.
      watcher.close();
      if (this.#dirWatchers.get(dir) === watcher) this.#dirWatchers.delete(dir);
      this.#sync();
    });
    this.#dirWatchers.set(dir, watcher);
  }

  /** Any event in a watched directory: every file that lives there (by path or real path) is re-checked. */
  #changed(dir: string): void {
    if (this.#closed) return;
    for (const file of this.#filesOf.get(dir) ?? []) {
      clearTimeout(this.#timers.get(file));
      const timer = setTimeout(() => {
        this.#timers.delete(file);
        this.#run(file);
        this.#sync();
      }, this.#debounceMs);
      if (!this.#persistent) timer.unref();
      this.#timers.set(file, timer);
    }
  }

  #run(file: string): void {
    if (this.#closed) return;
    this.#reload(file);
  }

  /** Stops watching. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#interval);
    for (const timer of this.#timers.values()) clearTimeout(timer);
    for (const watcher of this.#dirWatchers.values()) watcher.close();
    this.#timers.clear();
    this.#dirWatchers.clear();
    this.#onClose();
  }
}
