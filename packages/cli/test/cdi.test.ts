/**
 * The CLI's CDI wiring through `runCli`: `ocispec cdi list` and `ocispec cdi validate` over real spec files (YAML
 * and JSON, a device defined twice in one directory, an invalid file), `--cdi-spec-dir` on generate, explain and
 * bundle, and pipeline files with `cdiSpecDirs` (relative to the file, per pipeline of a batch, the flag winning,
 * confined by `--files-root`), with device nodes made by mknod whose numbers come from the host.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { repoPath } from '@ocispec/test-fixtures';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliRun } from '../src/index.js';
import { runCli } from '../src/index.js';

const dirs: string[] = [];

afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A temporary directory (its real path) with `files` (`sub/name` → content) written into it. */
function tempDir(files: Record<string, string> = {}): string {
  const d = fs.realpathSync(fs.mkdtempSync(path.join(tmpdir(), 'ocispec-cdi-cli-')));
  dirs.push(d);
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(d, name)), { recursive: true });
    fs.writeFileSync(path.join(d, name), content);
  }
  return d;
}

function cli(argv: string[], cwd: string, stdin = ''): Promise<CliRun> {
  return runCli(argv, { cwd, stdin });
}

/** A YAML spec of `kind` with one device per name, each setting `DEV=<name>`. */
function yamlSpec(kind: string, names: readonly string[], version = '0.5.0'): string {
  const devices = names.map((n) => `  - name: "${n}"\n    containerEdits:\n      env: [DEV=${n}]\n`);
  return `cdiVersion: "${version}"\nkind: ${kind}\ndevices:\n${devices.join('')}`;
}

/** The same as JSON. */
function jsonSpec(kind: string, names: readonly string[]): string {
  return JSON.stringify({
    cdiVersion: '0.5.0',
    kind,
    devices: names.map((n) => ({ name: n, containerEdits: { env: [`DEV=${n}`] } })),
  });
}

/**
 * Two spec directories: `etc` (gpus 0 and 1, a NIC as JSON), `run` (gpu 1 again, overriding; a device defined
 * by two files of the directory; a file with no devices).
 */
function registry(): { root: string; etc: string; run: string } {
  const root = tempDir({
    'etc/gpu.yaml': yamlSpec('vendor.com/gpu', ['0', '1']),
    'etc/nic.json': jsonSpec('vendor.com/nic', ['eth']),
    'etc/notes.txt': 'not a spec',
    'run/gpu.yaml': yamlSpec('vendor.com/gpu', ['1']),
    'run/a-fpga.yaml': yamlSpec('other.org/fpga', ['x', 'y']),
    'run/b-fpga.json': jsonSpec('other.org/fpga', ['y']),
    'run/broken.yaml': 'cdiVersion: "0.3.0"\nkind: vendor.com/gpu\ndevices: []\n',
  });
  return { root, etc: path.join(root, 'etc'), run: path.join(root, 'run') };
}

