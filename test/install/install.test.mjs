// The install test: what a user gets from `npm install`, outside the workspace. Packs every publishable package
// (`pnpm pack`, whose prepack builds a stale package and adds LICENSE and NOTICE), npm-installs the tarballs into a
// fresh temporary project, and there: (a) a plain ESM script composes a spec with a plugin; (b) a TypeScript project
// using definePlugin/defineOpt typechecks under node16 and bundler resolution, and a wrong option argument is a
// compile error; (c) the installed `ocispec` binary runs a pipeline that uses the plugin; (d) @ocispec/testing's
// checks run under node:test; (e) and under jest. Run with `node --test test/install/install.test.mjs` (.ci/run does, and counts its tests);
// OCISPEC_PACK_REPORT=FILE writes each tarball's size and contents as JSON. Needs the npm registry for the
// packages' third-party dependencies (immer, zod, ...), or an npm cache that holds them.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = path.join(root, 'test/install/fixtures');
const require_ = createRequire(path.join(root, 'package.json'));
const tsc = require_.resolve('typescript/bin/tsc');
const work = mkdtempSync(path.join(tmpdir(), 'ocispec-install-'));
const tarballs = path.join(work, 'tarballs');
const app = path.join(work, 'app');

/** The publishable packages: packages/* that are not private. */
const packages = readdirSync(path.join(root, 'packages'))
  .map((dir) => ({
    dir: path.join(root, 'packages', dir),
    manifest: readJson(path.join(root, 'packages', dir, 'package.json')),
  }))
  .filter((p) => p.manifest.private !== true);

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function run(command, args, options = {}) {
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (r.error) throw r.error;
  return r;
}

function ok(command, args, options = {}) {
  const r = run(command, args, options);
  assert.equal(r.status, 0, `${command} ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** The jest (e) runs the kit under: a pinned version, installed from the registry with the tarballs. */
const JEST = 'jest@30.5.2';

/** name -> { file, size, files } */
const packed = new Map();

before(() => {
  mkdirSync(tarballs, { recursive: true });
  for (const { dir, manifest } of packages) {
    const r = ok('pnpm', ['pack', '--pack-destination', tarballs], { cwd: dir });
    const file = path.join(
      tarballs,
      `${manifest.name.replace('@', '').replace('/', '-')}-${manifest.version}.tgz`,
    );
    assert.ok(statSync(file).isFile(), `pnpm pack of ${manifest.name} wrote no ${file}:\n${r.stdout}`);
    const files = execFileSync('tar', ['-tzf', file], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((f) => f.replace(/^package\//, ''));
    packed.set(manifest.name, { file, size: statSync(file).size, files });
  }
  if (process.env.OCISPEC_PACK_REPORT) {
    writeFileSync(
      process.env.OCISPEC_PACK_REPORT,
      `${JSON.stringify(Object.fromEntries(packed), null, 2)}\n`,
    );
  }
  cpSync(path.join(fixtures, 'app'), app, { recursive: true });
  // The same versions as the workspace's: zod as core depends on it, @types/node as the root's.
  const zod = readJson(
    createRequire(path.join(root, 'packages/core/package.json')).resolve('zod/package.json'),
  ).version;
  const typesNode = readJson(require_.resolve('@types/node/package.json')).version;
  ok(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--loglevel=error',
      ...[...packed.values()].map((p) => p.file),
      `zod@${zod}`,
      `@types/node@${typesNode}`,
      JEST,
    ],
    { cwd: app },
  );
});

after(() => {
  if (process.env.OCISPEC_KEEP_INSTALL !== '1') rmSync(work, { recursive: true, force: true });
});

describe('the tarballs', () => {
  test('every package carries its README, CHANGELOG, LICENSE, NOTICE, built entries and no sources', () => {
    for (const { manifest } of packages) {
      const { files } = packed.get(manifest.name);
      for (const needed of [
        'package.json',
        'README.md',
        'CHANGELOG.md',
        'LICENSE',
        'NOTICE',
        'dist/index.js',
        'dist/index.d.ts',
      ]) {
        assert.ok(files.includes(needed), `${manifest.name}'s tarball has no ${needed}: ${files.join(', ')}`);
      }
      const stray = files.filter(
        (f) => /^(src|test)\//.test(f) || f.endsWith('.tsbuildinfo') || f.startsWith('node_modules/'),
      );
      assert.deepEqual(stray, [], `${manifest.name}'s tarball carries ${stray.join(', ')}`);
    }
  });

  test('their package.json has no workspace: ranges and no source condition, and every export has types', () => {
    for (const { manifest } of packages) {
      const installed = readJson(path.join(app, 'node_modules', manifest.name, 'package.json'));
      const text = JSON.stringify(installed);
      assert.ok(
        !text.includes('workspace:'),
        `${manifest.name}: ${text.match(/"[^"]*workspace:[^"]*"/)?.[0]}`,
      );
      assert.ok(!text.includes('@ocispec/source'), `${manifest.name} ships the @ocispec/source condition`);
      for (const [subpath, target] of Object.entries(installed.exports)) {
        if (subpath === './package.json') continue;
        assert.equal(
          Object.keys(target)[0],
          'types',
          `${manifest.name} exports ${subpath}: types must come first`,
        );
      }
    }
  });
});

