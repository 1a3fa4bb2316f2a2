import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OcispecError } from '../../src/errors.js';
import { Pipeline } from '../../src/pipeline.js';
import { definePlugin } from '../../src/plugin.js';
import { checkPluginCompat } from '../../src/plugin-compat.js';
import { coreVersion } from '../../src/version.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

function applyTo(core: unknown): unknown {
  const applied: string[] = [];
  const plugin = definePlugin({ name: 'team', core: core as string, apply: () => void applied.push('team') });
  try {
    new Pipeline({ plugins: [plugin] });
    return applied;
  } catch (error) {
    return error;
  }
}

describe('coreVersion', () => {
  it("is the package's version", () => {
    expect(coreVersion).toBe(version);
  });
});

describe('a plugin declares the core versions it supports (core: a semver range)', () => {
  const [major, minor] = version.split('.').map(Number) as [number, number];

  it.each([
    `^${major}.${minor}`,
    `>=${major}.${minor}.0 <${major + 1}`,
    `${major}.${minor}.x`,
    '*',
    `~${version}`,
  ])('is applied when this core is in %s', (range) => {
    expect(applyTo(range)).toEqual(['team']);
  });

  it('is applied when it declares nothing', () => {
    expect(applyTo(undefined)).toEqual(['team']);
  });

  it.each([`^${major + 2}`, `<${version}`, `>${version}`, `^${major}.${minor + 1}`])(
    'fails in one line, before apply runs, when this core is not in %s',
    (range) => {
      const error = applyTo(range);
      expect(error).toBeInstanceOf(OcispecError);
      expect(error).toMatchObject({
        code: 'PLUGIN_INCOMPATIBLE',
        plugin: 'team',
        message: `plugin team needs @ocispec/core ${range}, this is ${version}`,
      });
    },
  );

  it.each([
    ['not a range', '"not a range"'],
    ['', '""'],
    [2, '2'],
    [null, 'null'],
  ])('refuses a core that is no semver range (%j)', (core, shown) => {
    expect(applyTo(core)).toMatchObject({
      code: 'PLUGIN_INCOMPATIBLE',
      message: `plugin team: core must be a semver range of @ocispec/core versions (like "^0.2"), not ${shown}`,
    });
  });

  it('the message shown for a future major', () => {
    expect(() => checkPluginCompat({ name: 'team', core: '^2', apply() {} }, '0.2.0')).toThrow(
      'plugin team needs @ocispec/core ^2, this is 0.2.0',
    );
  });

  it("matches a pre-release of core against its release's range", () => {
    expect(() => checkPluginCompat({ name: 'team', core: '^0.3', apply() {} }, '0.3.0-next.1')).not.toThrow();
    expect(() => checkPluginCompat({ name: 'team', core: '^0.3', apply() {} }, '0.2.9')).toThrow(
      'plugin team needs @ocispec/core ^0.3, this is 0.2.9',
    );
  });

  it('a plain-object plugin (no definePlugin) is checked the same way', () => {
    const plugin = { name: 'plain', core: '^99', apply() {} };
    expect(() => new Pipeline().use(plugin)).toThrow(
      `plugin plain needs @ocispec/core ^99, this is ${version}`,
    );
  });
});

describe('an OcispecError from another copy of @ocispec/core', () => {
  it('is an OcispecError here too (a plugin brings its own core), and other errors are not', async () => {
    const copy = '../../src/errors.js?another-copy'; // a query makes the module loader evaluate it again
    const other = (await import(/* @vite-ignore */ copy)) as typeof import('../../src/errors.js');
    expect(other.OcispecError).not.toBe(OcispecError);
    const foreign = new other.OcispecError('MISSING_SECTION', 'the spec has no linux');
    expect(foreign).toBeInstanceOf(OcispecError);
    expect(new Error('x')).not.toBeInstanceOf(OcispecError);
    expect({ code: 'MISSING_SECTION', message: 'x' }).not.toBeInstanceOf(OcispecError);
    expect(Object.create(null)).not.toBeInstanceOf(OcispecError);
  });
});
