import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Provenance, SpecChange } from '@ocispec/core';
import { parseJson, parseSpec, specDigest } from '@ocispec/core';
import { describe, expect, it } from 'vitest';
import type { CliRun } from '../src/index.js';
import { runCli } from '../src/index.js';

function run(dir: string, ...argv: string[]): Promise<CliRun> {
  return runCli(argv, { cwd: dir });
}

/** A third-party plugin as a plain ES module, outside the repository: no imports, just `{ name, apply }`. */
const outsidePlugin = `
export default {
  name: 'acme-team',
  apply(pipeline) {
    pipeline.registerOpt({
      name: 'withTeam',
      doc: 'Sets the team.',
      apply(spec, _ctx, team) {
        spec.annotations = { ...spec.annotations, 'acme.example/team': team };
        spec.process = spec.process ?? {};
        spec.process.env = [...(spec.process.env ?? []), 'TEAM=' + team];
      },
    });
  },
};
`;

const baseText = JSON.stringify({
  ociVersion: '1.2.0',
  hostname: 'from-base',
  process: { cwd: '/', user: { uid: 0, gid: 0 }, env: ['PATH=/bin'] },
  mounts: [
    { destination: '/run', type: 'tmpfs', source: 'tmpfs' },
    { destination: '/proc', type: 'proc', source: 'proc' },
  ],
  annotations: { 'acme.example/team': 'nobody' },
});

function workspace(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ocispec-explain-'));
  writeFileSync(path.join(dir, 'acme-plugin.mjs'), outsidePlugin);
  writeFileSync(path.join(dir, 'base.json'), baseText);
  writeFileSync(
    path.join(dir, 'web.json'),
    JSON.stringify({
      name: 'web',
      base: 'base.json',
      plugins: ['./acme-plugin.mjs'],
      opts: [['withHostname', 'web'], ['withoutRunMount'], ['withTeam', 'infra']],
    }),
  );
  return dir;
}

describe('ocispec explain', () => {
  it('attributes the fields an outside plugin option set to it, and the rest to the base file', async () => {
    const dir = workspace();
    const { code, stdout, stderr } = await run(dir, 'explain', 'web.json', '--json', '--allow-plugins');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const provenance = parseJson(stdout) as unknown as Provenance;
    const base = { kind: 'base', file: 'base.json', digest: specDigest(parseSpec(baseText).spec) };
    expect(provenance.base).toEqual(base);
    const at = (pointer: string) => provenance.fields.find((f) => f.pointer === pointer);
    const team = { kind: 'option', option: 'withTeam', index: 2, plugin: 'acme-team' };
    expect(at('/annotations/acme.example~1team')).toEqual({
      pointer: '/annotations/acme.example~1team',
      value: 'infra',
      setBy: team,
      overwrote: [{ value: 'nobody', setBy: base }],
    });
    expect(at('/process/env/1')).toEqual({
      pointer: '/process/env/1',
      value: 'TEAM=infra',
      setBy: team,
      overwrote: [],
    });
    expect(at('/process/env/0')?.setBy).toEqual(base);
    expect(at('/hostname')).toMatchObject({
      setBy: { option: 'withHostname', index: 0, plugin: 'core' },
      overwrote: [{ value: 'from-base' }],
    });
    // The /proc mount moved up when /run was removed: still the base's, and /run is listed as removed.
    expect(at('/mounts/0/destination')).toMatchObject({ value: '/proc', setBy: base });
    expect(provenance.removed).toContainEqual({
      pointer: '/mounts/0/destination',
      value: '/run',
      setBy: base,
      overwrote: [],
      removedBy: { kind: 'option', option: 'withoutRunMount', index: 1, plugin: 'linux' },
    });
  });

  it('prints a table; --changed keeps what options and plugins set', async () => {
    const dir = workspace();
    const all = await run(dir, 'explain', 'web.json', '--allow-plugins');
    expect(all.code).toBe(0);
    const lines = all.stdout.split('\n');
    expect(lines[0]).toBe(`base: base base.json ${specDigest(parseSpec(baseText).spec)}`);
    expect(lines[2]).toMatch(/^POINTER +VALUE +SET BY +OVERWROTE$/);
    expect(all.stdout).toMatch(
      /\/annotations\/acme\.example~1team +"infra" +option 2 withTeam \[acme-team\] +"nobody" \(base base\.json\)\n/,
    );
    expect(all.stdout).toMatch(/\/ociVersion +"1\.2\.0" +base base\.json\n/);
    expect(all.stdout).toMatch(
      /removed:\nPOINTER +VALUE +SET BY +REMOVED BY\n\/mounts\/0\/destination +"\/run" +base base\.json +option 1 withoutRunMount \[linux\]\n/,
    );
    const changed = await run(dir, 'explain', 'web.json', '--changed', '--allow-plugins');
    expect(changed.stdout).not.toContain('/ociVersion');
    expect(changed.stdout).toContain('/hostname');
  });

  it('fails like generate when the pipeline fails, and is a usage error without a file', async () => {
    const dir = workspace();
    writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ opts: [['withTeem', 'x']] }));
    const bad = await run(dir, 'explain', 'bad.json');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/option 0 \(withTeem\): unknown option/);
    expect((await run(dir, 'explain')).code).toBe(2);
  });
});

