import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Options } from 'tsup';
import { defineConfig } from 'tsup';

type Plugin = NonNullable<Options['esbuildPlugins']>[number];

import { libraryBuild } from '../../tsup.base.js';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/**
 * zod's error-message locales: only English is used (zod installs it by default); the others are 250 KB that
 * every start would read.
 */
const englishOnly: Plugin = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /\/locales\/index\.js$/, namespace: 'file' }, (args) =>
      args.importer.includes('/zod/')
        ? { path: args.importer, namespace: 'zod-locales', pluginData: args.resolveDir }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: 'export { default as en } from "../locales/en.js";',
      resolveDir: args.pluginData as string,
    }));
  },
};

/** Built-in modules that cost a start-up to load and that no command needs before it runs. */
const LAZY_BUILTINS = ['node:child_process', 'node:crypto', 'node:module', 'node:os'];

/**
 * Loads those built-ins on first use: each is replaced by a module of functions that require the real one when
 * called (commander requires child_process at start for executable subcommands, which ocispec has none of).
 */
const lazyBuiltins: Plugin = {
  name: 'lazy-builtins',
  setup(build) {
    const filter = new RegExp(`^(${LAZY_BUILTINS.map((m) => m.replace('node:', '(node:)?')).join('|')})$`);
    build.onResolve({ filter }, (args) =>
      args.namespace === 'lazy-builtin'
        ? undefined
        : { path: args.path.replace(/^(node:)?/, 'node:'), namespace: 'lazy-builtin' },
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, async (args) => {
      const real = (await import(args.path)) as Record<string, unknown>;
      const names = Object.keys(real).filter((k) => k !== 'default' && typeof real[k] === 'function');
      const lines = [
        `let real; const load = () => (real ??= require(${JSON.stringify(args.path)}));`,
        ...names.map(
          (name) =>
            `export function ${name}(...args) { const f = load().${name}; return new.target ? Reflect.construct(f, args) : f.apply(this, args); }`,
        ),
        `export default new Proxy({}, { get: (_, key) => load()[key] });`,
      ];
      return { contents: lines.join('\n'), loader: 'js' };
    });
  },
};

/**
 * Packages that only some commands need and whose modules cost a start-up to evaluate (`yaml`, 72 modules, for
 * YAML pipelines; `jsonc-parser` for comments and error positions; npm's `semver` for plugins that declare a core
 * range): each import of one is replaced by a module of functions that evaluate the bundled package on first call.
 * Only functions are exported (a missing name fails the build), so a package imported for a class it tests with
 * `instanceof` must not be listed.
 */
const LAZY_PACKAGES = ['yaml', 'jsonc-parser', 'semver/functions/satisfies.js', 'semver/ranges/valid.js'];

const lazyPackages: Plugin = {
  name: 'lazy-packages',
  setup(build) {
    const wanted = new Set(LAZY_PACKAGES);
    build.onResolve({ filter: /^[a-z]/ }, (args) =>
      !wanted.has(args.path) || args.namespace === 'lazy-package' || args.kind !== 'import-statement'
        ? undefined
        : { path: args.path, namespace: 'lazy-package', pluginData: args.resolveDir },
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-package' }, async (args) => {
      const resolveDir = args.pluginData as string;
      const where = createRequire(path.join(resolveDir, 'index.js')).resolve(args.path);
      const real = (await import(pathToFileURL(where).href)) as Record<string, unknown>;
      const names = Object.keys(real).filter((k) => k !== 'default' && typeof real[k] === 'function');
      const lines = [
        `let real; const load = () => (real ??= require(${JSON.stringify(args.path)}));`,
        ...names.map(
          (name) =>
            `export function ${name}(...args) { const f = load().${name}; return new.target ? Reflect.construct(f, args) : f.apply(this, args); }`,
        ),
        typeof real.default === 'function'
          ? 'export default function (...args) { const m = load(); return (m.default ?? m).apply(this, args); }'
          : '',
      ];
      return { contents: lines.join('\n'), loader: 'js', resolveDir };
    });
  },
};