describe('ocispec cdi list', () => {
  it('lists the devices with the file each comes from; conflicts and bad files are warnings naming them', async () => {
    const { root, etc, run } = registry();
    const out = await cli(['cdi', 'list', '--spec-dir', 'etc', '--spec-dir', run], root);
    expect(out.code).toBe(0);
    expect(out.stdout).toBe(
      [
        `other.org/fpga=x    ${run}/a-fpga.yaml`,
        `vendor.com/gpu=0    ${etc}/gpu.yaml`,
        `vendor.com/gpu=1    ${run}/gpu.yaml`,
        `vendor.com/nic=eth  ${etc}/nic.json`,
        '',
      ].join('\n'),
    );
    const conflict = `conflicting device "other.org/fpga=y" (specs "${run}/b-fpga.json", "${run}/a-fpga.yaml")`;
    expect(out.stderr.split('\n').filter(Boolean).sort()).toEqual(
      [
        `warning: ${run}/a-fpga.yaml: ${conflict}`,
        `warning: ${run}/b-fpga.json: ${conflict}`,
        `warning: ${run}/broken.yaml: /devices (line 3, column 10): invalid spec, no devices`,
      ].sort(),
    );
  });

  it('--spec-dir replaces the defaults, in the order given (the later directory wins)', async () => {
    const { root, etc, run } = registry();
    const reversed = await cli(['cdi', 'list', '--spec-dir', run, '--spec-dir', etc, '--json'], root);
    const listed = JSON.parse(reversed.stdout) as { devices: { name: string; file: string }[] };
    expect(listed.devices.find((d) => d.name === 'vendor.com/gpu=1')?.file).toBe(`${etc}/gpu.yaml`);
    const only = await cli(['cdi', 'list', '--spec-dir', etc], root);
    expect(only.stdout.split('\n').filter(Boolean)).toHaveLength(3);
    expect(only.stderr).toBe('');
  });

  it('--json: the directories, the devices with file and priority, the problems with their parts', async () => {
    const { root, etc, run } = registry();
    const out = await cli(['cdi', 'list', '--spec-dir', etc, '--spec-dir', run, '--json'], root);
    expect(out.code).toBe(0);
    expect(out.stderr).toBe('');
    const listed = JSON.parse(out.stdout);
    expect(listed.specDirs).toEqual([etc, run]);
    expect(listed.devices).toEqual([
      { name: 'other.org/fpga=x', file: `${run}/a-fpga.yaml`, priority: 1 },
      { name: 'vendor.com/gpu=0', file: `${etc}/gpu.yaml`, priority: 0 },
      { name: 'vendor.com/gpu=1', file: `${run}/gpu.yaml`, priority: 1 },
      { name: 'vendor.com/nic=eth', file: `${etc}/nic.json`, priority: 0 },
    ]);
    expect(listed.errors).toContainEqual({
      code: 'CDI_INVALID_SPEC',
      file: `${run}/broken.yaml`,
      pointer: '/devices',
      line: 3,
      column: 10,
      reason: 'invalid spec, no devices',
      message: `${run}/broken.yaml: /devices (line 3, column 10): invalid spec, no devices`,
    });
    expect(listed.errors.filter((e: { code: string }) => e.code === 'CDI_CONFLICT')).toHaveLength(2);
  });

  it('without --spec-dir reads /etc/cdi then /var/run/cdi', async () => {
    const out = await cli(['cdi', 'list', '--json'], tempDir());
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout).specDirs).toEqual(['/etc/cdi', '/var/run/cdi']);
  });

  it('a --spec-dir that does not exist is a warning; no devices is said on stderr', async () => {
    const d = tempDir();
    const out = await cli(['cdi', 'list', '--spec-dir', 'nowhere'], d);
    expect(out.code).toBe(0);
    expect(out.stdout).toBe('');
    expect(out.stderr).toBe(
      `warning: ${d}/nowhere: no such spec directory\nno CDI devices in ${d}/nowhere\n`,
    );
    const json = await cli(['cdi', 'list', '--spec-dir', 'nowhere', '--json'], d);
    expect([json.code, json.stderr]).toEqual([0, '']);
    expect(JSON.parse(json.stdout).errors).toEqual([
      {
        code: 'CDI_FILE',
        file: `${d}/nowhere`,
        pointer: null,
        line: null,
        column: null,
        reason: 'no such spec directory',
        message: `${d}/nowhere: no such spec directory`,
      },
    ]);
  });

  it('--max-input-size bounds each spec file', async () => {
    const { root, etc } = registry();
    const out = await cli(['cdi', 'list', '--spec-dir', etc, '--max-input-size', '64'], root);
    expect(out.code).toBe(0);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(new RegExp(`^warning: ${etc}/gpu\\.yaml: .*64 bytes`, 'm'));
  });

  it('usage errors exit 2: a missing subcommand (its help on stderr), an unknown one, a bad flag', async () => {
    const d = tempDir();
    const bare = await cli(['cdi'], d);
    expect(bare.code).toBe(2);
    expect(bare.stdout).toBe('');
    expect(bare.stderr).toMatch(/Usage: ocispec cdi \[options\] \[command\]/);
    expect(bare.stderr).toMatch(/list .*validate /s);
    const typo = await cli(['cdi', 'lsit'], d);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe(
      "ocispec cdi: unknown command 'lsit' (did you mean list?)\nSee 'ocispec cdi --help'.\n",
    );
    const flag = await cli(['cdi', 'list', '--spec-dri', 'x'], d);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(
      /^ocispec cdi list: unknown option '--spec-dri' \(did you mean --spec-dir\?\)\nSee 'ocispec cdi list --help'\.\n$/,
    );
    const empty = await cli(['cdi', 'list', '--spec-dir', ''], d);
    expect(empty.code).toBe(2);
    expect((await cli(['cdi', 'list', '--', 'x'], d)).code).toBe(2);
  });

  it.each(['constructor', '__proto__', 'toString'])(
    '%s as a subcommand or flag is a usage error: exit 2, one clean message',
    async (name) => {
      const d = tempDir();
      for (const argv of [
        ['cdi', name],
        ['help', 'cdi', name],
        ['cdi', 'list', `--${name}`],
        ['cdi', 'validate', `--${name}`, 'x.yaml'],
      ]) {
        const out = await cli(argv, d);
        expect(out.code, argv.join(' ')).toBe(2);
        expect(out.stdout).toBe('');
        expect(out.stderr.trim()).not.toBe('');
        expect(out.stderr).not.toMatch(/\n\s+at |undefined|\[object Object\]/);
      }
    },
  );

  it('help: ocispec cdi --help, ocispec help cdi, ocispec [help] cdi [help] list [--help] (exit 0)', async () => {
    const d = tempDir();
    for (const argv of [
      ['cdi', '--help'],
      ['help', 'cdi'],
    ]) {
      const out = await cli(argv, d);
      expect(out.code, argv.join(' ')).toBe(0);
      expect(out.stdout).toMatch(/list \[options\]\s+list the CDI devices/);
      expect(out.stdout).toMatch(/validate \[options\] <FILE\|DIR\.\.\.>\s+validate CDI spec files/);
    }
    for (const argv of [
      ['cdi', 'list', '--help'],
      ['cdi', 'help', 'list'],
      ['help', 'cdi', 'list'],
    ]) {
      const sub = await cli(argv, d);
      expect(sub.code, argv.join(' ')).toBe(0);
      expect(sub.stdout).toMatch(/^Usage: ocispec cdi list \[options\]/);
      expect(sub.stdout).toMatch(/--spec-dir <DIR>/);
    }
  });
});

