/**
 * Every command with hostile arguments: no stack trace, no `undefined` or `[object Object]`, the documented exit
 * code. Output errors are real: a closed pipe (EPIPE) and /dev/full (ENOSPC), through the built CLI.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/commands/index.js';
import { runCli } from '../src/run.js';

const dir = mkdtempSync(path.join(tmpdir(), 'ocispec-hostile-'));
writeFileSync(path.join(dir, 'spec.json'), '{"ociVersion":"1.2.0"}');
const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../launcher/bin.cjs');

const NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];

function clean(stderr: string): void {
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(stderr).not.toContain('undefined');
  expect(stderr).not.toContain('[object Object]');
}

describe('hostile arguments', () => {
  it.each(NAMES)('%s as a command is unknown: exit 2 with a hint', async (name) => {
    for (const argv of [[name], [name, '--help'], ['help', name]]) {
      const r = await runCli(argv, { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/unknown command/);
      clean(r.stderr);
    }
  });

  const cases: [string[], number][] = [];
  for (const command of COMMANDS) {
    const name = command.name;
    cases.push([[name, '--constructor'], 2], [[name, '--__proto__', 'x'], 2], [[name, '--toString'], 2]);
    if (command.flags.some((f) => f.flags.startsWith('--indent'))) {
      cases.push([[name, 'spec.json', '--indent', ''], 2], [[name, 'spec.json', '--indent', 'NaN'], 2]);
    }
  }
  cases.push(
    [['lint', 'spec.json', '--suppress', 'constructor=because'], 2],
    [['lint', 'spec.json', '--suppress', '__proto__=because'], 2],
    [['lint', 'spec.json', '--suppress', 'privileged='], 2],
    [['lint', 'spec.json', '--profile', 'constructor'], 2],
    [['cri', 'constructor', 'spec.json'], 2],
    [['completion', '__proto__'], 2],
    [['validate', 'spec.json', '--cgroup-driver', 'toString'], 2],
    [['generate', 'missing.json'], 1],
    [['generate', 'spec.json', '--opt', 'constructor'], 1],
    [['generate', 'spec.json', '--opt', '__proto__=[]'], 1],
    [['spec', '--opt', 'toString'], 1],
    [['spec', '--opt', 'withHostname=[{"a":1}]'], 1],
    [['spec', '--', 'sh'], 0],
    [['validate', 'spec.json', '--', 'sh'], 2],
  );

  it.each(cases)('%j exits %i, one clean message', async (argv, code) => {
    const r = await runCli(argv, { cwd: dir });
    expect(r.code).toBe(code);
    if (code !== 0) expect(r.stderr.trim()).not.toBe('');
    clean(r.stderr);
  });

  it('an unknown --suppress rule gets a did-you-mean', async () => {
    const r = await runCli(['lint', 'spec.json', '--suppress', 'privilegd=x'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown rule "privilegd"; did you mean "privileged"?');
  });
});

describe('output errors, for real (built CLI)', () => {
  it('the CLI is built', () => {
    expect(existsSync(bin), 'run pnpm build').toBe(true);
  });

  it('a closed pipe ends quietly with 141', () => {
    // `head -c 1` reads one byte and exits; a batch keeps writing into the closed pipe.
    const batch = path.join(dir, 'batch.json');
    writeFileSync(batch, JSON.stringify(Array.from({ length: 300 }, (_, i) => ({ name: `p${i}` }))));
    const piped = spawnSync(
      'bash',
      ['-c', `set -o pipefail; "${process.execPath}" "${bin}" generate "${batch}" | head -c 1 >/dev/null`],
      {
        encoding: 'utf8',
      },
    );
    expect(piped.status).toBe(141);
    expect(piped.stderr).toBe('');
  });

  it('/dev/full is one line and exit 1', () => {
    const devFull = openSync('/dev/full', 'w');
    const r = spawnSync(process.execPath, [bin, 'spec'], {
      encoding: 'utf8',
      stdio: ['ignore', devFull, 'pipe'],
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('ocispec: cannot write standard output: no space left on device (ENOSPC)\n');
  });
});