/**
 * Class names, kept through minification: messages name the class of a value that is not JSON (`a Pipeline object
 * was written`, zod's `received Pipeline`). esbuild's `keepNames` would keep every function's name too, at the
 * price of redefining `name` on each of some 2,500 functions at start (about 870 KB of heap, 3 ms); only classes
 * are named in messages, so each class declared at the top level of a module gets its name back in one statement
 * at the module's end (functions' names are the minifier's, as in any minified bundle).
 */
const CLASS_DECLARATION = /^(?:export\s+)?(?:default\s+)?(?:abstract\s+)?class\s+([A-Za-z_$][\w$]*)/gm;

const classNames: Plugin = {
  name: 'class-names',
  setup(build) {
    build.onLoad({ filter: /\.(ts|js|mjs|cjs)$/, namespace: 'file' }, async (args) => {
      const contents = await readFile(args.path, 'utf8');
      const names = [...contents.matchAll(CLASS_DECLARATION)].map((m) => m[1]!);
      if (names.length === 0) return undefined;
      const restore = names.map(
        (name) =>
          `Object.defineProperty(${name}, "name", { value: ${JSON.stringify(name)}, configurable: true });`,
      );
      const ext = path.extname(args.path).slice(1);
      return {
        contents: `${contents}\n;${restore.join('\n')}\n`,
        loader: ext === 'ts' ? 'ts' : 'js',
        resolveDir: path.dirname(args.path),
      };
    });
  },
};

/**
 * Built-in modules imported by many modules of the bundle: each ESM `import * as fs from 'node:fs'` becomes
 * esbuild's `__toESM(require('node:fs'))`, a fresh copy of every export (33 copies of fs and path at start).
 * Imported instead through one module that re-exports the built-in, each is copied once.
 */
const SHARED_BUILTINS = ['node:fs', 'node:path'];

const sharedBuiltins: Plugin = {
  name: 'shared-builtins',
  setup(build) {
    const filter = new RegExp(`^(${SHARED_BUILTINS.map((m) => m.replace('node:', '(node:)?')).join('|')})$`);
    build.onResolve({ filter }, (args) =>
      args.namespace === 'shared-builtin' || args.kind !== 'import-statement'
        ? undefined
        : { path: args.path.replace(/^(node:)?/, 'node:'), namespace: 'shared-builtin' },
    );
    build.onLoad({ filter: /.*/, namespace: 'shared-builtin' }, (args) => ({
      contents: `export * from ${JSON.stringify(args.path)}; export { default } from ${JSON.stringify(args.path)};`,
      loader: 'js',
    }));
  },
};

export default defineConfig([
  // The library entry (runCli, main): ESM, self-contained, with declarations.
  libraryBuild({
    entry: ['src/index.ts'],
    noExternal: [/.*/],
    platform: 'node',
    define: { __OCISPEC_VERSION__: JSON.stringify(version) },
    esbuildOptions(options) {
      options.mainFields = ['module', 'main'];
      options.conditions = ['@ocispec/source'];
    },
    dts: { entry: 'src/index.ts', compilerOptions: { ignoreDeprecations: '6.0' } },
  }),
  // The command: one CommonJS file, every dependency bundled, loaded by launcher/bin.cjs with a code cache.
  {
    entry: { ocispec: 'src/bundle.ts' },
    format: ['cjs'],
    outExtension: () => ({ js: '.cjs' }),
    target: 'node20',
    platform: 'node',
    noExternal: [/.*/],
    minify: process.env.OCISPEC_BUNDLE_DEBUG !== '1',
    // Not esbuild's keepNames: the class-names plugin keeps what messages read.
    keepNames: false,
    removeNodeProtocol: false,
    define: { __OCISPEC_VERSION__: JSON.stringify(version) },
    esbuildPlugins: [englishOnly, lazyBuiltins, sharedBuiltins, lazyPackages, classNames],
    esbuildOptions(options) {
      options.mainFields = ['module', 'main'];
      options.conditions = ['@ocispec/source'];
    },
    async onSuccess() {
      const run = spawnSync(process.execPath, ['launcher/bin.cjs'], {
        env: { ...process.env, OCISPEC_WRITE_CODE_CACHE: '1' },
        stdio: 'inherit',
      });
      if (run.status !== 0) throw new Error('writing the code cache failed');
    },
  },
]);