describe('ocispec cdi validate', () => {
  it('valid files and directories: exit 0, the count on stderr', async () => {
    const d = tempDir({
      'gpu.yaml': yamlSpec('vendor.com/gpu', ['0']),
      'nic.json': jsonSpec('vendor.com/nic', ['eth']),
      'cdi/a.yaml': yamlSpec('a.com/x', ['1']),
    });
    const out = await cli(['cdi', 'validate', 'gpu.yaml', 'nic.json', 'cdi'], d);
    expect(out).toEqual({ code: 0, stdout: '', stderr: '3 of 3 spec files valid\n' });
  });

  it('one line per problem naming file, pointer and line:column; exit 1', async () => {
    const d = tempDir({
      'name.yaml':
        'cdiVersion: "0.3.0"\nkind: vendor.com/gpu\ndevices:\n  - name: gpu 0\n    containerEdits:\n      env: [A=1]\n',
      'version.json':
        '{\n  "cdiVersion": "0.3.0",\n  "kind": "vendor.com/gpu",\n  "devices": [\n    { "name": "0", "containerEdits": { "additionalGids": [5] } }\n  ]\n}\n',
      'good.yaml': yamlSpec('vendor.com/gpu', ['ok']),
      'field.yaml': 'cdiVersion: "0.3.0"\nkind: vendor.com/gpu\ndevice: []\n',
    });
    const out = await cli(['cdi', 'validate', 'name.yaml', 'version.json', 'good.yaml', 'field.yaml'], d);
    expect(out.code).toBe(1);
    const lines = out.stdout.split('\n').filter(Boolean);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(
      `${d}/name.yaml: /devices/0/name (line 4, column 11): invalid character ' ' in device name "gpu 0"`,
    );
    expect(lines[1]).toBe(
      `${d}/version.json: /cdiVersion (line 2, column 17): the spec version must be at least v0.7.0`,
    );
    expect(lines[2]).toMatch(
      new RegExp(`^${d}/field\\.yaml: /device \\(line 3, column 1\\): unknown field "device"`),
    );
    expect(out.stderr).toBe('1 of 4 spec files valid\n');
  });

  it('a directory: each file, and a device defined by two of its files on both', async () => {
    const d = tempDir({
      'cdi/a.yaml': yamlSpec('vendor.com/gpu', ['0', '1']),
      'cdi/b.json': jsonSpec('vendor.com/gpu', ['0']),
      'cdi/c.yaml': yamlSpec('vendor.com/gpu', ['2']),
    });
    const out = await cli(['cdi', 'validate', 'cdi'], d);
    expect(out.code).toBe(1);
    const conflict = `conflicting device "vendor.com/gpu=0" (specs "${d}/cdi/b.json", "${d}/cdi/a.yaml")`;
    expect(out.stdout).toBe(`${d}/cdi/a.yaml: ${conflict}\n${d}/cdi/b.json: ${conflict}\n`);
    expect(out.stderr).toBe('1 of 3 spec files valid\n');
  });

  it('a file that cannot be read is a problem of its own (exit 1), not a crash', async () => {
    const d = tempDir({ 'sub/x.yaml': yamlSpec('vendor.com/gpu', ['0']) });
    const out = await cli(['cdi', 'validate', 'missing.yaml', 'sub/x.yaml'], d);
    expect(out.code).toBe(1);
    expect(out.stdout).toBe(`${d}/missing.yaml: no such file or directory\n`);
    expect(out.stderr).toBe('1 of 2 spec files valid\n');
  });

  it('--json: every file with its kind, devices and errors', async () => {
    const d = tempDir({
      'gpu.yaml': yamlSpec('vendor.com/gpu', ['0', '1']),
      'bad.yaml': 'cdiVersion: "0.3.0"\nkind: vendor\ndevices: []\n',
    });
    const out = await cli(['cdi', 'validate', '--json', 'gpu.yaml', 'bad.yaml'], d);
    expect(out.code).toBe(1);
    expect(out.stderr).toBe('');
    const report = JSON.parse(out.stdout);
    expect(report.valid).toBe(false);
    expect(report.files[0]).toEqual({
      file: `${d}/gpu.yaml`,
      valid: true,
      kind: 'vendor.com/gpu',
      devices: ['vendor.com/gpu=0', 'vendor.com/gpu=1'],
      errors: [],
    });
    expect(report.files[1]).toMatchObject({ file: `${d}/bad.yaml`, valid: false, kind: null, devices: [] });
    expect(report.files[1].errors[0]).toMatchObject({
      code: 'CDI_INVALID_SPEC',
      file: `${d}/bad.yaml`,
      pointer: '/kind',
      line: 2,
    });
  });

  it('- reads a spec from standard input, named <stdin>; - twice is a usage error', async () => {
    const d = tempDir();
    const good = await cli(['cdi', 'validate', '-'], d, yamlSpec('vendor.com/gpu', ['0']));
    expect(good).toEqual({ code: 0, stdout: '', stderr: '1 of 1 spec files valid\n' });
    const bad = await cli(['cdi', 'validate', '-', '--json'], d, yamlSpec('vendor.com/gpu', ['gpu 0']));
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).files).toEqual([
      {
        file: '<stdin>',
        valid: false,
        kind: null,
        devices: [],
        errors: [
          {
            code: 'CDI_INVALID_SPEC',
            file: '<stdin>',
            pointer: '/devices/0/name',
            line: 4,
            column: 11,
            reason: 'invalid character \' \' in device name "gpu 0"',
            message:
              '<stdin>: /devices/0/name (line 4, column 11): invalid character \' \' in device name "gpu 0"',
          },
        ],
      },
    ]);
    const over = await cli(
      ['cdi', 'validate', '-', '--max-input-size', '16'],
      d,
      yamlSpec('vendor.com/gpu', ['0']),
    );
    expect(over.code).toBe(1);
    expect(over.stderr).toBe('ocispec: <stdin>: input is 103 bytes, over the limit of 16 bytes\n');
    const twice = await cli(['cdi', 'validate', '-', '-'], d);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/standard input\) may be given once/);
  });

  it('no file: a usage error (exit 2)', async () => {
    const out = await cli(['cdi', 'validate'], tempDir());
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^ocispec cdi validate: missing required argument 'FILE\|DIR'/);
  });
});

