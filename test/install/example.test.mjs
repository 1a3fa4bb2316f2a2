// The example plugin's README commands, run as written from the repository root (after `pnpm build`, which
// .ci/run has just run: the README's `pnpm build` line is the one line not re-run here, for time).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const readme = readFileSync(path.join(root, 'examples/team-policy/README.md'), 'utf8');
const commands = [...readme.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].flatMap((m) =>
  m[1].split('\n').filter(Boolean),
);

function sh(command) {
  const env = { ...process.env, NO_COLOR: '1' };
  delete env.NODE_TEST_CONTEXT;
  delete env.FORCE_COLOR;
  return spawnSync('bash', ['-e', '-o', 'pipefail', '-c', command], { cwd: root, encoding: 'utf8', env });
}

test('the README names the commands this test runs', () => {
  assert.deepEqual(commands, [
    'pnpm build',
    'pnpm --silent ocispec generate examples/team-policy/pipelines/web.json --allow-plugins',
    'pnpm vitest run --project team-policy',
  ]);
});

test('the shipped CLI generates the pipeline with the built plugin', () => {
  const r = sh(commands[1]);
  assert.equal(r.stderr, '');
  assert.equal(r.status, 0);
  const spec = JSON.parse(r.stdout);
  assert.equal(spec.hostname, 'web');
  assert.deepEqual(spec.annotations, {
    'example.com/team': 'infra',
    'example.com/owners': 'ann,bo',
    'example.com/cost-center': '4711',
    'example.com/policy': 'team-policy@1',
  });
  assert.equal(spec.process.noNewPrivileges, true);
});

test('without --allow-plugins it refuses in one line, exit 1', () => {
  const r = sh(commands[1].replace(' --allow-plugins', ''));
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '');
  // One line from ocispec (pnpm adds its own ELIFECYCLE line about the exit code).
  const lines = r.stderr
    .trim()
    .split('\n')
    .filter((line) => !line.includes('ELIFECYCLE'));
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], /^ocispec: .*web\.json: .*--allow-plugins/);
});

test("the example's tests pass", () => {
  const r = sh(commands[2]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /Tests\s+\S*\s*\d+ passed/);
});
