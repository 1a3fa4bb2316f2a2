import type { Draft } from 'immer';
import { describe, expect, it } from 'vitest';
import type { OptionParts, SpecContext } from '../../src/context.js';
import { isOcispecError, SpecOptError } from '../../src/errors.js';
import type { Spec } from '../../src/model/index.js';
import type { ImageConfig, ImageConfigPart, OCIImage } from '../../src/options/index.js';
import {
  defaultUnixEnv,
  imageConfigOf,
  OCIImageSchema,
  replaceOrAppendEnvValues,
  withImageConfig,
  withImageConfigArgs,
} from '../../src/options/index.js';
import { sectionsOf, sparseSpecNames, sparseSpecs } from '../fixtures/sparse-specs.js';
import { apply, thrown } from './helpers.js';

interface Call {
  section: 'linux' | 'windows';
  config: ImageConfig;
  args: string[];
  hadProcess: boolean;
}

/** Parts that record their calls and do a minimal env merge (as the real linux/windows parts begin). */
function recordingParts(
  calls: Call[],
  sections: ('linux' | 'windows')[] = ['linux', 'windows'],
): OptionParts {
  return {
    get(option, section) {
      if (option !== 'withImageConfigArgs' || !sections.includes(section)) return undefined;
      const part: ImageConfigPart = (spec: Draft<Spec>, _ctx: SpecContext, config, args) => {
        calls.push({ section, config, args, hadProcess: spec.process != null });
        const defaults =
          config.Env == null || config.Env.length === 0
            ? section === 'linux'
              ? defaultUnixEnv
              : []
            : config.Env;
        spec.process!.env = replaceOrAppendEnvValues(defaults, spec.process!.env ?? []);
      };
      return part;
    },
  };
}

const image: OCIImage = {
  os: 'linux',
  architecture: 'amd64',
  config: { Env: ['z=bar', 'y=baz'], Entrypoint: ['/bin/app'], Cmd: ['--x'], WorkingDir: '/w', User: 'u' },
  rootfs: { type: 'layers', diff_ids: [] },
};

describe('withImageConfigArgs dispatch (§4.6 steps 5–7)', () => {
  it.each([
    ['linux only', { linux: {} }, 'linux'],
    ['LCOW (both): linux', { linux: {}, windows: {} }, 'linux'],
    ['windows only', { windows: {} }, 'windows'],
  ] as const)('%s → the %s part', (_name, base, section) => {
    const calls: Call[] = [];
    apply(base, withImageConfigArgs(image, ['a', 'b']), { parts: recordingParts(calls) });
    expect(calls).toEqual([{ section, config: image.config, args: ['a', 'b'], hadProcess: true }]);
  });

  it('§5.1 item 8: image env under the spec env (the spec env wins)', () => {
    const calls: Call[] = [];
    const out = apply({ linux: {}, process: { env: ['x=foo', 'y=boo'] } }, withImageConfig(image), {
      parts: recordingParts(calls),
    });
    expect(out.process?.env).toEqual(['z=bar', 'y=boo', 'x=foo']);
    expect(calls[0]?.args).toEqual([]);
  });

  it('withImageConfig passes no args; null args are []', () => {
    const calls: Call[] = [];
    apply({ windows: {} }, [withImageConfig(image), withImageConfigArgs(image, null)], {
      parts: recordingParts(calls),
    });
    expect(calls.map((c) => c.args)).toEqual([[], []]);
  });

  it('a missing or null config is the zero ImageConfig', () => {
    const calls: Call[] = [];
    apply({ linux: {} }, [withImageConfig({}), withImageConfig({ config: null })], {
      parts: recordingParts(calls),
    });
    expect(calls.map((c) => c.config)).toEqual([{}, {}]);
  });

  it('the part gets a copy of the config', () => {
    let seen: ImageConfig | undefined;
    const parts: OptionParts = {
      get: () =>
        ((_s: Draft<Spec>, _c: SpecContext, config: ImageConfig) => {
          seen = config;
        }) as ImageConfigPart,
    };
    apply({ linux: {} }, withImageConfig(image), { parts });
    expect(seen).toEqual(image.config);
    expect(seen).not.toBe(image.config);
  });

  it("§4.6 step 7: no linux or windows section is containerd's error", () => {
    const error = thrown(() => apply({}, withImageConfig(image), { parts: recordingParts([]) }));
    expect(error.cause).toBeInstanceOf(SpecOptError);
    expect(error.message).toBe('option 0 (withImageConfig): spec does not contain Linux or Windows section');
  });

  it.each([
    ['linux', { linux: {} }, "@ocispec/linux's linuxPlugin"],
    ['windows', { windows: {} }, "@ocispec/windows's windowsPlugin"],
  ] as const)('a missing %s part is MISSING_PART naming %s', (_section, base, plugin) => {
    const error = thrown(() =>
      apply(base, withImageConfigArgs(image, ['x']), { parts: recordingParts([], []) }),
    );
    expect(isOcispecError(error.cause, 'MISSING_PART')).toBe(true);
    expect((error.cause as Error).message).toContain(plugin);
  });

  it('async parts are awaited by the caller (the option returns the promise)', async () => {
    const parts: OptionParts = {
      get: () =>
        (async (spec: Draft<Spec>) => {
          await Promise.resolve();
          spec.process!.cwd = '/async';
        }) as ImageConfigPart,
    };
    const { applyOpts } = await import('../../src/compose.js');
    const { createContext } = await import('../../src/context.js');
    const out = await applyOpts({ linux: {} }, [withImageConfig(image)], createContext({ parts }));
    expect(out.process?.cwd).toBe('/async');
  });

  it.each([
    ['freebsd/amd64', 'linux', true],
    ['freebsd/amd64', 'freebsd', false],
    ['linux/amd64', 'linux', false],
  ])('target %s, image os %s: FreeBSD Linux-emulation mounts prepended: %s', (platform, os, prepended) => {
    const out = apply({ linux: {}, mounts: [{ destination: '/x' }] }, withImageConfig({ ...image, os }), {
      platform,
      parts: recordingParts([]),
    });
    const destinations = out.mounts?.map((m) => m.destination);
    expect(destinations).toEqual(prepended ? ['/proc', '/sys', '/x'] : ['/x']);
  });

  it.each(sparseSpecNames)(
    "on %s: dispatches by section or fails with containerd's error, never a TypeError",
    (name) => {
      const base = sparseSpecs()[name]!;
      const calls: Call[] = [];
      const has = sectionsOf(base);
      if (!has.linux && !has.windows) {
        expect(() => apply(base, withImageConfig(image), { parts: recordingParts(calls) })).toThrow(
          'spec does not contain Linux or Windows section',
        );
      } else {
        const out = apply(base, withImageConfig(image), { parts: recordingParts(calls) });
        expect(calls[0]?.section).toBe(has.linux ? 'linux' : 'windows');
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