/** Makes a character device node with mknod (the suites run as root); fails loudly when it cannot. */
function mknod(file: string, major: number, minor: number, mode: number): void {
  const made = spawnSync('mknod', ['-m', mode.toString(8), file, 'c', String(major), String(minor)], {
    encoding: 'utf8',
  });
  if (made.status !== 0) {
    throw new Error(
      `mknod ${file} failed (the test needs root): ${made.stderr.trim() || made.error?.message}`,
    );
  }
}

/**
 * A directory with host device nodes made for the test (a /dev/null-like and a /dev/fuse-like node) and a CDI spec
 * directory `cdi/` exposing them without type or numbers, plus a bind mount and environment.
 */
function deviceHost(): { root: string; specDir: string; share: string } {
  const root = tempDir();
  const dev = path.join(root, 'dev');
  const share = path.join(root, 'share');
  fs.mkdirSync(dev);
  fs.mkdirSync(share);
  mknod(path.join(dev, 'null-like'), 1, 3, 0o666);
  mknod(path.join(dev, 'fuse-like'), 10, 229, 0o600);
  const specDir = path.join(root, 'cdi');
  fs.mkdirSync(specDir);
  fs.writeFileSync(
    path.join(specDir, 'test.yaml'),
    `cdiVersion: "0.5.0"
kind: ocispec.test/dev
containerEdits:
  env: [CDI_SPEC=present]
devices:
  - name: null0
    containerEdits:
      env: [CDI_DEVICE=null0]
      deviceNodes:
        - path: /dev/cdi-null
          hostPath: ${dev}/null-like
      mounts:
        - hostPath: ${share}
          containerPath: /cdi/share
          options: [ro, bind]
  - name: fuse
    containerEdits:
      deviceNodes:
        - path: /dev/cdi-fuse
          hostPath: ${dev}/fuse-like
          permissions: rw
`,
  );
  return { root, specDir, share };
}

