import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseJson } from '@ocispec/core';
import { describe, expect, it } from 'vitest';
import type { CliRun } from '../src/index.js';
import { runCli } from '../src/index.js';

function dir(): string {
  return mkdtempSync(path.join(tmpdir(), 'ocispec-cli-'));
}

function run(argv: string[], options: { cwd?: string; stdin?: string } = {}): Promise<CliRun> {
  return runCli(argv, options);
}

function write(d: string, name: string, content: unknown): string {
  const file = path.join(d, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

describe('ocispec spec', () => {
  it('prints the linux default like ctr oci spec (4-space indent, cgroupsPath /default)', async () => {
    const r = await run(['spec']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.startsWith('{\n    "ociVersion": "1.3.0",\n    "process": {\n')).toBe(true);
    const spec = parseJson(r.stdout) as { linux: { cgroupsPath: string } };
    expect(spec.linux.cgroupsPath).toBe('/default');
  });

  it('takes platform, namespace and id', async () => {
    const r = await run(['spec', '--namespace', 'k8s.io', '--id', 'c1', '--indent', '0']);
    expect(r.stdout).toContain('"cgroupsPath":"/k8s.io/c1"');
    const w = await run(['spec', '--platform', 'windows/amd64', '--indent', '0']);
    expect(w.stdout).toBe(
      '{"ociVersion":"1.3.0","process":{"user":{"uid":0,"gid":0},"cwd":"C:\\\\"},"root":{"path":""},"windows":{"layerFolders":null}}\n',
    );
  });

  it.each([
    [['spec', '--platform', 'bogus!'], 1, 'ocispec: "bogus!" is an invalid OS component of "bogus!"'],
    [['spec', '--namespace', ''], 1, 'ocispec: namespace is required: failed precondition'],
    [['spec', '--frob'], 2, "ocispec spec: unknown option '--frob'"],
    [['spec', '--hostnme', 'x'], 2, "ocispec spec: unknown option '--hostnme' (did you mean --hostname?)"],
    [['spec', 'extra'], 2, "ocispec spec: too many arguments for 'spec'. Expected 0 arguments but got 1."],
  ])('%j fails with exit %i', async (argv, code, message) => {
    const r = await run(argv);
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toContain(message);
    expect(r.stderr).not.toContain('    at ');
  });
});

describe('ocispec generate', () => {
  it('runs a pipeline file: default base, options, exact 64-bit values', async () => {
    const d = dir();
    const file = write(
      d,
      'web.json',
      '{"name":"web","namespace":"k8s.io","id":"web-1","opts":[["withHostname","web"],["withEnv",["A=1"]],' +
        '["withRlimit",{"type":"RLIMIT_NOFILE","hard":18446744073709551615,"soft":18446744073709551615}],' +
        '["withMemoryLimit",9223372036854775807]]}',
    );
    const r = await run(['generate', file, '--indent', '0']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"hostname":"web"');
    expect(r.stdout).toContain('"env":["A=1"]');
    expect(r.stdout).toContain(
      '{"type":"RLIMIT_NOFILE","hard":18446744073709551615,"soft":18446744073709551615}',
    );
    expect(r.stdout).toContain('"memory":{"limit":9223372036854775807}');
    expect(r.stdout).toContain('"cgroupsPath":"/k8s.io/web-1"');
  });

  it('uses a base file relative to the pipeline file, keeping its unknown fields (with a warning)', async () => {
    const d = dir();
    write(d, 'base.json', '{"ociVersion":"1.0.2","hostname":"old","x-team":{"a":1},"process":{"cwd":"/"}}');
    const file = write(d, 'p.json', { base: 'base.json', opts: [['withHostname', 'new']] });
    const r = await run(['generate', file, '--indent', '0']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      '{"ociVersion":"1.0.2","process":{"user":{"uid":0,"gid":0},"cwd":"/"},"hostname":"new","x-team":{"a":1}}\n',
    );
    expect(r.stderr).toBe(
      `warning: ${path.join(d, 'base.json')}: /x-team: unknown-field: unknown field, kept as is (containerd would drop it)\n`,
    );
    const strict = await run(['generate', file, '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('/x-team: unknown field (strict mode)');
  });

  it("prints an option's warning on stderr: an unknown capability, kept as containerd keeps it, with a guess", async () => {
    const d = dir();
    const file = write(d, 'p.json', { opts: [['withAddedCapabilities', ['CAP_SYS_ADMN']]] });
    const r = await run(['generate', file, '--indent', '0']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"CAP_SYS_ADMN"');
    expect(r.stderr).toBe(
      'warning: /: option: withAddedCapabilities: unknown capability "CAP_SYS_ADMN", kept as given (as containerd does); did you mean CAP_SYS_ADMIN?\n',
    );
  });

  it('takes an inline base and standard input', async () => {
    const r = await run(['generate', '-', '--indent', '0'], {
      stdin: '{"base":{"ociVersion":"1.1.0"},"opts":[["withProcessCwd","/w"]]}',
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('{"ociVersion":"1.1.0","process":{"user":{"uid":0,"gid":0},"cwd":"/w"}}\n');
  });

  it('runs a batch: one {name, spec, error} per pipeline, in order; exit 1 if any failed', async () => {
    const d = dir();
    const file = write(d, 'batch.json', [
      { name: 'a', base: { ociVersion: '' }, opts: [['withHostname', 'a']] },
      { name: 'b', opts: [['withNoSuchOption']] },
      { name: 'c', base: { ociVersion: '' }, opts: [['withDomainname', 'c']] },
      { name: 'd', platform: 'windows/amd64', opts: [['withLinuxDevice', '/dev/null', 'rwm']] },
    ]);
    const r = await run(['generate', file, '--indent', '0']);
    expect(r.code).toBe(1);
    const out = parseJson(r.stdout) as { name: string; spec: unknown; error: string | null }[];
    expect(out.map((e) => e.name)).toEqual(['a', 'b', 'c', 'd']);
    expect(out[0]).toEqual({ name: 'a', spec: { ociVersion: '', hostname: 'a' }, error: null });
    expect(out[1]!.spec).toBeNull();
    expect(out[1]!.error).toContain('option 0 (withNoSuchOption): unknown option');
    expect(out[2]!.error).toBeNull();
    expect(out[3]!.error).toContain('device from path not supported on Windows');
  });

  it('loads plugins from the pipeline file and from --plugin', async () => {
    const d = dir();
    write(
      d,
      'team.mjs',
      `export default { name: 'team', apply(p) { p.registerOpt({ name: 'withTeam', doc: 'Team.', apply(s, _c, t) { s.annotations = { ...s.annotations, team: t }; } }); } };`,
    );
    write(
      d,
      'audit.mjs',
      `export default { name: 'audit', apply(p) { p.hooks.afterApply.tap('audit', (s) => { s.annotations = { ...s.annotations, audited: 'yes' }; }); } };`,
    );
    const file = write(d, 'p.json', {
      base: { ociVersion: '' },
      plugins: ['./team.mjs'],
      opts: [['withTeam', 'infra']],
    });
    const r = await run([
      'generate',
      file,
      '--plugin',
      path.join(d, 'audit.mjs'),
      '--allow-plugins',
      '--indent',
      '0',
    ]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('{"ociVersion":"","annotations":{"audited":"yes","team":"infra"}}\n');
  });

  it.each([
    ['not JSON', '{"opts": [', 'invalid JSON at line 1, column 11'],
    [
      'an unknown option',
      '{"opts":[["withHostnme","x"]]}',
      'option 0 (withHostnme): unknown option; did you mean withHostname?',
    ],
    [
      'a wrong argument',
      '{"opts":[["withEnv",5]]}',
      'option 0 (withEnv): argument 1: expected array, received number',
    ],
    [
      'a wrong arity',
      '{"opts":[["withHostname"]]}',
      'option 0 (withHostname): expected 1 argument, received 0',
    ],
    ['an empty platform', '{"platform":""}', '/platform (line 1, column 13): platform must not be empty'],
    ['an unknown field', '{"opt":[]}', 'unknown field "opt"'],
    [
      'a failing option',
      '{"opts":[["withDevShmSize",1024],["withoutMounts","/dev/shm"],["withDevShmSize",1]]}',
      'option 2 (withDevShmSize): no /dev/shm mount specified',
    ],
    ['a bad base file', '{"base":"missing.json"}', 'missing.json: no such file or directory'],
  ])('%s: one line naming the file, exit 1', async (_what, content, message) => {
    const d = dir();
    const file = write(d, 'p.json', content);
    const r = await run(['generate', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toMatch(/p\.json|missing\.json/);
  });

  it.each([
    ['a plugin that throws', 'throw new Error("boom");', 'failed to load: boom'],
    ['no default export', 'export const x = 1;', 'the module has no default export'],
    ['a default export that is no plugin', 'export default 42;', 'the default export is not a plugin'],
    [
      'a plugin registering an existing name',
      "export default { name: 'dup', apply(p) { p.registerOpt({ name: 'withHostname', doc: 'Dup.', apply() {} }); } };",
      'option withHostname is registered twice: by core and by dup',
    ],
  ])('%s: a one-line error', async (_what, source, message) => {
    const d = dir();
    write(d, 'plugin.mjs', source);
    const file = write(d, 'p.json', { base: { ociVersion: '' }, plugins: ['./plugin.mjs'] });
    const r = await run(['generate', file, '--allow-plugins']);
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(message);
  });

  it('a missing file is exit 1; a missing FILE argument is a usage error (exit 2)', async () => {
    const missing = await run(['generate', '/definitely/not/here.json']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('ocispec: /definitely/not/here.json: no such file or directory\n');
    const usage = await run(['generate']);
    expect(usage.code).toBe(2);
  });

  it('--debug prints the stack', async () => {
    const r = await run(['generate', '/definitely/not/here.json', '--debug']);
    expect(r.stderr).toContain('    at ');
  });
});

describe('ocispec', () => {
  it('no command and unknown commands are usage errors; --help is not', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['frob'])).code).toBe(2);
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('generate [options] [FILE]');
    const version = await run(['--version']);
    expect(version).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' });
  });
});
