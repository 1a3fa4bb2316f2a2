/**
 * The built command (launcher/bin.cjs loading dist/ocispec.cjs) imports plugin modules, both when V8 takes the
 * code cache (whose compiled code has no `import()` of its own) and when there is none; and says nothing on
 * stderr while doing it (no experimental-feature warning).
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(pkg, 'dist', 'ocispec.cjs');

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the launcher and the bundle, with or without the bundle's code cache. */
function install(withCache: boolean): string {
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`pnpm build\` first`);
  const root = mkdtempSync(path.join(tmpdir(), 'ocispec-launcher-'));
  made.push(root);
  mkdirSync(path.join(root, 'launcher'));
  mkdirSync(path.join(root, 'dist'));
  copyFileSync(path.join(pkg, 'launcher', 'bin.cjs'), path.join(root, 'launcher', 'bin.cjs'));
  copyFileSync(bundle, path.join(root, 'dist', 'ocispec.cjs'));
  if (withCache) copyFileSync(`${bundle}.cache`, path.join(root, 'dist', 'ocispec.cjs.cache'));
  return path.join(root, 'launcher', 'bin.cjs');
}

const work = mkdtempSync(path.join(tmpdir(), 'ocispec-launcher-work-'));
made.push(work);
writeFileSync(
  path.join(work, 'team-plugin.mjs'),
  `export default {
  name: 'team',
  apply(pipeline) {
    pipeline.registerOpt({ name: 'withTeam', doc: 'Sets example.com/team.', apply(spec, _ctx, team) {
      spec.annotations = { ...spec.annotations, 'example.com/team': team };
    } });
  },
};
`,
);
// A plugin bug: an option writes an object of one of ocispec's own classes (the pipeline) into the spec.
writeFileSync(
  path.join(work, 'leak-plugin.mjs'),
  `export default {
  name: 'leak',
  apply(pipeline) {
    pipeline.registerOpt({ name: 'withLeak', doc: 'Writes the pipeline into the spec.', apply(spec) {
      spec.linux = pipeline;
    } });
  },
};
`,
);
writeFileSync(
  path.join(work, 'leak.json'),
  JSON.stringify({ plugins: ['./leak-plugin.mjs'], opts: [['withLeak']] }),
);
writeFileSync(
  path.join(work, 'web.json'),
  JSON.stringify({ plugins: ['./team-plugin.mjs'], opts: [['withTeam', 'infra']] }),
);

it('the bundle is ASCII, as the launcher reads it (latin1)', () => {
  const bytes = readFileSync(bundle);
  expect(bytes.findIndex((byte) => byte > 0x7f)).toBe(-1);
});

describe.each([
  ['with the code cache', true],
  ['without a code cache', false],
])('the built command %s', (_, withCache) => {
  const bin = install(withCache);
  const run = (args: string[]) =>
    spawnSync(process.execPath, [bin, ...args], {
      cwd: work,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });

  it('imports the plugins a pipeline file names (--allow-plugins)', () => {
    const r = run(['generate', 'web.json', '--allow-plugins', '--indent', '0']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).annotations).toEqual({ 'example.com/team': 'infra' });
  });

  it("names ocispec's own classes in NOT_JSON messages as the source does (the bundle keeps names)", () => {
    const r = run(['generate', 'leak.json', '--allow-plugins']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('/linux: a Pipeline object was written');
  });

  it('imports a --plugin module', () => {
    const r = run(['options', '--plugin', './team-plugin.mjs']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^withTeam\b.*\[team\]$/m);
  });
});
