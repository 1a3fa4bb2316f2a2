import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseJson } from '@ocispec/core';
import { describe, expect, it } from 'vitest';
import { criCompositionPlan } from '../src/commands/cri.js';
import type { CliIO } from '../src/index.js';
import { main } from '../src/index.js';

function io(cwd: string, out: { stdout: string; stderr: string }): CliIO {
  return {
    stdout: (t) => {
      out.stdout += t;
    },
    stderr: (t) => {
      out.stderr += t;
    },
    stdin: async () => new Uint8Array(),
    cwd,
  };
}

describe('ocispec cri', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ocispec-cli-cri-'));
  writeFileSync(
    path.join(dir, 'base.json'),
    JSON.stringify({ ociVersion: '1.0.2', process: { cwd: '/', user: { uid: 0, gid: 0 }, env: ['BASE=1'] } }),
  );
  const container = {
    id: 'c1',
    sandboxId: 's1',
    sandboxPid: 42,
    config: { metadata: { name: 'c' }, command: ['/bin/true'], envs: [{ key: 'A', value: '1' }] },
    sandboxConfig: {
      metadata: { name: 'pod' },
      hostname: 'pod',
      linux: { securityContext: { namespaceOptions: { network: 'NODE' } } },
    },
    runtime: { baseRuntimeSpec: 'base.json' },
    cri: { rootDir: path.join(dir, 'none'), stateDir: path.join(dir, 'none') },
  };
  writeFileSync(path.join(dir, 'container.json'), JSON.stringify(container));
  writeFileSync(
    path.join(dir, 'sandbox.json'),
    JSON.stringify({
      id: 's1',
      netnsPath: '/var/run/netns/x',
      config: { metadata: { name: 'pod' }, hostname: 'pod' },
      imageConfig: { Entrypoint: ['/pause'] },
    }),
  );

  it('container: the spec over the runtime base (relative to the file), withNamespacedCgroup first', async () => {
    const out = { stdout: '', stderr: '' };
    expect(await main(['cri', 'container', 'container.json', '--indent', '0'], io(dir, out))).toBe(0);
    expect(out.stderr).toBe('');
    const spec = parseJson(out.stdout) as {
      ociVersion: string;
      process: { env: string[]; args: string[] };
      linux: { cgroupsPath: string };
    };
    expect(spec.ociVersion).toBe('1.0.2');
    expect(spec.process.args).toEqual(['/bin/true']);
    expect(spec.process.env).toEqual([
      'BASE=1',
      'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      'HOSTNAME=pod',
      'A=1',
    ]);
    expect(spec.linux.cgroupsPath).toBe('/k8s.io/c1');
  });
  it('sandbox: the pause container spec', async () => {
    const out = { stdout: '', stderr: '' };
    expect(await main(['cri', 'sandbox', 'sandbox.json'], io(dir, out))).toBe(0);
    const spec = parseJson(out.stdout) as { hostname: string; process: { args: string[] } };
    expect(spec.hostname).toBe('pod');
    expect(spec.process.args).toEqual(['/pause']);
  });
  it('errors: one line naming the file or the option; usage errors exit 2', async () => {
    writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ config: { command: 'not-a-list' } }));
    const out = { stdout: '', stderr: '' };
    expect(await main(['cri', 'container', 'bad.json'], io(dir, out))).toBe(1);
    expect(out.stderr).toBe(
      `ocispec: ${path.join(dir, 'bad.json')}: /config/command: expected array, received string\n`,
    );
    writeFileSync(
      path.join(dir, 'nocmd.json'),
      JSON.stringify({ sandboxPid: 7, config: { metadata: { name: 'c' } } }),
    );
    const out2 = { stdout: '', stderr: '' };
    expect(await main(['cri', 'container', 'nocmd.json'], io(dir, out2))).toBe(1);
    expect(out2.stderr).toBe(
      `ocispec: ${path.join(dir, 'nocmd.json')}: option 3 (cri.withProcessArgs): no command specified\n`,
    );
    expect(await main(['cri', 'pod', 'x.json'], io(dir, { stdout: '', stderr: '' }))).toBe(2);
  });
  it("--cdi-spec-dir DIR (repeatable) replaces the input's cri.cdiSpecDirs; relative input dirs are the file's", async () => {
    const spec = (env: string) =>
      `cdiVersion: "0.5.0"\nkind: example.com/dev\ndevices:\n  - name: a\n    containerEdits:\n      env: [${env}]\n`;
    for (const [name, env] of [
      ['low', 'FROM=low'],
      ['high', 'FROM=high'],
      ['file', 'FROM=file'],
    ] as const) {
      mkdirSync(path.join(dir, 'cdi', name), { recursive: true });
      writeFileSync(path.join(dir, 'cdi', name, 'example.yaml'), spec(env));
    }
    const withDevice = {
      ...container,
      config: { ...container.config, cdiDevices: [{ name: 'example.com/dev=a' }] },
      cri: { ...container.cri, cdiSpecDirs: ['cdi/file'] },
    };
    writeFileSync(
      path.join(dir, 'cdi.json'),
      JSON.stringify({ ...withDevice, runtime: { baseRuntimeSpec: 'base.json' } }),
    );
    const env = async (args: string[], cwd = dir) => {
      const out = { stdout: '', stderr: '' };
      const code = await main(['cri', 'container', ...args, '--indent', '0'], io(cwd, out));
      return {
        code,
        stderr: out.stderr,
        env: code === 0 ? (parseJson(out.stdout) as { process: { env: string[] } }).process.env : [],
      };
    };
    // The input's own directory, relative to the input file.
    expect((await env(['cdi.json'])).env).toContain('FROM=file');
    // The flags replace it, the later directory winning.
    const flagged = await env(['cdi.json', '--cdi-spec-dir', 'cdi/low', '--cdi-spec-dir', 'cdi/high']);
    expect(flagged.env).toContain('FROM=high');
    expect(flagged.env).not.toContain('FROM=file');
    // Relative flags are the current directory's; the device missing there is the CRI error, exit 1.
    const missing = await env(['cdi.json', '--cdi-spec-dir', 'cdi']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(
      /\(cri\.withCDI\): CDI device injection failed: unresolvable CDI devices example\.com\/dev=a\n$/,
    );
    const usage = { stdout: '', stderr: '' };
    expect(await main(['cri', 'sandbox', 'sandbox.json', '--cdi-spec-dir', 'cdi/low'], io(dir, usage))).toBe(
      2,
    );
    expect(usage.stderr).toContain('--cdi-spec-dir is for a container');
  });
  it('criCompositionPlan gives explain the composition input', async () => {
    const plan = await criCompositionPlan('container', 'container.json', io(dir, { stdout: '', stderr: '' }));
    expect(plan.input.namespace).toBe('k8s.io');
    expect(plan.input.base?.ociVersion).toBe('1.0.2');
    expect(plan.input.opts[0]?.name).toBe('withNamespacedCgroup');
    expect(plan.input.opts.map((o) => o.name)).toContain('cri.withMounts');
  });
});
