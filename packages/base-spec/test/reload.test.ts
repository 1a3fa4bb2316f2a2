import { renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { SpecOpt } from '@ocispec/core';
import { printSpec, specOpt } from '@ocispec/core';
import { describe, expect, it } from 'vitest';
import type { BaseSpecEvent, LoadedBase } from '../src/index.js';
import { BaseSpecStore } from '../src/index.js';
import { linuxPipeline, tempDir, write } from './helpers.js';

function version(n: number): string {
  return (
    `{"ociVersion":"1.0.2","hostname":"v${n}","process":{"cwd":"/","user":{"uid":0,"gid":0},"args":["run","${n}"],` +
    `"env":["V=${n}"]},"annotations":{"version":"${n}"},"linux":{"resources":{"memory":{"limit":9223372036854775807}}}}`
  );
}

function nextEvent(store: BaseSpecStore, timeoutMs = 5000): Promise<BaseSpecEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error('no reload event'));
    }, timeoutMs);
    const off = store.on((event) => {
      if (event.type === 'unchanged') return;
      clearTimeout(timer);
      off();
      resolve(event);
    });
  });
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('reload', () => {
  it('swaps a valid change in with an event; keeps the last good on failure with an event carrying the error', () => {
    const dir = tempDir();
    const file = write(dir, 'base.json', version(1));
    const store = new BaseSpecStore();
    const first = store.load(file);
    const events: BaseSpecEvent[] = [];
    store.on((e) => events.push(e));
    expect(store.reload(file)).toEqual({ type: 'unchanged', file, base: first });
    write(dir, 'base.json', version(2));
    const reloaded = store.reload(file);
    expect(reloaded).toMatchObject({ type: 'reloaded', file, previous: first });
    const second = store.get(file)!;
    expect(second.spec.hostname).toBe('v2');
    expect(second.version).toBe(2);
    expect(second.digest).not.toBe(first.digest);
    write(dir, 'base.json', '{"ociVersion": 1}');
    const failed = store.reload(file);
    expect(failed.type).toBe('reload-failed');
    if (failed.type !== 'reload-failed') throw new Error('unreachable');
    expect(failed.error.message).toBe(`${file}: /ociVersion: expected string, received number`);
    expect(failed.current).toBe(second);
    expect(store.get(file)).toBe(second);
    expect(events.map((e) => e.type)).toEqual(['unchanged', 'reloaded', 'reload-failed']);
  });

  it('a composition in flight sees one version from start to end', async () => {
    const dir = tempDir();
    const file = write(dir, 'base.json', version(1));
    const store = new BaseSpecStore({ pipeline: linuxPipeline() });
    store.load(file);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const wait: SpecOpt = specOpt('wait', async () => {
      await gate;
    });
    const running = store.runtimeSpec('c1', file, [wait], { namespace: 'k8s.io' });
    await tick();
    write(dir, 'base.json', version(2));
    expect(store.reload(file).type).toBe('reloaded');
    release();
    const { spec, bases } = await running;
    expect(spec.hostname).toBe('v1');
    expect(spec.process!.env).toEqual(['V=1']);
    expect(bases[0]!.version).toBe(1);
    const after = await store.runtimeSpec('c2', file, [], { namespace: 'k8s.io' });
    expect(after.spec.hostname).toBe('v2');
  });

  it('1,000 concurrent compositions during 50 reloads (good and bad alternately) never see a torn or mutated base', async () => {
    const dir = tempDir();
    const file = write(dir, 'base.json', version(0));
    const store = new BaseSpecStore({ pipeline: linuxPipeline() });
    const printed = new Map<number, string>();
    const seen = new Map<number, LoadedBase>();
    const remember = (base: LoadedBase) => {
      seen.set(base.version, base);
      printed.set(base.version, printSpec(base.spec));
    };
    remember(store.load(file));
    const events: BaseSpecEvent[] = [];
    store.on((event) => {
      events.push(event);
      if (event.type === 'reloaded') remember(event.base);
    });
    // Options that read the draft at the start, yield, edit, yield again, then check the same version is there.
    const check: SpecOpt = specOpt('check', async (spec) => {
      const n = spec.annotations!.version!;
      for (let i = 0; i < 3; i++) await tick();
      spec.annotations!.seen = n;
      spec.process!.env!.push(`SEEN=${n}`);
      await tick();
      if (spec.hostname !== `v${n}` || spec.process!.args![1] !== n) throw new Error(`torn base: ${n}`);
    });
    const running: Promise<Awaited<ReturnType<BaseSpecStore['runtimeSpec']>>>[] = [];
    let good = 0;
    for (let r = 1; r <= 50; r++) {
      for (let i = 0; i < 20; i++) {
        running.push(store.runtimeSpec(`c${r}-${i}`, file, [check], { namespace: 'k8s.io' }));
      }
      await tick();
      if (r % 2 === 1) {
        good++;
        writeFileSync(file, version(good));
      } else {
        writeFileSync(file, r % 4 === 0 ? '' : '{"ociVersion":"1.0.2","process":{"user":{"uid":"0"}}}');
      }
      store.reload(file);
    }
    const results = await Promise.all(running);
    expect(results).toHaveLength(1000);
    expect(events.filter((e) => e.type === 'reloaded')).toHaveLength(25);
    expect(events.filter((e) => e.type === 'reload-failed')).toHaveLength(25);
    const versions = new Set<number>();
    for (const { spec, bases } of results) {
      const base = bases[0]!;
      const n = Number(base.spec.annotations!.version);
      versions.add(n);
      expect(spec.hostname).toBe(`v${n}`);
      expect(spec.annotations).toEqual({ version: `${n}`, seen: `${n}` });
      expect(spec.process!.env).toEqual([`V=${n}`, `SEEN=${n}`]);
      expect(spec.process!.args).toEqual(['run', `${n}`]);
      expect(spec.linux!.resources!.memory!.limit).toBe(9223372036854775807n);
      // Structural sharing with the version it started from.
      expect(spec.linux!.resources).toBe(base.spec.linux!.resources);
      expect(seen.get(base.version)).toBe(base);
    }
    // Compositions ran over many versions, and none of the bases changed.
    expect(versions.size).toBeGreaterThan(20);
    for (const [v, base] of seen) expect(printSpec(base.spec)).toBe(printed.get(v));
    expect(store.get(file)!.spec.hostname).toBe('v25');
  }, 30_000);
});