interface ComposedSpec {
  process: { env: string[] };
  mounts: { destination: string; source?: string; options?: string[] }[];
  linux: {
    devices?: { path: string; type: string; major: number; minor: number; fileMode: number }[];
    resources: {
      devices: { allow: boolean; type?: string; major?: number; minor?: number; access?: string }[];
    };
  };
}

/** What the CDI devices of {@link deviceHost} add to the spec. */
function expectInjected(spec: ComposedSpec, share: string): void {
  expect(spec.process.env).toEqual([
    'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    'CDI_SPEC=present',
    'CDI_DEVICE=null0',
  ]);
  expect(spec.linux.devices).toEqual([
    { path: '/dev/cdi-null', type: 'c', major: 1, minor: 3, fileMode: 0o666 },
    { path: '/dev/cdi-fuse', type: 'c', major: 10, minor: 229, fileMode: 0o600 },
  ]);
  expect(spec.linux.resources.devices.slice(-2)).toEqual([
    { allow: true, type: 'c', major: 1, minor: 3, access: 'rwm' },
    { allow: true, type: 'c', major: 10, minor: 229, access: 'rw' },
  ]);
  expect(spec.mounts.at(-1)).toEqual({
    destination: '/cdi/share',
    source: share,
    options: ['ro', 'bind'],
  });
}

const DEVICES = ['ocispec.test/dev=null0', 'ocispec.test/dev=fuse'];

