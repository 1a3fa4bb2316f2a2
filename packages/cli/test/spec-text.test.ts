/**
 * The CLI reads spec files as runc and containerd read them (Go's encoding/json): validate and lint see the
 * merged view and report the ambiguity; generate warns about an ambiguous base, and --strict refuses it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'ocispec-spec-text-'));
function write(name: string, text: string): string {
  writeFileSync(path.join(dir, name), text);
  return name;
}

const SPEC =
  '{"ociVersion":"1.3.0","process":{"user":{"uid":1000,"gid":1000},"args":["sh"],"cwd":"/","noNewPrivileges":true},"root":{"path":"rootfs"},"linux":{"namespaces":[{"type":"pid"},{"type":"ipc"},{"type":"mount"},{"type":"network"}],"maskedPaths":["/proc/kcore"],"readonlyPaths":["/proc/sys"]},\n"Process":{"user":{"uid":0}}}';
const spec = write('twice.json', SPEC);

describe('spec files read as Go reads them', () => {
  it('validate reports the repeated process (naming each key) and exits 1', async () => {
    const r = await runCli(['validate', spec], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toMatch(
      /^\/process: ambiguous-key: keys "process", "Process" \(at \/process 1:23, \/Process 2:1\) all name \/process for Go/,
    );
  });

  it('lint flags it (high) and sees the merged process: root', async () => {
    const r = await runCli(['lint', spec, '--profile', 'restricted'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^\/process: ambiguous-json: keys "process", "Process" .* \(high\)$/m);
    expect(r.stdout).toContain('/process/user/uid: run-as-root: the process runs as root (high)');
  });

  it('generate warns about an ambiguous base file, --strict refuses it', async () => {
    const pipeline = write('p.json', JSON.stringify({ base: spec, opts: [['withHostname', 'h']] }));
    const r = await runCli(['generate', pipeline], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).process.user.uid).toBe(0);
    expect(r.stderr).toMatch(/\/process: ambiguous-key: keys "process", "Process"/);
    const strict = await runCli(['generate', pipeline, '--strict'], { cwd: dir });
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/\/process: keys "process", "Process" .*\(strict mode\)/);
  });

  it('diff compares what Go reads', async () => {
    const merged = write(
      'merged.json',
      SPEC.replace(',\n"Process":{"user":{"uid":0}}', '').replace('"uid":1000,', '"uid":0,'),
    );
    const r = await runCli(['diff', spec, merged], { cwd: dir });
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(r.stderr).toMatch(
      /^warning: \S+twice\.json: \/process: ambiguous-key: keys "process", "Process" .*\n$/,
    );
    expect((await runCli(['diff', merged, merged], { cwd: dir })).stderr).toBe('');
  });

  it('validate and lint read standard input as Go reads it too', async () => {
    const stdin = new TextEncoder().encode(SPEC);
    const v = await runCli(['validate', '-'], { cwd: dir, stdin });
    expect(v.stdout).toMatch(/^\/process: ambiguous-key: /m);
    const l = await runCli(['lint', '-'], { cwd: dir, stdin });
    expect(l.stdout).toMatch(/^\/process: ambiguous-json: /m);
  });

  it('an unknown field holding 1e400 goes through composing, merging, explaining and diffing as written', async () => {
    const base = write('big.json', '{"ociVersion":"1.3.0","x":{"n":1e400}}');
    const inline = write(
      'inline.json',
      '{"base":{"ociVersion":"1.3.0","x":1e400},"opts":[["withHostname","h"]]}',
    );
    const file = write('file.json', `{"base":"${base}","opts":[["withHostname","h"]]}`);
    const merged = write('merged.json', `{"base":{"mode":"merge","file":"${base}"},"opts":[]}`);
    for (const [pipeline, printed] of [
      [inline, '"x":1e400'],
      [file, '"x":{"n":1e400}'],
      [merged, '"x":{"n":1e400}'],
    ] as const) {
      const r = await runCli(['generate', pipeline, '--indent', '0', '--quiet'], { cwd: dir });
      expect(r.stderr).toBe('');
      expect(r.stdout).toContain(printed);
    }
    const explained = await runCli(['explain', file, '--quiet'], { cwd: dir });
    expect(explained.stdout).toMatch(/^\/x\/n +1e400 +base big\.json/m);
    const diffed = await runCli(['diff', base, base], { cwd: dir });
    expect([diffed.code, diffed.stdout]).toEqual([0, '']);
  });
});
