/**
 * The CRI `cdi` step: containerd's `TestCDIInjections` (internal/cri/server/container_create_linux_test.go) ported
 * as behaviour, with the request sources and settings of containerd HEAD: `ContainerConfig.CDIDevices`, the
 * `cdi.k8s.io/*` annotations, `enable_cdi` and `cdi_spec_dirs` (`cri.enableCDI`, `cri.cdiSpecDirs`). The specs say
 * `cdiVersion: "0.3.0"` where containerd's older test said 0.2.0: the CDI library now refuses versions below 0.3.0.
 */
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { isOcispecError } from '@ocispec/core';
import { afterAll, describe, expect, it } from 'vitest';
import type { ContainerSpecInput } from '../src/index.js';
import { containerSpec, containerSpecSteps } from '../src/index.js';
import { fake, linuxSpecCheck, linuxTestInput } from './helpers.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** containerd's `writeFilesToTempDir`: each spec as `spec-<n>.yaml` in a new directory. */
function specDir(...specs: string[]): string {
  const dir = fs.mkdtempSync(path.join(tmpdir(), 'ocispec-cri-cdi-'));
  dirs.push(dir);
  for (const [i, spec] of specs.entries()) fs.writeFileSync(path.join(dir, `spec-${i}.yaml`), spec);
  return dir;
}

const VENDOR1 = `
cdiVersion: "0.3.0"
kind: "vendor1.com/device"
devices:
  - name: foo
    containerEdits:
      deviceNodes:
        - path: /dev/loop8
          type: b
          major: 7
          minor: 8
      env:
        - FOO=injected
containerEdits:
  env:
    - "VENDOR1=present"
`;

const VENDOR2 = `
cdiVersion: "0.3.0"
kind: "vendor2.com/device"
devices:
  - name: bar
    containerEdits:
      deviceNodes:
        - path: /dev/loop9
          type: b
          major: 7
          minor: 9
      env:
        - BAR=injected
containerEdits:
  env:
    - "VENDOR2=present"
`;

/** containerd's test container, with these annotations, CDI devices and CRI settings. */
function input(
  annotations: Record<string, string> | undefined,
  cdiSpecDirs: string[] | undefined,
  extra: { cdiDevices?: { name: string }[]; enableCDI?: boolean } = {},
): ContainerSpecInput {
  const base = linuxTestInput();
  return {
    ...base,
    config: {
      ...base.config,
      annotations: { ...base.config.annotations, ...annotations },
      ...(extra.cdiDevices === undefined ? {} : { cdiDevices: extra.cdiDevices }),
    },
    cri: {
      ...base.cri,
      ...(cdiSpecDirs === undefined ? {} : { cdiSpecDirs }),
      ...(extra.enableCDI === undefined ? {} : { enableCDI: extra.enableCDI }),
    },
  };
}