describe('pipeline files calling withCDIDevices', () => {
  it('cdiSpecDirs (relative to the file, YAML): the device nodes with the host numbers, env, mounts', async () => {
    const { root, share } = deviceHost();
    fs.mkdirSync(path.join(root, 'pipelines'));
    fs.writeFileSync(
      path.join(root, 'pipelines/gpu.yaml'),
      `cdiSpecDirs: [../cdi]\nopts:\n  - [withDefaultPathEnv]\n  - [withCDIDevices, ${DEVICES.join(', ')}]\n`,
    );
    const out = await cli(['generate', 'pipelines/gpu.yaml', '--indent', '0'], root);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expectInjected(JSON.parse(out.stdout), share);
  });

  it('cdiSpecDirs in JSON; --cdi-spec-dir gives the directories instead (no field needed)', async () => {
    const { root, specDir, share } = deviceHost();
    const opts = [['withDefaultPathEnv'], ['withCDIDevices', ...DEVICES]];
    fs.writeFileSync(path.join(root, 'field.json'), JSON.stringify({ cdiSpecDirs: ['cdi'], opts }));
    fs.writeFileSync(path.join(root, 'plain.json'), JSON.stringify({ opts }));
    const fromField = await cli(['generate', 'field.json'], root);
    expect(fromField.code, fromField.stderr).toBe(0);
    expectInjected(JSON.parse(fromField.stdout), share);
    const fromFlag = await cli(['generate', 'plain.json', '--cdi-spec-dir', specDir], root);
    expect(fromFlag.code, fromFlag.stderr).toBe(0);
    expect(fromFlag.stdout).toBe(fromField.stdout);
  });

  it('--cdi-spec-dir wins over the field, with a warning (--quiet silences it)', async () => {
    const root = tempDir({
      'file-dir/a.yaml': yamlSpec('vendor.com/gpu', ['0']).replace('DEV=0', 'FROM=field'),
      'flag-dir/a.yaml': yamlSpec('vendor.com/gpu', ['0']).replace('DEV=0', 'FROM=flag'),
      'p.yaml': 'cdiSpecDirs: [file-dir]\nopts:\n  - [withCDIDevices, vendor.com/gpu=0]\n',
    });
    const out = await cli(['generate', 'p.yaml', '--cdi-spec-dir', 'flag-dir', '--indent', '0'], root);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout).process.env).toContain('FROM=flag');
    expect(out.stderr).toBe(
      "warning: /: option: the pipeline's cdiSpecDirs are not used: the cdi plugin was given its spec directories (the CLI: --cdi-spec-dir)\n",
    );
    const quiet = await cli(['generate', 'p.yaml', '--cdi-spec-dir', 'flag-dir', '--quiet'], root);
    expect(quiet.stderr).toBe('');
  });

  it('--cdi-spec-dir is repeatable, lowest priority first', async () => {
    const root = tempDir({
      'low/a.yaml': yamlSpec('vendor.com/gpu', ['0']).replace('DEV=0', 'FROM=low'),
      'high/a.yaml': yamlSpec('vendor.com/gpu', ['0']).replace('DEV=0', 'FROM=high'),
      'p.json': JSON.stringify({ opts: [['withCDIDevices', 'vendor.com/gpu=0']] }),
    });
    const env = async (...flags: string[]) =>
      JSON.parse((await cli(['generate', 'p.json', ...flags], root)).stdout).process.env;
    expect(await env('--cdi-spec-dir', 'low', '--cdi-spec-dir', 'high')).toContain('FROM=high');
    expect(await env('--cdi-spec-dir', 'high', '--cdi-spec-dir', 'low')).toContain('FROM=low');
  });

  it('in a batch, each pipeline reads its own cdiSpecDirs', async () => {
    const root = tempDir({
      'a/x.yaml': yamlSpec('vendor.com/gpu', ['0']).replace('DEV=0', 'FROM=a'),
      'b/x.yaml': yamlSpec('vendor.com/gpu', ['0']).replace('DEV=0', 'FROM=b'),
    });
    const call = ['withCDIDevices', 'vendor.com/gpu=0'];
    fs.writeFileSync(
      path.join(root, 'batch.json'),
      JSON.stringify([
        { name: 'a', cdiSpecDirs: ['a'], opts: [call] },
        { name: 'b', cdiSpecDirs: ['b'], opts: [call] },
        { name: 'none', cdiSpecDirs: ['missing'], opts: [call] },
      ]),
    );
    const out = await cli(['generate', 'batch.json', '--indent', '0'], root);
    expect(out.code).toBe(1);
    const results = JSON.parse(out.stdout) as {
      name: string;
      spec: ComposedSpec | null;
      error: string | null;
    }[];
    expect(results[0]!.spec!.process.env).toContain('FROM=a');
    expect(results[1]!.spec!.process.env).toContain('FROM=b');
    expect(results[2]!.error).toMatch(
      new RegExp(
        `^${root}/batch\\.json \\(line 1, column \\d+\\): option 0 \\(withCDIDevices\\): CDI device injection failed: unresolvable CDI devices vendor\\.com/gpu=0$`,
      ),
    );
  });

  it('an unresolvable device, a bad cdiSpecDirs: one line, exit 1', async () => {
    const root = tempDir({
      'p.yaml': 'cdiSpecDirs: [cdi]\nopts:\n  - [withCDIDevices, vendor.com/gpu=9]\n',
      'q.yaml': 'cdiSpecDirs: cdi\n',
    });
    const missing = await cli(['generate', 'p.yaml'], root);
    expect(missing).toEqual({
      code: 1,
      stdout: '',
      stderr: `ocispec: ${root}/p.yaml (line 3, column 5): option 0 (withCDIDevices): CDI device injection failed: unresolvable CDI devices vendor.com/gpu=9\n`,
    });
    const bad = await cli(['generate', 'q.yaml'], root);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(
      new RegExp(`^ocispec: ${root}/q\\.yaml: /cdiSpecDirs \\(line 1, column 14\\): .*\\n$`),
    );
  });

  it('--files-root: cdiSpecDirs outside the root are refused, and specs are read beneath it', async () => {
    const outside = tempDir({ 'x.yaml': yamlSpec('vendor.com/gpu', ['0']) });
    const root = tempDir({
      'repo/cdi/in.yaml': yamlSpec('vendor.com/in', ['0']),
      'repo/out.yaml': `cdiSpecDirs: [${outside}]\nopts:\n  - [withCDIDevices, vendor.com/gpu=0]\n`,
      'repo/in.yaml': 'cdiSpecDirs: [cdi]\nopts:\n  - [withCDIDevices, vendor.com/in=0, vendor.com/gpu=0]\n',
    });
    fs.symlinkSync(path.join(outside, 'x.yaml'), path.join(root, 'repo/cdi/linked.yaml'));
    const refused = await cli(['generate', 'repo/out.yaml', '--files-root', 'repo'], root);
    expect(refused).toEqual({
      code: 1,
      stdout: '',
      stderr: `ocispec: ${root}/repo/out.yaml: /cdiSpecDirs/0 (line 1, column 15): ${outside}: outside the files root ${root}/repo\n`,
    });
    const linked = await cli(['generate', 'repo/in.yaml', '--files-root', 'repo'], root);
    expect(linked.code).toBe(1);
    // The composition failed, so its warnings are gone: the error says why the device may be missing.
    expect(linked.stderr).toMatch(
      new RegExp(
        `^ocispec: ${root}/repo/in\\.yaml \\(line 3, column 5\\): option 0 \\(withCDIDevices\\): CDI device injection failed: unresolvable CDI devices vendor\\.com/gpu=0 \\(CDI registry refresh failed: ${root}/repo/cdi/linked\\.yaml: outside the files root ${root}/repo \\(cdi/linked\\.yaml: links to ${outside}/x\\.yaml, outside the root\\)\\)\n$`,
      ),
    );
    // Without --files-root the same pipeline reads the linked spec.
    const trusted = await cli(['generate', 'repo/in.yaml'], root);
    expect(trusted.code, trusted.stderr).toBe(0);
  });

  it('explain attributes the injected fields to withCDIDevices [cdi]', async () => {
    const { root } = deviceHost();
    fs.writeFileSync(
      path.join(root, 'p.json'),
      JSON.stringify({ cdiSpecDirs: ['cdi'], opts: [['withCDIDevices', 'ocispec.test/dev=null0']] }),
    );
    const out = await cli(['explain', 'p.json', '--changed'], root);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/\/linux\/devices\/0\/major\s+1\s+option 0 withCDIDevices \[cdi\]/);
  });

  it('bundle: --cdi-spec-dir and cdiSpecDirs write the devices into config.json', async () => {
    const { root, specDir, share } = deviceHost();
    const rootfs = path.join(root, 'rootfs');
    fs.mkdirSync(rootfs);
    const opts = [['withDefaultPathEnv'], ['withCDIDevices', ...DEVICES]];
    fs.writeFileSync(path.join(root, 'field.json'), JSON.stringify({ cdiSpecDirs: ['cdi'], opts }));
    fs.writeFileSync(path.join(root, 'plain.json'), JSON.stringify({ opts }));
    for (const [file, flags] of [
      ['field.json', []],
      ['plain.json', ['--cdi-spec-dir', specDir]],
    ] as const) {
      const out = path.join(root, `out-${file}`);
      const made = await cli(['bundle', file, '--rootfs', rootfs, '--out', out, ...flags], root);
      expect(made.code, made.stderr).toBe(0);
      expectInjected(JSON.parse(fs.readFileSync(path.join(out, 'config.json'), 'utf8')), share);
    }
  });
});

