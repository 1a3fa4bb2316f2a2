/**
 * What real runtimes emit validates: `runc spec` and `crun spec` (and their `--rootless` variants), produced by the
 * installed binaries, and containerd's default spec (ocispec's linux default). A missing binary fails the test with
 * the package to install; nothing is skipped.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { corePlugin, Pipeline, parseJson, withProcessArgs } from '@ocispec/core';
import { linuxPlugin } from '@ocispec/linux';
import { afterAll, describe, expect, it } from 'vitest';
import { validateSpec } from '../src/index.js';

const work = mkdtempSync(path.join(tmpdir(), 'ocispec-runtime-specs-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * Warnings a runtime's own starter spec may draw. runc and crun list ambient capabilities that are not inheritable:
 * the kernel drops them (runc runs the container with an empty ambient set, see test/e2e/lint.test.ts).
 */
const EXPECTED_WARNINGS: ReadonlySet<string> = new Set(['capability-ambient']);

/** Runs `<runtime> spec [args]` in a fresh bundle directory and returns the parsed config.json. */
function generated(runtime: 'runc' | 'crun', args: string[]): unknown {
  const bundle = mkdtempSync(path.join(work, `${runtime}-`));
  const run = spawnSync(runtime, ['spec', '--bundle', bundle, ...args], { encoding: 'utf8' });
  if (run.error !== undefined)
    throw new Error(`${runtime} is not installed (${run.error.message}): apt-get install ${runtime}`);
  if (run.status !== 0) throw new Error(`${runtime} spec ${args.join(' ')} failed: ${run.stderr.trim()}`);
  return parseJson(readFileSync(path.join(bundle, 'config.json'), 'utf8'));
}

describe('specs real runtimes emit', () => {
  it.each([
    ['runc', []],
    ['runc', ['--rootless']],
    ['crun', []],
    ['crun', ['--rootless']],
  ] as const)('%s spec %j validates with no error', (runtime, args) => {
    const spec = generated(runtime, [...args]);
    const report = validateSpec(spec, { platform: 'linux/amd64' });
    expect(report.errors).toEqual([]);
    expect(report.warnings.filter((f) => !EXPECTED_WARNINGS.has(f.rule))).toEqual([]);
  });

  it("containerd's default spec (ocispec's linux default), with process args, draws no finding at all", async () => {
    const pipeline = new Pipeline({ plugins: [corePlugin(), linuxPlugin()] });
    const { spec } = await pipeline.compose({
      platform: 'linux/amd64',
      namespace: 'k8s.io',
      id: 'c1',
      opts: [withProcessArgs('sh')],
    });
    expect(validateSpec(spec, { platform: 'linux/amd64' }).findings).toEqual([]);
  });
});
