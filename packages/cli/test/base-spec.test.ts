import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliRun } from '../src/index.js';
import { runCli } from '../src/index.js';

function run(argv: string[], cwd: string): Promise<CliRun> {
  return runCli(argv, { cwd });
}

function write(dir: string, name: string, content: string | object): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

/** A canonical (4-space indented, Go field order) base with values past 2^53. */
const BASE = `{
    "ociVersion": "1.0.2",
    "process": {
        "user": {
            "uid": 0,
            "gid": 0
        },
        "args": [
            "/pause"
        ],
        "cwd": "/",
        "rlimits": [
            {
                "type": "RLIMIT_NOFILE",
                "hard": 18446744073709551615,
                "soft": 18446744073709551615
            }
        ]
    },
    "root": {
        "path": "rootfs"
    },
    "linux": {
        "resources": {
            "memory": {
                "limit": 9223372036854775807
            }
        },
        "cgroupsPath": "/k8s.io/web-1"
    }
}
`;

const CONFIG = `version = 3
[plugins.'io.containerd.cri.v1.runtime'.containerd]
  default_runtime_name = 'runc'
  [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc]
    runtime_type = 'io.containerd.runc.v2'
    base_runtime_spec = 'cri-base.json'
  [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.gvisor]
    runtime_type = 'io.containerd.runsc.v1'
`;

function setup(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ocispec-cli-base-'));
  write(dir, 'cri-base.json', BASE);
  write(dir, 'config.toml', CONFIG);
  return dir;
}

describe('ocispec generate with base specs', () => {
  it('a base with rlimit 2^64-1 and memory limit 2^63-1 comes out byte for byte', async () => {
    const dir = setup();
    write(dir, 'p.json', { namespace: 'k8s.io', id: 'web-1', base: 'cri-base.json' });
    const r = await run(['generate', 'p.json'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(BASE);
  });

  it('--config: "runtime" resolves to the runtime\'s base, withNamespacedCgroup first, numbers exact', async () => {
    const dir = setup();
    write(dir, 'p.json', {
      namespace: 'k8s.io',
      id: 'web-2',
      runtime: 'runc',
      opts: [['withHostname', 'web']],
    });
    const r = await run(['generate', 'p.json', '--config', 'config.toml'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      BASE.replace('"/k8s.io/web-1"', '"/k8s.io/web-2"').replace(
        '    "linux": {',
        '    "hostname": "web",\n    "linux": {',
      ),
    );
  });

  it('a runtime without base_runtime_spec gets the platform default', async () => {
    const dir = setup();
    write(dir, 'p.json', { namespace: 'k8s.io', id: 'g1', runtime: 'gvisor' });
    const r = await run(['generate', 'p.json', '--config', 'config.toml', '--indent', '0'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"cgroupsPath":"/k8s.io/g1"');
    expect(r.stdout).toContain('"maskedPaths":[');
    expect(r.stdout).not.toContain('18446744073709551615');
  });

  it('a batch reads a shared base once and warns about it once', async () => {
    const dir = setup();
    write(dir, 'x.json', '{"ociVersion":"1.0.2","x-team":1}');
    write(dir, 'b.json', [
      { name: 'a', base: 'x.json' },
      { name: 'b', base: './x.json' },
    ]);
    const r = await run(['generate', 'b.json', '--indent', '0'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `warning: ${path.join(dir, 'x.json')}: /x-team: unknown-field: unknown field, kept as is (containerd would drop it)\n`,
    );
  });

  it.each([
    [
      'an unknown runtime',
      { runtime: 'kata' },
      ['--config', 'config.toml'],
      (d: string) =>
        `${path.join(d, 'config.toml')}: no runtime for "kata" is configured (configured: runc, gvisor)`,
    ],
    [
      'a runtime without --config',
      { runtime: 'runc' },
      [],
      (d: string) => `${path.join(d, 'p.json')}: /runtime: runtime "runc" needs a runtime config (--config)`,
    ],
    [
      'both base and runtime',
      { runtime: 'runc', base: 'cri-base.json' },
      ['--config', 'config.toml'],
      (d: string) =>
        `${path.join(d, 'p.json')}: /runtime (line 1, column 12): a pipeline names a base or a runtime, not both`,
    ],
    [
      'an empty base file',
      { base: 'empty.json' },
      [],
      (d: string) => `${path.join(d, 'empty.json')}: empty file: a base spec must be a JSON object`,
    ],
    [
      'a missing config',
      { runtime: 'runc' },
      ['--config', 'nope.toml'],
      (d: string) => `${path.join(d, 'nope.toml')}: no such file or directory`,
    ],
  ])('refuses %s with one line, exit 1', async (_name, pipeline, flags, message) => {
    const dir = setup();
    write(dir, 'empty.json', '');
    write(dir, 'p.json', pipeline);
    const r = await run(['generate', 'p.json', ...flags], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`ocispec: ${message(dir)}\n`);
  });

  it('--strict refuses unknown fields in a runtime base', async () => {
    const dir = setup();
    write(dir, 'cri-base.json', '{"ociVersion":"1.0.2","x-team":1}');
    write(dir, 'p.json', { runtime: 'runc' });
    const r = await run(['generate', 'p.json', '--config', 'config.toml', '--strict'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `ocispec: ${path.join(dir, 'cri-base.json')}: /x-team: unknown field (strict mode)\n`,
    );
  });
});