describe('the cdi options in discovery', () => {
  it('ocispec options lists withCDIDevices [cdi]; ocispec schema knows cdiSpecDirs', async () => {
    const d = tempDir();
    const options = await cli(['options'], d);
    expect(options.stdout).toMatch(/^withCDIDevices\s+NAME\.\.\.|^withCDIDevices .*\[cdi\]$/m);
    const schema = JSON.parse((await cli(['schema'], d)).stdout);
    expect(schema.$defs.pipeline.properties.cdiSpecDirs).toEqual({
      type: 'array',
      items: { type: 'string', minLength: 1 },
    });
  });
});

describe('completion of the cdi group', () => {
  /** What the bash script completes for the words of a command line (the last one being completed). */
  function bashComplete(script: string, words: readonly string[], cwd: string): string[] {
    const line = ['ocispec', ...words];
    const run = spawnSync(
      'bash',
      [
        '-c',
        `${script}\nCOMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); _ocispec; printf '%s\\n' "\${COMPREPLY[@]}"`,
        'bash',
        ...line,
      ],
      { cwd, encoding: 'utf8' },
    );
    expect(run.stderr).toBe('');
    return run.stdout.split('\n').filter(Boolean).sort();
  }

  it('bash: the subcommands, then each one its own flags, flag values and files', async () => {
    const root = tempDir({ 'cdi/gpu.yaml': yamlSpec('vendor.com/gpu', ['0']), 'spec.yaml': '' });
    const script = (await cli(['completion', 'bash'], root)).stdout;
    expect(bashComplete(script, ['c'], root)).toEqual(['cdi', 'completion', 'cri']);
    expect(bashComplete(script, ['cdi', ''], root)).toEqual(['--help', 'help', 'list', 'validate']);
    expect(bashComplete(script, ['cdi', 'v'], root)).toEqual(['validate']);
    expect(bashComplete(script, ['cdi', 'list', '--'], root)).toEqual([
      '--help',
      '--json',
      '--max-input-size',
      '--spec-dir',
    ]);
    expect(bashComplete(script, ['cdi', 'list', '--spec-dir', ''], root)).toEqual(['cdi']);
    expect(bashComplete(script, ['cdi', 'validate', '--json', '--'], root)).toEqual([
      '--help',
      '--json',
      '--max-input-size',
    ]);
    expect(bashComplete(script, ['cdi', 'validate', 's'], root)).toEqual(['spec.yaml']);
    for (const command of ['generate', 'bundle', 'explain']) {
      expect(bashComplete(script, [command, '--cdi'], root)).toEqual(['--cdi-spec-dir']);
      expect(bashComplete(script, [command, '--cdi-spec-dir', ''], root)).toEqual(['cdi']);
    }
  });

  it('zsh and fish: the subcommands with their summaries, each with its own flags', async () => {
    const root = tempDir();
    const zsh = (await cli(['completion', 'zsh'], root)).stdout;
    expect(zsh).toContain(
      "'list:list the CDI devices of the spec directories, with the file each comes from'",
    );
    expect(zsh).toMatch(/ {8}list\)\n {10}_arguments \\\n {12}'\*--spec-dir=\[[^\]]*\]:value:_directories'/);
    expect(zsh).toMatch(/ {8}validate\)\n {10}_arguments \\\n(.*\\\n)* {12}'\*:FILE\|DIR:_files'/);
    const fish = (await cli(['completion', 'fish'], root)).stdout;
    expect(fish).toContain(
      "complete -c ocispec -n '__fish_seen_subcommand_from cdi; and not __fish_seen_subcommand_from list validate' -a list",
    );
    expect(fish).toMatch(
      /^complete -c ocispec -n '__fish_seen_subcommand_from cdi; and __fish_seen_subcommand_from list' -l spec-dir .*__fish_complete_directories/m,
    );
  });
});

