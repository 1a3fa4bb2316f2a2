/**
 * The built command (launcher/bin.cjs, which runs the bundle from V8's code cache) imports plugin modules: code
 * compiled from a cache has no dynamic import of its own in Node 20, so the launcher lends it one.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'launcher/bin.cjs');
const dir = mkdtempSync(path.join(tmpdir(), 'ocispec-launcher-'));
writeFileSync(
  path.join(dir, 'team.mjs'),
  `export default {
  name: 'team',
  apply(pipeline) {
    pipeline.registerOpt({
      name: 'withTeam',
      doc: 'Sets the example.com/team annotation.',
      apply(spec, _ctx, team) { spec.annotations = { ...spec.annotations, 'example.com/team': team }; },
    });
  },
};
`,
);
writeFileSync(
  path.join(dir, 'web.json'),
  JSON.stringify({ base: { ociVersion: '1.2.0' }, plugins: ['./team.mjs'], opts: [['withTeam', 'infra']] }),
);

function ocispec(...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8' });
}

describe('the built ocispec command loads plugin modules', () => {
  it('is built, with its code cache', () => {
    expect(existsSync(path.join(root, 'dist/ocispec.cjs')), 'run pnpm build first').toBe(true);
    expect(existsSync(path.join(root, 'dist/ocispec.cjs.cache'))).toBe(true);
  });

  it('generate with --allow-plugins runs the plugin, and prints no warning', () => {
    const r = ocispec('generate', 'web.json', '--allow-plugins', '--indent', '0');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ ociVersion: '1.2.0', annotations: { 'example.com/team': 'infra' } });
  });

  it('options --plugin lists its option', () => {
    const r = ocispec('options', '--plugin', './team.mjs');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/withTeam/);
  });
});