describe('(a) a plain ESM script', () => {
  test('every package imports by name, and a spec composes with a plugin', () => {
    const r = ok(process.execPath, ['compose.mjs'], { cwd: app });
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.loaded, [...packed.keys()].filter((n) => n !== '@ocispec/cli').sort());
    assert.equal(out.spec.annotations['example.com/team'], 'infra');
    assert.equal(out.spec.hostname, 'web');
    assert.equal(out.spec.process.noNewPrivileges, true);
    assert.ok(out.spec.linux.namespaces.length > 0, 'the linux default spec');
    assert.equal(out.error, 'option 0 (withTeam): argument 1: a lower-case team name');
  });
});

describe('(b) a TypeScript project', () => {
  for (const config of ['tsconfig.node16.json', 'tsconfig.bundler.json']) {
    test(`typechecks with ${config}, and a wrong option argument is a compile error there`, () => {
      const good = run(process.execPath, [tsc, '-p', config], { cwd: path.join(app, 'ts') });
      assert.equal(good.status, 0, `tsc -p ${config}:\n${good.stdout}${good.stderr}`);
      const bad = run(process.execPath, [tsc, '-p', config.replace('.json', '.wrong.json')], {
        cwd: path.join(app, 'ts'),
      });
      assert.notEqual(bad.status, 0, 'the wrong argument compiled');
      const errors = bad.stdout.split('\n').filter((l) => /error TS\d+/.test(l));
      assert.equal(errors.length, 1, bad.stdout);
      assert.match(
        errors[0],
        /^wrong\.ts\(\d+,\d+\): error TS2345: Argument of type 'number' is not assignable to parameter of type 'string'/,
      );
    });
  }
});

describe('(c) the installed ocispec binary', () => {
  test('generate runs a pipeline file whose plugin is an installed module', () => {
    const bin = path.join(app, 'node_modules/.bin/ocispec');
    const r = run(bin, ['generate', 'web.json', '--allow-plugins'], { cwd: app });
    assert.equal(r.stderr, '');
    assert.equal(r.status, 0);
    const spec = JSON.parse(r.stdout);
    assert.equal(spec.annotations['example.com/team'], 'infra');
    assert.equal(spec.hostname, 'web');
  });

  test('without consent the plugin does not run: one line, exit 1', () => {
    const r = run(path.join(app, 'node_modules/.bin/ocispec'), ['generate', 'web.json'], { cwd: app });
    assert.equal(r.status, 1);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /allow-plugins/);
  });
});

/** `node --test FILE` in the app, as a run of its own (not a subtest of this one: no NODE_TEST_CONTEXT). */
function nodeTest(file) {
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  return run(process.execPath, ['--test', '--test-reporter=tap', file], { cwd: app, env });
}

describe('(d) @ocispec/testing under node:test', () => {
  test("the plugin's contract and pointer assertions pass", () => {
    const r = nodeTest('contract.test.mjs');
    assert.equal(r.status, 0, r.stdout);
    assert.match(r.stdout, /^# pass 2$/m);
  });

  test('a plugin that breaks the contract fails it, naming the call and the base', () => {
    const r = nodeTest('broken.test.mjs');
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stdout, /^# fail 1$/m);
    assert.match(r.stdout, /plugin broken throws raw errors on sparse specs/);
    assert.match(r.stdout, /\["withExtraEnv","A=1"\] over the "empty" base/);
  });
});

/** jest over one test file of the app's `jest/` directory: ESM as written (no transform), as jest's docs say. */
function jestTest(file) {
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  return run(
    process.execPath,
    [
      '--experimental-vm-modules',
      'node_modules/jest/bin/jest.js',
      '--rootDir',
      'jest',
      '--transform',
      '{}',
      '--testMatch',
      `**/${file}`,
      '--ci',
    ],
    { cwd: app, env },
  );
}

describe('(e) @ocispec/testing under jest', () => {
  test("the plugin's contract and pointer assertions pass", () => {
    const r = jestTest('contract.test.mjs');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /^Tests: {7}3 passed, 3 total$/m);
  });

  test('a plugin that breaks the contract fails it, naming the call and the base', () => {
    const r = jestTest('broken.test.mjs');
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /^Tests: {7}1 failed, 1 total$/m);
    assert.match(r.stderr, /plugin broken throws raw errors on sparse specs/);
    assert.match(r.stderr, /\["withExtraEnv","A=1"\] over the "empty" base/);
  });
});