describe("docs/cdi.md's command-line example", () => {
  /** The code blocks of the section "From the command line", in order, with their languages. */
  function exampleBlocks(): { lang: string; text: string }[] {
    const doc = fs.readFileSync(repoPath('docs/cdi.md'), 'utf8');
    const start = doc.indexOf('\n## From the command line\n');
    const end = doc.indexOf('\n## ', start + 1);
    expect(start).toBeGreaterThan(0);
    const section = doc.slice(start, end);
    return [...section.matchAll(/```(\w+)[^\n]*\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1]!, text: m[2]! }));
  }

  it('runs as written: the files, then each command, printing what the text block shows', async () => {
    const blocks = exampleBlocks();
    expect(blocks.map((b) => b.lang)).toEqual(['yaml', 'json', 'sh', 'text']);
    const [spec, pipeline, commands, printed] = blocks.map((b) => b.text) as [string, string, string, string];
    const root = tempDir({ 'cdi/example.yaml': spec, 'app.json': pipeline });
    let output = '';
    for (const line of commands.split('\n').filter(Boolean)) {
      const [program, ...argv] = line.split(' ');
      expect(program).toBe('ocispec');
      const out = await cli(argv, root);
      expect(out.code, `${line}: ${out.stderr}`).toBe(0);
      // explain's first line names the default spec's digest (the doc leaves it out)
      output += (argv[0] === 'explain' ? out.stdout.replace(/^base: .*\n/, '') : out.stdout) + out.stderr;
    }
    expect(output).toBe(printed.replaceAll('/srv/app', root));
  });
});
