/**
 * Property: any list (0–12) of core options with arbitrary valid arguments, over any sparse spec, never throws a
 * TypeError (only the errors containerd returns, as OcispecError/SpecOptError), never mutates the deep-frozen base,
 * and yields a spec the model accepts.
 */

import { defaultLinuxSpec } from '@ocispec/test-fixtures';
import fc from 'fast-check';
import type { Draft } from 'immer';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { SpecOpt } from '../../src/compose.js';
import { applyOptsSync, freezeSpec, runOpts } from '../../src/compose.js';
import type { SpecContext } from '../../src/context.js';
import { createContext } from '../../src/context.js';
import { defineOpt } from '../../src/define.js';
import { OcispecError, SpecOptError } from '../../src/errors.js';
import type { Mount, Spec } from '../../src/model/index.js';
import { SpecSchema } from '../../src/model/index.js';
import type { ImageConfig } from '../../src/options/image-config.js';
import {
  withAnnotations,
  withDefaultPathEnv,
  withDefaultSpec,
  withDefaultSpecForPlatform,
  withDomainname,
  withEnv,
  withEnvFile,
  withHostHostsFile,
  withHostLocaltime,
  withHostname,
  withHostResolvconf,
  withImageConfig,
  withImageConfigArgs,
  withMemoryLimit,
  withMounts,
  withNewPrivileges,
  withNoNewPrivileges,
  withoutMounts,
  withProcessArgs,
  withProcessCwd,
  withRlimit,
  withRootFSPath,
  withRootFSReadonly,
  withSpecFromBytes,
  withSpecFromFile,
  withTTY,
  withTTYSize,
  withUIDGID,
  withUmask,
} from '../../src/options/index.js';
import { current, ensureAdditionalGids, ensureProcess } from '../../src/sections.js';
import { printSpec } from '../../src/spec-file.js';
import { fakeHost, rootCause } from './helpers.js';

const str = fc.string({ maxLength: 6 });
const path = fc.constantFrom('/a', '/a/', '/proc', '/run', '/x/../run', '', '.', '/etc/hosts');
const envEntry = fc.oneof(fc.constantFrom('A=1', 'A', 'B=2', 'PATH=/x', '', '=x', 'B'), str);
const envList = fc.oneof(fc.constant(null), fc.array(envEntry, { maxLength: 5 }));
const uint32 = fc.integer({ min: 0, max: 4294967295 });
const uint64 = fc.oneof(fc.nat(), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }));
const int64 = fc.oneof(fc.integer(), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }));
const mount: fc.Arbitrary<Mount> = fc.record(
  {
    destination: path,
    type: fc.constantFrom('bind', 'tmpfs', 'sysfs'),
    source: str,
    options: fc.array(str, { maxLength: 3 }),
  },
  { requiredKeys: [] },
);
const imageConfig: fc.Arbitrary<ImageConfig> = fc.record(
  {
    Env: envList,
    Entrypoint: fc.oneof(fc.constant(null), fc.array(str, { maxLength: 2 })),
    Cmd: fc.oneof(fc.constant(null), fc.array(str, { maxLength: 2 })),
    WorkingDir: str,
    User: str,
    ArgsEscaped: fc.boolean(),
  },
  { requiredKeys: [] },
);
const image = fc.record(
  { os: fc.constantFrom('linux', 'windows', 'freebsd'), config: fc.oneof(fc.constant(null), imageConfig) },
  { requiredKeys: [] },
);
const specText = fc.oneof(
  fc.constantFrom(
    '{}',
    'null',
    '[]',
    '{',
    '{"hostname":"h","linux":{}}',
    '{"process":{"cwd":5}}',
    '{"x":1,"windows":{}}',
  ),
  fc.string({ maxLength: 10 }),
);

