import { sectionsOf, sparseSpecNames, sparseSpecs } from '@ocispec/test-fixtures';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { applyOpts, freezeSpec } from '../../src/compose.js';
import { createContext } from '../../src/context.js';
import { defineOpt } from '../../src/define.js';
import { isOcispecError, SpecOptError } from '../../src/errors.js';
import type { Spec } from '../../src/model/index.js';
import { imageConfigOf, type OCIImage, OCIImageSchema } from '../../src/options/image-config.js';
import { withImageConfig, withImageConfigArgs } from '../../src/options/index.js';
import { ensureUser } from '../../src/sections.js';
import { apply, thrown } from './helpers.js';

/**
 * Stand-ins for the linux plugin's `withUser` and `withAdditionalGIDs` (they read a rootfs): they record their
 * calls; `withUser` sets uid 7, `withAdditionalGIDs` sets `[gid]`.
 */
function userOptions(calls: string[]) {
  return [
    defineOpt({
      name: 'withUser',
      args: z.tuple([z.string()]),
      doc: 'Sets the user (test).',
      apply(spec, _ctx, user) {
        calls.push(`withUser ${user}`);
        const u = ensureUser(spec);
        u.uid = 7;
        u.gid = 7;
      },
    }),
    defineOpt({
      name: 'withAdditionalGIDs',
      args: z.tuple([z.string()]),
      doc: 'Sets the groups (test).',
      async apply(spec, _ctx, user) {
        await Promise.resolve();
        calls.push(`withAdditionalGIDs ${user}`);
        ensureUser(spec).additionalGids = [0];
      },
    }),
  ];
}

async function compose(
  base: Spec,
  opt: ReturnType<typeof withImageConfig>,
  calls: string[] = [],
  platform?: string,
) {
  const ctx = createContext({ options: userOptions(calls), ...(platform === undefined ? {} : { platform }) });
  return applyOpts(freezeSpec(structuredClone(base)), [opt], ctx);
}

const image: OCIImage = {
  os: 'linux',
  architecture: 'amd64',
  config: { Env: ['z=bar', 'y=baz'], Entrypoint: ['/bin/app'], Cmd: ['--x'], WorkingDir: '/w', User: 'u' },
  rootfs: { type: 'layers', diff_ids: [] },
};

describe('withImageConfigArgs branches (§4.6 steps 5–7)', () => {
  it.each([
    ['linux only', { linux: {} }],
    ['LCOW (both): linux', { linux: {}, windows: {} }],
  ] as const)(
    '%s → the linux branch: env, args, cwd, then withUser and withAdditionalGIDs(uid)',
    async (_n, base) => {
      const calls: string[] = [];
      const out = await compose(base, withImageConfigArgs(image, ['a', 'b']), calls);
      expect(out.process).toMatchObject({
        args: ['/bin/app', 'a', 'b'],
        cwd: '/w',
        user: { uid: 7, gid: 7 },
      });
      expect(out.process?.env).toEqual(['z=bar', 'y=baz']);
      expect(calls).toEqual(['withUser u', 'withAdditionalGIDs 7']);
    },
  );

  it('windows only → the windows branch: the user replaced by its name, no rootfs option run', async () => {
    const calls: string[] = [];
    const out = await compose({ windows: {} }, withImageConfigArgs(image, ['a']), calls);
    expect(out.process).toEqual({
      env: ['z=bar', 'y=baz'],
      args: ['/bin/app', 'a'],
      cwd: '/w',
      user: { uid: 0, gid: 0, username: 'u' },
    });
    expect(calls).toEqual([]);
  });

  it('§5.1 item 8: image env under the spec env (the spec env wins)', async () => {
    const out = await compose({ linux: {}, process: { env: ['x=foo', 'y=boo'] } }, withImageConfig(image));
    expect(out.process?.env).toEqual(['z=bar', 'y=boo', 'x=foo']);
    expect(out.process?.args).toEqual(['/bin/app', '--x']);
  });

  it('no User: withAdditionalGIDs("root") only; a missing or null config is the zero ImageConfig', async () => {
    for (const empty of [{}, { config: null }] as OCIImage[]) {
      const calls: string[] = [];
      const out = await compose({ linux: {} }, withImageConfig(empty), calls);
      expect(calls).toEqual(['withAdditionalGIDs root']);
      expect(out.process).toMatchObject({
        cwd: '/',
        env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
      });
    }
  });

  it("§4.6 step 7: no linux or windows section is containerd's error", () => {
    const error = thrown(() => apply({}, withImageConfig(image)));
    expect(error.cause).toBeInstanceOf(SpecOptError);
    expect(error.message).toBe('option 0 (withImageConfig): spec does not contain Linux or Windows section');
  });

  it("without the linux plugin's options: UNKNOWN_OPTION naming the plugin that registers them", () => {
    const error = thrown(() => apply({ linux: {} }, withImageConfigArgs(image, ['x'])));
    expect(isOcispecError(error.cause, 'UNKNOWN_OPTION')).toBe(true);
    expect(error.message).toBe(
      "option 0 (withImageConfigArgs): the linux branch runs withUser, which no plugin registered (@ocispec/linux's linuxPlugin does)",
    );
  });

  it.each([
    ['freebsd/amd64', 'linux', true],
    ['freebsd/amd64', 'freebsd', false],
    ['linux/amd64', 'linux', false],
  ])(
    'target %s, image os %s: FreeBSD Linux-emulation mounts prepended: %s',
    async (platform, os, prepended) => {
      const out = await compose(
        { linux: {}, mounts: [{ destination: '/x' }] },
        withImageConfig({ ...image, os }),
        [],
        platform,
      );
      const destinations = out.mounts?.map((m) => m.destination);
      expect(destinations).toEqual(prepended ? ['/proc', '/sys', '/x'] : ['/x']);
    },
  );

  it.each(sparseSpecNames)(
    "on %s: takes a branch by section or fails with containerd's error, never a TypeError",
    async (name) => {
      const base = sparseSpecs()[name]!;
      const has = sectionsOf(base);
      if (!has.linux && !has.windows) {
        expect(() => apply(base, withImageConfig(image))).toThrow(
          'spec does not contain Linux or Windows section',
        );
      } else {
        const calls: string[] = [];
        const out = await compose(base, withImageConfig(image), calls);
        expect(calls.length > 0).toBe(has.linux);
        expect(out.process).toBeDefined();
      }
    },
  );
});

describe('OCIImageSchema', () => {
  it('accepts a full OCI image config blob with unknown fields', () => {
    const blob = {
      created: '2024-01-01T00:00:00Z',
      architecture: 'amd64',
      os: 'linux',
      config: { Env: null, Cmd: ['sh'], Healthcheck: { Test: ['NONE'] }, ArgsEscaped: true },
      rootfs: { type: 'layers', diff_ids: ['sha256:x'] },
      history: [{ created_by: 'x' }],
      'x-extra': 1,
    };
    expect(OCIImageSchema.safeParse(blob).success).toBe(true);
    expect(imageConfigOf(blob).Cmd).toEqual(['sh']);
  });

  it.each([
    { config: { Env: 'A=1' } },
    { config: { Cmd: [1] } },
    { os: 5 },
    { config: { ArgsEscaped: 'yes' } },
  ])('rejects %j', (bad) => {
    expect(OCIImageSchema.safeParse(bad).success).toBe(false);
  });
});
