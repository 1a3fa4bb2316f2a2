/**
 * Every publishable package's package.json says what npm shows and needs (checked here without packing; the
 * install test, test/install, packs and installs them): metadata, engines, files, exports with types first, a
 * prepack, and a README and CHANGELOG beside it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const rootManifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

interface Manifest {
  readonly name: string;
  readonly private?: boolean;
  readonly description?: string;
  readonly keywords?: readonly string[];
  readonly homepage?: string;
  readonly bugs?: { readonly url?: string };
  readonly repository?: { readonly type?: string; readonly url?: string; readonly directory?: string };
  readonly license?: string;
  readonly sideEffects?: boolean;
  readonly engines?: Readonly<Record<string, string>>;
  readonly files?: readonly string[];
  readonly exports?: Readonly<Record<string, unknown>>;
  readonly publishConfig?: { readonly exports?: Readonly<Record<string, unknown>> };
  readonly scripts?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
}

const packages = readdirSync(path.join(root, 'packages'))
  .map((dir) => ({
    dir: `packages/${dir}`,
    manifest: JSON.parse(readFileSync(path.join(root, 'packages', dir, 'package.json'), 'utf8')) as Manifest,
  }))
  .filter((p) => p.manifest.private !== true);

describe('publishable package manifests', () => {
  it('are the ten @ocispec packages', () => {
    expect(packages.map((p) => p.manifest.name).sort()).toEqual(
      ['base-spec', 'cdi', 'cli', 'core', 'cri', 'cri-client', 'linux', 'testing', 'validate', 'windows'].map(
        (n) => `@ocispec/${n}`,
      ),
    );
  });

  it.each(packages)('$manifest.name has the metadata npm shows', ({ dir, manifest }) => {
    expect(manifest.description?.length ?? 0).toBeGreaterThan(40);
    expect(manifest.keywords?.length ?? 0).toBeGreaterThanOrEqual(3);
    expect(manifest.license).toBe('Apache-2.0');
    const repo = rootManifest.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
    expect(manifest.repository).toEqual({ type: 'git', url: rootManifest.repository.url, directory: dir });
    expect(manifest.homepage).toBe(`${repo}/tree/main/${dir}#readme`);
    expect(manifest.bugs).toEqual({ url: `${repo}/issues` });
    expect(manifest.engines).toEqual(rootManifest.engines);
    expect(manifest.sideEffects).toBe(false);
  });

  it.each(packages)(
    '$manifest.name ships LICENSE, NOTICE, CHANGELOG and a README, built by prepack',
    ({ dir, manifest }) => {
      expect(manifest.files).toEqual(expect.arrayContaining(['dist', 'CHANGELOG.md', 'LICENSE', 'NOTICE']));
      expect(manifest.scripts?.prepack).toBe('node ../../scripts/prepack.mjs');
      for (const file of ['README.md', 'CHANGELOG.md'])
        expect(existsSync(path.join(root, dir, file)), file).toBe(true);
      const readme = readFileSync(path.join(root, dir, 'README.md'), 'utf8');
      expect(readme.startsWith(`# ${manifest.name}\n`)).toBe(true);
      expect(readme).toContain(`npm install`);
    },
  );

  it.each(packages)(
    '$manifest.name exports types first, and publishes no source condition',
    ({ manifest }) => {
      const published = manifest.publishConfig?.exports ?? {};
      expect(Object.keys(published)).toEqual(Object.keys(manifest.exports ?? {}));
      for (const [subpath, target] of Object.entries(published)) {
        if (subpath === './package.json') continue;
        expect(Object.keys(target as object), subpath).toEqual(['types', 'default']);
      }
      expect(JSON.stringify(published)).not.toContain('@ocispec/source');
    },
  );

  it('the root has the LICENSE and a NOTICE that credits containerd', () => {
    expect(readFileSync(path.join(root, 'LICENSE'), 'utf8')).toContain('Apache License');
    expect(readFileSync(path.join(root, 'NOTICE'), 'utf8')).toMatch(
      /containerd[\s\S]*Apache License, Version 2\.0/,
    );
  });
});