/** Every core option with arbitrary valid arguments. */
const option: fc.Arbitrary<SpecOpt> = fc.oneof(
  fc.constant(withDefaultSpec()),
  fc.constantFrom('linux/amd64', 'windows/amd64', 'linux', 'bogus!', '').map(withDefaultSpecForPlatform),
  specText.map(withSpecFromBytes),
  fc.constantFrom('/spec.json', '/bad.json', '/missing', '/dir').map(withSpecFromFile),
  envList.map(withEnv),
  fc.constant(withDefaultPathEnv()),
  fc.constantFrom('/env', '/missing', '/dir').map(withEnvFile),
  fc.array(str, { maxLength: 3 }).map((args) => withProcessArgs(...args)),
  str.map(withProcessCwd),
  fc.constant(withTTY()),
  fc.tuple(int64, int64).map(([w, h]) => withTTYSize(w, h)),
  str.map(withHostname),
  str.map(withDomainname),
  fc.oneof(fc.constant(null), fc.array(mount, { maxLength: 3 })).map(withMounts),
  fc.array(path, { maxLength: 3 }).map((dests) => withoutMounts(...dests)),
  fc.constant(withNewPrivileges()),
  fc.constant(withNoNewPrivileges()),
  image.map(withImageConfig),
  fc
    .tuple(image, fc.oneof(fc.constant(null), fc.array(str, { maxLength: 2 })))
    .map(([i, a]) => withImageConfigArgs(i, a)),
  str.map(withRootFSPath),
  fc.constant(withRootFSReadonly()),
  fc.constant(withHostHostsFile()),
  fc.constant(withHostResolvconf()),
  fc.constant(withHostLocaltime()),
  fc.tuple(uint32, uint32).map(([u, g]) => withUIDGID(u, g)),
  uint32.map(withUmask),
  uint64.map(withMemoryLimit),
  fc
    .oneof(fc.constant(null), fc.dictionary(fc.constantFrom('a', 'b', '__proto__'), str))
    .map(withAnnotations),
  fc
    .record({ type: fc.constantFrom('RLIMIT_NOFILE', 'RLIMIT_CORE'), hard: uint64, soft: uint64 })
    .map(withRlimit),
);

const section = <T>(filled: fc.Arbitrary<T>) => fc.oneof(fc.constant(null), fc.constant({}), filled);

/** Sparse specs: `ociVersion` and a random subset of process/root/linux/windows/mounts, each null, `{}` or filled. */
const sparseSpec: fc.Arbitrary<Spec> = fc.record(
  {
    ociVersion: fc.constant('1.3.0'),
    process: section(
      fc.record(
        {
          env: envList,
          args: fc.array(str, { maxLength: 2 }),
          user: fc.record({ uid: uint32, gid: uint32, additionalGids: fc.array(uint32, { maxLength: 2 }) }),
          rlimits: fc.array(
            fc.record({ type: fc.constantFrom('RLIMIT_NOFILE', 'RLIMIT_NPROC'), hard: uint64, soft: uint64 }),
            {
              maxLength: 2,
            },
          ),
        },
        { requiredKeys: [] },
      ),
    ),
    root: section(fc.record({ path: str, readonly: fc.boolean() }, { requiredKeys: [] })),
    linux: section(
      fc.record(
        { resources: section(fc.record({ memory: section(fc.record({ limit: int64 })) })) },
        { requiredKeys: [] },
      ),
    ),
    windows: section(
      fc.record(
        { resources: section(fc.record({ memory: section(fc.record({ limit: uint64 })) })) },
        { requiredKeys: [] },
      ),
    ),
    mounts: fc.oneof(fc.constant(null), fc.array(mount, { maxLength: 3 })),
    annotations: fc.oneof(fc.constant(null), fc.dictionary(fc.constantFrom('a', 'c'), str)),
  },
  { requiredKeys: ['ociVersion'] },
);