describe('ocispec diff', () => {
  function files(a: unknown, b: unknown): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'ocispec-diff-'));
    writeFileSync(path.join(dir, 'a.json'), typeof a === 'string' ? a : JSON.stringify(a));
    writeFileSync(path.join(dir, 'b.json'), typeof b === 'string' ? b : JSON.stringify(b));
    return dir;
  }
  const a = {
    ociVersion: '1.2.0',
    process: { env: ['A=1', 'B=2'], user: { uid: 0, gid: 0 }, cwd: '/' },
    mounts: [
      { destination: '/proc', type: 'proc', source: 'proc' },
      { destination: '/dev', type: 'tmpfs', source: 'tmpfs' },
    ],
  };

  it('exits 0 with no output for the same spec up to keyed-list order', async () => {
    const dir = files(a, {
      ...a,
      process: { ...a.process, env: ['B=2', 'A=1'] },
      mounts: [...a.mounts].reverse(),
    });
    expect(await run(dir, 'diff', 'a.json', 'b.json')).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('exits 1 and prints each change, or the changes as JSON', async () => {
    const dir = files(
      a,
      '{"ociVersion":"1.2.0","process":{"env":["A=9"],"user":{"uid":0,"gid":0},"cwd":"/","rlimits":[{"type":"RLIMIT_NOFILE","hard":18446744073709551615,"soft":1}]},"mounts":[{"destination":"/dev","type":"tmpfs","source":"tmpfs"}]}',
    );
    const text = await run(dir, 'diff', 'a.json', 'b.json');
    expect(text.code).toBe(1);
    expect(text.stdout).toBe(
      [
        '~ /process/env[A]: "A=1" → "A=9"',
        '- /process/env[B]: "B=2"',
        '+ /process/rlimits: [{"type":"RLIMIT_NOFILE","hard":18446744073709551615,"soft":1}]',
        '- /mounts[/proc]: {"destination":"/proc","type":"proc","source":"proc"}',
        '',
      ].join('\n'),
    );
    const json = await run(dir, 'diff', 'a.json', 'b.json', '--json', '--indent', '0');
    expect(json.code).toBe(1);
    const changes = parseJson(json.stdout) as unknown as SpecChange[];
    expect(changes[0]).toEqual({
      kind: 'changed',
      pointer: '/process/env/0',
      path: '/process/env[A]',
      before: 'A=1',
      after: 'A=9',
    });
    expect(changes[3]).toMatchObject({ kind: 'removed', pointer: '/mounts/0' });
  });

  it('exits 2 on a usage error or a file it cannot read', async () => {
    const dir = files(a, a);
    expect((await run(dir, 'diff', 'a.json')).code).toBe(2);
    const missing = await run(dir, 'diff', 'a.json', 'nope.json');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^ocispec: .*nope\.json: no such file or directory\n$/);
    const dotted = await run(dir, 'diff', './a.json', './sub/../nope.json');
    expect(dotted.stderr).toBe(`ocispec: ${path.join(dir, 'nope.json')}: no such file or directory\n`);
    writeFileSync(path.join(dir, 'b.json'), '{"ociVersion":');
    expect((await run(dir, 'diff', 'a.json', 'b.json')).code).toBe(2);
  });
});

describe('ocispec explain --config', () => {
  it('resolves a pipeline "runtime" to its base_runtime_spec and attributes fields to that base', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ocispec-explain-config-'));
    const base = '{"ociVersion":"1.0.2","hostname":"old","process":{"cwd":"/","user":{"uid":0,"gid":0}}}';
    writeFileSync(path.join(dir, 'base.json'), base);
    writeFileSync(
      path.join(dir, 'config.toml'),
      [
        'version = 3',
        '[plugins."io.containerd.cri.v1.runtime".containerd.runtimes.runc]',
        "  runtime_type = 'io.containerd.runc.v2'",
        "  base_runtime_spec = 'base.json'",
        '',
      ].join('\n'),
    );
    writeFileSync(
      path.join(dir, 'p.json'),
      JSON.stringify({ runtime: 'runc', namespace: 'k8s.io', id: 'c1', opts: [['withHostname', 'new']] }),
    );
    const r = await run(dir, 'explain', 'p.json', '--config', 'config.toml', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const provenance = parseJson(r.stdout) as unknown as Provenance;
    expect(provenance.base).toMatchObject({ kind: 'base', digest: specDigest(parseSpec(base).spec) });
    const field = (pointer: string) => provenance.fields.find((f) => f.pointer === pointer);
    expect(field('/ociVersion')?.setBy.kind).toBe('base');
    expect(field('/hostname')).toMatchObject({
      value: 'new',
      setBy: { kind: 'option', option: 'withHostname' },
    });
    expect(field('/hostname')?.overwrote.map((o) => o.value)).toEqual(['old']);
    expect(field('/linux/cgroupsPath')).toMatchObject({
      value: '/k8s.io/c1',
      setBy: { option: 'withNamespacedCgroup' },
    });
  });
});
