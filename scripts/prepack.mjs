#!/usr/bin/env node
// A package's `prepack` (run by `pnpm pack` and `pnpm publish` in the package's directory): builds it when its
// dist/ is missing or older than any source it is built from (its own src/, package.json and tsup config, and those
// of the workspace packages it depends on, which the CLI bundles), so that a tarball is never stale; then copies the
// root LICENSE and NOTICE in, so that every tarball carries them. `--check` reports staleness without building.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const packageDir = process.cwd();

/** Newest and oldest modification times of the files beneath `dir` (none: undefined). */
function times(dir) {
  let newest;
  let oldest;
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(p);
      } else if (entry.isFile()) {
        const t = statSync(p).mtimeMs;
        newest = newest === undefined || t > newest ? t : newest;
        oldest = oldest === undefined || t < oldest ? t : oldest;
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  return { newest, oldest };
}

/** The workspace packages' directories by name. */
function workspacePackages() {
  const byName = new Map();
  for (const group of ['packages', 'examples']) {
    const base = path.join(root, group);
    if (!existsSync(base)) continue;
    for (const entry of readdirSync(base)) {
      const file = path.join(base, entry, 'package.json');
      if (existsSync(file)) byName.set(JSON.parse(readFileSync(file, 'utf8')).name, path.join(base, entry));
    }
  }
  return byName;
}

/** `dir` and the workspace packages it depends on (dependencies and devDependencies), transitively. */
function sourceDirs(dir, byName, seen = new Set()) {
  if (seen.has(dir)) return seen;
  seen.add(dir);
  const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  for (const deps of [manifest.dependencies, manifest.devDependencies]) {
    for (const [name, version] of Object.entries(deps ?? {})) {
      if (String(version).startsWith('workspace:') && byName.has(name))
        sourceDirs(byName.get(name), byName, seen);
    }
  }
  return seen;
}

function newestSource(dir) {
  let newest = 0;
  for (const d of sourceDirs(dir, workspacePackages())) {
    const t = times(path.join(d, 'src')).newest ?? 0;
    newest = Math.max(newest, t);
    for (const file of ['package.json', 'tsup.config.ts']) {
      const p = path.join(d, file);
      if (existsSync(p)) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  }
  return newest;
}

const built = times(path.join(packageDir, 'dist')).oldest;
const stale = built === undefined || built < newestSource(packageDir);
if (process.argv.includes('--check')) {
  console.log(stale ? 'stale' : 'fresh');
  process.exit(0);
}
if (stale) {
  const run = spawnSync('pnpm', ['run', 'build'], { cwd: packageDir, stdio: 'inherit' });
  if (run.status !== 0) {
    console.error(`prepack: the build of ${path.basename(packageDir)} failed`);
    process.exit(1);
  }
}
for (const file of ['LICENSE', 'NOTICE']) copyFileSync(path.join(root, file), path.join(packageDir, file));