const host = fakeHost({
  '/spec.json':
    '{"ociVersion":"1.3.0","linux":{},"process":{"env":["A=1"]},"mounts":[{"destination":"/run"}]}',
  '/bad.json': '{"process":',
  '/env': 'A=1\r\nB\n\nC=3\n',
  '/dir/file': '',
});
const frozenDefault = freezeSpec(defaultLinuxSpec());
const frozenWindows = freezeSpec({
  ociVersion: '1.3.0',
  process: { cwd: 'C:\\' },
  windows: { layerFolders: null },
});

/**
 * Stand-ins for the linux plugin's rootfs-reading `withUser` and `withAdditionalGIDs`, which the linux branch of
 * `withImageConfigArgs` runs by name: they write the user into the process, as the real ones do.
 */
const userOptions = [
  defineOpt({
    name: 'withUser',
    args: z.tuple([z.string()]),
    doc: 'Sets the username (test).',
    apply(spec: Draft<Spec>, _ctx: SpecContext, user: string) {
      const process = ensureProcess(spec);
      process.user = { ...current(process, 'user'), username: user };
    },
  }),
  defineOpt({
    name: 'withAdditionalGIDs',
    args: z.tuple([z.string()]),
    doc: 'Sets the groups (test).',
    apply(spec: Draft<Spec>) {
      ensureAdditionalGids(spec);
    },
  }),
];

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

describe('core options over sparse specs (property)', () => {
  it('never throw a TypeError, never mutate the base, yield a spec the model accepts', () => {
    fc.assert(
      fc.property(
        sparseSpec,
        fc.array(option, { maxLength: 12 }),
        fc.constantFrom('linux/amd64', 'windows/amd64', 'freebsd/amd64', 'darwin/arm64'),
        fc.boolean(),
        (base, opts, platform, parts) => {
          const frozen = deepFreeze(base);
          const before = structuredClone(frozen);
          const ctx = createContext({
            platform,
            host,
            options: parts ? userOptions : [],
            defaultSpec: (p) => (p.os === 'windows' ? frozenWindows : frozenDefault),
          });
          try {
            const out = applyOptsSync(frozen, opts, ctx);
            const checked = SpecSchema.safeParse(out);
            expect(checked.success, checked.error?.message).toBe(true);
          } catch (error) {
            expect(error).toBeInstanceOf(OcispecError);
            const cause = (error as Error).cause;
            expect(rootCause(error)).not.toBeInstanceOf(TypeError);
            expect(cause instanceof OcispecError || cause instanceof SpecOptError).toBe(true);
          }
          expect(frozen).toEqual(before);
          expect(frozenDefault).toEqual(defaultLinuxSpec());
        },
      ),
      { numRuns: 1500 },
    );
  });
});

/** The outcome of applying `opts` to a plain, mutable spec, without any draft: the reference for drafts. */
function applyPlain(base: Spec, opts: readonly SpecOpt[], ctx: SpecContext): string {
  const spec = structuredClone(base) as Draft<Spec>;
  try {
    const pending = runOpts(spec, opts, ctx);
    if (pending !== undefined) throw new Error('async option');
    return printSpec(spec as Spec);
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

describe('drafts against plain objects (property)', () => {
  it('options give through a draft exactly what they give on a plain mutable copy', () => {
    fc.assert(
      fc.property(
        sparseSpec,
        fc.array(option, { maxLength: 12 }),
        fc.constantFrom('linux/amd64', 'windows/amd64', 'darwin/arm64'),
        (base, opts, platform) => {
          const ctx = createContext({
            platform,
            host,
            options: userOptions,
            defaultSpec: (p) => (p.os === 'windows' ? frozenWindows : frozenDefault),
          });
          let drafted: string;
          try {
            drafted = printSpec(applyOptsSync(freezeSpec(structuredClone(base)), opts, ctx));
          } catch (error) {
            drafted = `error: ${(error as Error).message}`;
          }
          expect(drafted).toBe(applyPlain(base, opts, ctx));
        },
      ),
      { numRuns: 1500 },
    );
  });
});