async function failure(run: Promise<unknown>): Promise<Error> {
  try {
    await run;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the composition to fail');
}

describe('TestCDIInjections', () => {
  it('expect no CDI error for nil annotations', async () => {
    const { spec } = await containerSpec(input(undefined, [specDir()]), fake());
    linuxSpecCheck(spec);
  });

  it('expect no CDI error for empty annotations', async () => {
    const { spec } = await containerSpec(input({}, [specDir()]), fake());
    linuxSpecCheck(spec);
    expect(spec.linux?.devices ?? []).toEqual([]);
  });

  it('expect CDI error for invalid CDI device reference in annotations', async () => {
    const error = await failure(
      containerSpec(input({ 'cdi.k8s.io/devices': 'foobar' }, [specDir()]), fake()),
    );
    // The CRI error as an ocispec error naming the step's option, not a crash.
    expect(isOcispecError(error, 'OPTION_FAILED')).toBe(true);
    expect(error.message).toMatch(
      /^option \d+ \(cri\.withCDI\): failed to parse CDI device annotations: invalid CDI device name "foobar"$/,
    );
  });

  it('expect CDI error for unresolvable devices', async () => {
    const annotations = { 'cdi.k8s.io/vendor1_devices': 'vendor1.com/device=no-such-dev' };
    const error = await failure(containerSpec(input(annotations, [specDir(VENDOR1)]), fake()));
    expect(isOcispecError(error, 'OPTION_FAILED')).toBe(true);
    expect(error.message).toMatch(
      /^option \d+ \(cri\.withCDI\): CDI device injection failed: unresolvable CDI devices vendor1\.com\/device=no-such-dev$/,
    );
  });

  it('expect properly injected resolvable CDI devices', async () => {
    const annotations = {
      'cdi.k8s.io/vendor1_devices': 'vendor1.com/device=foo',
      'cdi.k8s.io/vendor2_devices': 'vendor2.com/device=bar',
    };
    const { spec } = await containerSpec(input(annotations, [specDir(VENDOR1, VENDOR2)]), fake());
    linuxSpecCheck(spec);
    expect(spec.process?.env).toEqual(
      expect.arrayContaining(['FOO=injected', 'VENDOR1=present', 'BAR=injected', 'VENDOR2=present']),
    );
    expect(spec.linux?.devices).toContainEqual({ path: '/dev/loop8', type: 'b', major: 7, minor: 8 });
    expect(spec.linux?.devices).toContainEqual({ path: '/dev/loop9', type: 'b', major: 7, minor: 9 });
  });
});

describe('TestCDIInjections, by the CRI CDIDevices field', () => {
  it('expect no CDI error for empty CDIDevices', async () => {
    const { spec } = await containerSpec(input(undefined, [specDir()], { cdiDevices: [] }), fake());
    linuxSpecCheck(spec);
  });

  it('expect CDI error for an invalid CDI device reference in CDIDevices', async () => {
    const error = await failure(
      containerSpec(input(undefined, [specDir()], { cdiDevices: [{ name: 'foobar' }] }), fake()),
    );
    expect(isOcispecError(error, 'OPTION_FAILED')).toBe(true);
    expect(error.message).toMatch(/^option \d+ \(cri\.withCDI\): CDI device injection failed: .*foobar/);
  });

  it('expect CDI error for unresolvable CDIDevices', async () => {
    const cdiDevices = [{ name: 'vendor1.com/device=no-such-dev' }];
    const error = await failure(containerSpec(input(undefined, [specDir(VENDOR1)], { cdiDevices }), fake()));
    expect(error.message).toMatch(
      /\(cri\.withCDI\): CDI device injection failed: unresolvable CDI devices vendor1\.com\/device=no-such-dev$/,
    );
  });

  it('expect properly injected resolvable CDIDevices', async () => {
    const cdiDevices = [{ name: 'vendor1.com/device=foo' }, { name: 'vendor2.com/device=bar' }];
    const { spec } = await containerSpec(
      input(undefined, [specDir(VENDOR1, VENDOR2)], { cdiDevices }),
      fake(),
    );
    expect(spec.process?.env).toEqual(
      expect.arrayContaining(['FOO=injected', 'VENDOR1=present', 'BAR=injected', 'VENDOR2=present']),
    );
    expect(spec.linux?.devices).toEqual([
      { path: '/dev/loop8', type: 'b', major: 7, minor: 8 },
      { path: '/dev/loop9', type: 'b', major: 7, minor: 9 },
    ]);
  });
});

describe('the cdi step (containerd HEAD)', () => {
  const dir = specDir(VENDOR1, VENDOR2);

  it('injects ContainerConfig.CDIDevices first, then the annotated devices, each once', async () => {
    const { spec } = await containerSpec(
      input({ 'cdi.k8s.io/x': 'vendor1.com/device=foo,vendor2.com/device=bar' }, [dir], {
        cdiDevices: [{ name: 'vendor2.com/device=bar' }, { name: 'vendor2.com/device=bar' }],
      }),
      fake(),
    );
    expect(spec.linux?.devices?.map((d) => d.path)).toEqual(['/dev/loop9', '/dev/loop8']);
    const env = spec.process?.env ?? [];
    expect(env.filter((e) => e === 'BAR=injected')).toHaveLength(1);
    expect(env.indexOf('VENDOR2=present')).toBeLessThan(env.indexOf('VENDOR1=present'));
  });

  it("is the last step; its call names the config's devices, annotations and spec dirs", () => {
    const steps = containerSpecSteps(
      input({}, [dir], { cdiDevices: [{ name: 'vendor1.com/device=foo' }] }),
      fake(),
    );
    const last = steps.at(-1)!;
    expect(last.step).toBe('cdi');
    expect(last.call[0]).toBe('cri.withCDI');
    expect(last.call.slice(2)).toEqual([[{ name: 'vendor1.com/device=foo' }], [dir]]);
  });

  it('reads cdi_spec_dirs lowest priority first: a later directory overrides a device', async () => {
    const override = specDir(VENDOR1.replace('FOO=injected', 'FOO=overridden'));
    const { spec } = await containerSpec(
      input(undefined, [dir, override], { cdiDevices: [{ name: 'vendor1.com/device=foo' }] }),
      fake(),
    );
    expect(spec.process?.env).toContain('FOO=overridden');
    expect(spec.process?.env).not.toContain('FOO=injected');
  });

  it('without cdi_spec_dirs reads /etc/cdi and /var/run/cdi', async () => {
    const steps = containerSpecSteps(input(undefined, undefined), fake());
    expect(steps.at(-1)?.call).toEqual(['cri.withCDI', expect.any(Object), null, null]);
    const missing = ['/etc/cdi', '/var/run/cdi'].every((d) => !fs.existsSync(d));
    const run = containerSpec(
      input(undefined, undefined, { cdiDevices: [{ name: 'vendor1.com/device=foo' }] }),
      fake(),
    );
    // On a machine without CDI specs the device is unresolvable; with them, it is looked up there.
    if (missing) await expect(run).rejects.toThrow('unresolvable CDI devices vendor1.com/device=foo');
    else
      await expect(
        run.then(
          () => 'ran',
          (e: Error) => e.message,
        ),
      ).resolves.toBeTypeOf('string');
  });

  it('enable_cdi = false: CDIDevices are refused, annotations ignored', async () => {
    const refused = await failure(
      containerSpec(
        input(undefined, [dir], {
          enableCDI: false,
          cdiDevices: [{ name: 'vendor1.com/device=foo' }, { name: 'vendor2.com/device=bar' }],
        }),
        fake(),
      ),
    );
    expect(isOcispecError(refused, 'BAD_PIPELINE')).toBe(true);
    expect(refused.message).toBe(
      'CDI devices (vendor1.com/device=foo, vendor2.com/device=bar) requested but CDI support is explicitly disabled',
    );
    const ignored = input({ 'cdi.k8s.io/x': 'vendor1.com/device=foo' }, [dir], { enableCDI: false });
    expect(containerSpecSteps(ignored, fake()).some((s) => s.step === 'cdi')).toBe(false);
    const { spec } = await containerSpec(ignored, fake());
    expect(spec.linux?.devices ?? []).toEqual([]);
  });

  it("a broken spec of one vendor is a warning, not a failure for another vendor's device", async () => {
    const mixed = specDir(VENDOR1, 'cdiVersion: "0.2.0"\nkind: bad\ndevices: []\n');
    const { spec, report } = await containerSpec(
      input(undefined, [mixed], { cdiDevices: [{ name: 'vendor1.com/device=foo' }] }),
      fake(),
    );
    expect(spec.process?.env).toContain('FOO=injected');
    expect(report.findings.map((f) => f.message).join('\n')).toContain('CDI registry refresh failed');
  });

  it('a windows container has no cdi step', () => {
    const steps = containerSpecSteps(
      {
        platform: 'windows/amd64',
        config: {
          metadata: { name: 'c' },
          command: ['cmd'],
          cdiDevices: [{ name: 'vendor1.com/device=foo' }],
        },
        sandboxConfig: { metadata: { name: 'p' } },
      },
      fake(),
    );
    expect(steps.some((s) => s.step === 'cdi')).toBe(false);
  });
});