describe('watching', () => {
  it('fs mode: in-place writes and atomic renames are reloaded; a bad write keeps the last good', async () => {
    const dir = tempDir();
    const file = write(dir, 'base.json', version(1));
    const store = new BaseSpecStore();
    store.load(file);
    const watcher = store.watch({ debounceMs: 20 });
    try {
      expect(watcher.files).toEqual([file]);
      let event = nextEvent(store);
      const started = performance.now();
      writeFileSync(file, version(2));
      expect(await event).toMatchObject({ type: 'reloaded', file });
      const latency = performance.now() - started;
      expect(latency).toBeLessThan(2000);
      expect(store.get(file)!.spec.hostname).toBe('v2');

      event = nextEvent(store);
      writeFileSync(path.join(dir, 'base.json.tmp'), version(3));
      renameSync(path.join(dir, 'base.json.tmp'), file);
      expect(await event).toMatchObject({ type: 'reloaded', file });
      expect(store.get(file)!.spec.hostname).toBe('v3');

      event = nextEvent(store);
      writeFileSync(file, '{"ociVersion":"1.0.2"} trailing');
      const failed = await event;
      expect(failed.type).toBe('reload-failed');
      expect(store.get(file)!.spec.hostname).toBe('v3');
    } finally {
      store.close();
    }
  }, 20_000);

  it('poll mode: a change is seen at the next poll; files loaded later are watched too', async () => {
    const dir = tempDir();
    const file = write(dir, 'base.json', version(1));
    const store = new BaseSpecStore();
    store.load(file);
    const watcher = store.watch({ mode: 'poll', intervalMs: 20 });
    try {
      const later = write(dir, 'later.json', version(10));
      store.load(later);
      expect(watcher.files).toEqual([file, later]);
      let event = nextEvent(store);
      writeFileSync(file, version(2).replace('"hostname":"v2"', '"hostname":"v2-longer"'));
      expect(await event).toMatchObject({ type: 'reloaded', file });
      event = nextEvent(store);
      writeFileSync(later, version(11).replace('"hostname":"v11"', '"hostname":"v11-longer"'));
      expect(await event).toMatchObject({ type: 'reloaded', file: later });
    } finally {
      watcher.close();
    }
    // Closed: no more reloads.
    writeFileSync(file, version(5));
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(store.get(file)!.spec.hostname).toBe('v2-longer');
  }, 20_000);
});
