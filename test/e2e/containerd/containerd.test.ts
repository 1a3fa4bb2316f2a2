/**
 * containerd in the loop: a private containerd (Debian's 1.6.20 on CI) with runtime handlers whose base runtime
 * specs `ocispec generate` wrote; pods and containers created through CRI with kubelet-shaped configs; the spec
 * containerd generated for each compared with ocispec's prediction from the same CRI input; some containers
 * started and checked from inside. See docs/e2e.md.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readRuntimeConfig } from '@ocispec/base-spec';
import { runCli } from '@ocispec/cli';
import type { FrozenSpec, Spec } from '@ocispec/core';
import { parseSpec } from '@ocispec/core';
import { readFileChecked } from '@ocispec/core/internal';
import { containerSpec, parseContainerSpecInput, parseSandboxSpecInput, sandboxSpec } from '@ocispec/cri';
import { repoPath } from '@ocispec/test-fixtures';
import { afterAll, describe, expect, it } from 'vitest';
import { ALLOWLIST } from './allowlist.js';
import { CONTAINERS, type ContainerCase, IMAGES, PODS, type PodName, REFUSED } from './cases.js';
import type { Comparison, Difference } from './compare.js';
import { compareSpecs, describeDifference } from './compare.js';
import { HANDLER_ANNOTATION, HANDLERS } from './handlers.js';
import { KUBELET_MASKED_PATHS } from './kubelet.js';
import { expectedFacts, expectedMainProcess, factsFromProbe, mainProcess, probeScript } from './probe.js';
import type { Container, Suite } from './suite.js';
import { setUpSuite, tearDownSuite } from './suite.js';

let started: Promise<Suite> | undefined;

afterAll(async () => {
  const suite = await started?.catch(() => undefined);
  const problems = await tearDownSuite(suite);
  expect(problems, 'what the teardown could not remove').toEqual([]);
}, 120_000);

/**
 * The suite, set up by the first test that needs it. When it cannot start (no containerd, not root …) every test
 * fails with the reason: nothing is skipped.
 */
function ready(): Promise<Suite> {
  started ??= setUpSuite();
  return started;
}

/** A pod's sandbox spec, from containerd and from ocispec, compared. */
async function sandboxComparison(s: Suite, name: PodName): Promise<Comparison> {
  const pod = await s.pod(name);
  const predicted = await sandboxSpec(pod.input);
  return compareSpecs(
    pod.spec,
    predicted.spec,
    {
      kind: 'sandbox',
      release: s.tools.containerdRelease,
      base: false,
      sandboxInput: parseSandboxSpecInput(pod.input),
    },
    ALLOWLIST,
  );
}

/** A container's spec, from containerd and from ocispec (given the image volume dirs containerd chose). */
async function containerComparison(s: Suite, c: ContainerCase): Promise<Comparison> {
  const container = await s.container(c);
  const queue = [...container.volumeIds];
  const predicted = await containerSpec(container.input, {
    volumeId: () => queue.shift() ?? 'no-more-volumes',
  });
  return compareContainer(s, container, predicted.spec);
}

function compareContainer(s: Suite, container: Container, predicted: FrozenSpec): Comparison {
  return compareSpecs(
    container.spec,
    predicted,
    {
      kind: 'container',
      release: s.tools.containerdRelease,
      base: container.input.runtime?.baseRuntimeSpec !== undefined,
      input: parseContainerSpecInput(container.input),
    },
    ALLOWLIST,
  );
}

/** Fails with every difference, one a line, in full. */
function expectNoDifferences(differences: readonly Difference[]): void {
  expect(
    differences.length,
    `containerd and ocispec differ:\n${differences.map(describeDifference).join('\n')}\n`,
  ).toBe(0);
}

describe('the daemon', { timeout: 180_000 }, () => {
  it('is the containerd preflight found, answering CRI v1 with the runtime ready', async () => {
    const s = await ready();
    const version = await s.daemon.client.version({ version: 'v1' });
    expect(version.runtimeName).toBe('containerd');
    expect(version.runtimeVersion.replace(/^v/, '')).toBe(s.tools.containerdVersion);
    expect(version.runtimeApiVersion).toBe('v1');
    const status = await s.daemon.client.status({});
    expect(status.status?.conditions).toContainEqual(
      expect.objectContaining({ type: 'RuntimeReady', status: true }),
    );
    // No CNI here: the network is not ready, which host-network pods do not need.
    expect(status.status?.conditions).toContainEqual(
      expect.objectContaining({ type: 'NetworkReady', status: false }),
    );
  });

  it('has the images as the suite wrote them; every pod runs the sandbox image', async () => {
    const s = await ready();
    for (const [key, image] of Object.entries(IMAGES) as [
      keyof typeof IMAGES,
      (typeof IMAGES)[keyof typeof IMAGES],
    ][]) {
      expect(s.images[key].config).toEqual(image.config);
      expect(s.images[key].id).toMatch(/^sha256:[0-9a-f]{64}$/);
    }
    const { images } = await s.daemon.client.listImages();
    expect(images.flatMap((i) => i.repoTags)).toEqual(
      expect.arrayContaining(Object.values(IMAGES).map((i) => i.name)),
    );
    const pods = await Promise.all((Object.keys(PODS) as PodName[]).map((name) => s.pod(name)));
    for (const pod of pods) {
      expect(pod.spec.process?.args).toEqual([
        ...IMAGES.sandbox.config.Entrypoint,
        ...IMAGES.sandbox.config.Cmd,
      ]);
    }
    const { items } = await s.daemon.client.listPodSandbox();
    expect(items.map((p) => p.id).sort()).toEqual(pods.map((p) => p.id).sort());
    expect(items.map((p) => p.state)).toEqual(pods.map(() => 'SANDBOX_READY'));
  });
});

describe('sandbox specs: containerd vs ocispec', { timeout: 180_000 }, () => {
  it.each(Object.keys(PODS) as PodName[])('%s', async (name) => {
    expectNoDifferences((await sandboxComparison(await ready(), name)).differences);
  });
});

describe('container specs: containerd vs ocispec', { timeout: 180_000 }, () => {
  it.each(CONTAINERS)('$pod/$shape.name: $title', async (c) => {
    expectNoDifferences((await containerComparison(await ready(), c)).differences);
  });
});

describe('configs containerd refuses: ocispec refuses them too', { timeout: 180_000 }, () => {
  it.each(REFUSED)('$pod/$shape.name: $title', async (c) => {
    const s = await ready();
    const { daemon, ocispec } = await s.refused(c);
    expect(daemon, 'containerd refuses it').toContain(c.reason);
    expect(ocispec, 'ocispec refuses it').toContain(c.reason);
  });
});

describe('started containers, probed from inside (ExecSync)', { timeout: 180_000 }, () => {
  it.each(CONTAINERS.filter((c) => c.probe === true))('$pod/$shape.name: $title', async (c) => {
    const s = await ready();
    const container = await s.container(c);
    const status = await s.daemon.client.containerStatus({ containerId: container.id });
    expect(status.status?.state).toBe('CONTAINER_RUNNING');
    const exec = await s.daemon.client.execSync({
      containerId: container.id,
      cmd: probeScript(container.spec),
      timeout: 20,
    });
    expect(exec.stderr.toString(), 'probe stderr').toBe('');
    expect(exec.exitCode).toBe(0);
    const inside = factsFromProbe(exec.stdout.toString(), container.spec);
    const { newPidns, ...expected } = expectedFacts(container.spec, inside);
    expect(mainProcess(container.pid, container.spec), 'the main process').toEqual(
      expectedMainProcess(container.spec),
    );
    if (newPidns) {
      expect(inside.pidns).not.toBe(fs.readlinkSync('/proc/self/ns/pid'));
      expect(inside.pidns).not.toBe(fs.readlinkSync(`/proc/${container.pod.pid}/ns/pid`));
      expect({ ...inside, pidns: '' }).toEqual(expected);
    } else {
      expect(inside).toEqual(expected);
    }
  });
});

/** The cases run on a handler, in order. */
function casesOn(handler: string) {
  return CONTAINERS.filter((c) => PODS[c.pod].handler === handler);
}

/** A spec read from a file written by `ocispec generate`. */
function readBase(file: string): Spec {
  return parseSpec(readFileChecked(file), { source: file }).spec;
}

describe('the seed path: base runtime specs written by ocispec generate', { timeout: 180_000 }, () => {
  it("the daemon's config.toml names each handler's base, as ocispec's config reader sees it", async () => {
    const s = await ready();
    const config = readRuntimeConfig(s.daemon.configFile);
    expect(config.defaultRuntimeName).toBe('runc');
    expect([...config.runtimes.keys()]).toEqual(Object.values(HANDLERS).map((h) => h.name));
    for (const handler of Object.values(HANDLERS)) {
      const entry = config.runtimes.get(handler.name)!;
      expect(entry.runtimeType).toBe('io.containerd.runc.v2');
      expect(entry.baseRuntimeSpec).toBe(s.daemon.runtimeSettings(handler.name).baseRuntimeSpec);
      if ('opts' in handler) {
        // The file is what `ocispec generate` prints for the handler's pipeline (generated again here).
        const again = await runCli([
          'generate',
          `${entry.baseRuntimeSpec!.slice(0, -'.json'.length)}.pipeline.json`,
        ]);
        expect(again.code).toBe(0);
        expect(fs.readFileSync(entry.baseRuntimeSpec!, 'utf8')).toBe(again.stdout);
      } else expect(entry.baseRuntimeSpec).toBeUndefined();
    }
  });

  it("containerd's container specs carry what the limits base sets", async () => {
    const s = await ready();
    const base = readBase(s.daemon.runtimeSettings('limits').baseRuntimeSpec!);
    expect(base.mounts?.find((m) => m.destination === '/dev/shm')?.options).toContain('size=131072k');
    for (const c of casesOn('limits')) {
      const { spec, config } = await s.container(c);
      expect(spec.ociVersion).toBe(base.ociVersion);
      expect(spec.process?.rlimits).toEqual(base.process?.rlimits);
      expect(spec.annotations).toMatchObject(base.annotations ?? {});
      expect(spec.linux?.resources?.pids).toEqual({ limit: 256 });
      const crienv = new Map((config.envs ?? []).map((e) => [e.key, e.value]));
      for (const e of base.process?.env ?? []) {
        const [name] = e.split('=', 1);
        const value = crienv.get(name!);
        expect(spec.process?.env).toContain(value === undefined ? e : `${name}=${value}`);
      }
      // The base's /dev/shm gives way to the sandbox's.
      expect(spec.mounts?.filter((m) => m.destination === '/dev/shm')).toEqual([
        expect.objectContaining({
          type: 'bind',
          source: expect.stringMatching(/\/sandboxes\/[0-9a-f]+\/shm$/),
        }),
      ]);
    }
  });

  it("containerd's container specs carry what the hardened base sets; the pod and container annotations pass", async () => {
    const s = await ready();
    const base = readBase(s.daemon.runtimeSettings('hardened').baseRuntimeSpec!);
    for (const c of casesOn('hardened')) {
      const { spec } = await s.container(c);
      expect(spec.process?.user?.umask).toBe(0o027);
      expect(spec.process?.rlimits).toEqual(base.process?.rlimits);
      expect(spec.mounts).toContainEqual(base.mounts?.find((m) => m.destination === '/scratch'));
      expect(spec.annotations?.[HANDLER_ANNOTATION]).toBe('hardened');
      for (const cap of ['CAP_NET_RAW', 'CAP_MKNOD', 'CAP_AUDIT_WRITE']) {
        expect(spec.process?.capabilities?.bounding ?? []).not.toContain(cap);
      }
      // CRI's masked paths (kubelet's) replace the base's.
      expect(spec.linux?.maskedPaths).toEqual(KUBELET_MASKED_PATHS);
    }
    for (const c of casesOn('hardened').filter((x) => x.pod === 'secure')) {
      const { spec } = await s.container(c);
      expect(spec.annotations).toMatchObject({ 'example.com/audit': 'on', 'example.com/owner': 'payments' });
      expect(spec.annotations?.['other.org/x']).toBeUndefined();
    }
    const api = await s.container(casesOn('hardened').find((c) => c.shape.name === 'api')!);
    expect(api.spec.annotations?.['example.com/checksum']).toBe('abc123');
    expect(api.spec.annotations?.['other.org/ignored']).toBeUndefined();
    // Neither no seccomp field nor Unconfined touches the base's profile (containerd adds none, removes none);
    // RuntimeDefault replaces it with containerd's default for the container's capabilities.
    for (const name of ['noseccomp', 'worker']) {
      const { spec } = await s.container(casesOn('hardened').find((c) => c.shape.name === name)!);
      expect(spec.linux?.seccomp, name).toEqual(base.linux?.seccomp);
    }
    expect(api.spec.linux?.seccomp).not.toEqual(base.linux?.seccomp);
  });

  it.each(
    [...casesOn('limits'), ...casesOn('hardened')].filter((c) => !('Volumes' in IMAGES[c.image].config)),
  )('ocispec cri container with the same baseRuntimeSpec predicts $pod/$shape.name', async (c) => {
    const s = await ready();
    const container = await s.container(c);
    const file = path.join(s.workspace.dir, `cri-${container.id.slice(0, 12)}.json`);
    fs.writeFileSync(file, JSON.stringify(container.input));
    const made = await runCli(['cri', 'container', file]);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expectNoDifferences(compareContainer(s, container, parseSpec(made.stdout).spec).differences);
  });
});

describe('the allowlist', () => {
  it('docs/e2e.md lists every entry with its pointer and citation', () => {
    const doc = fs.readFileSync(repoPath('docs', 'e2e.md'), 'utf8');
    for (const entry of ALLOWLIST) {
      const row = doc.split('\n').find((l) => l.startsWith(`| \`${entry.id}\` `));
      expect(row, entry.id).toBeDefined();
      expect(row).toContain(`\`${entry.pointer}\``);
      expect(row).toContain(entry.citation);
    }
  });

  it('every entry explains a difference between containerd 1.6 and ocispec here (no stale entry)', async () => {
    const s = await ready();
    expect(s.tools.containerdRelease.slice(0, 2), 'the allowlist describes containerd 1.6').toEqual([1, 6]);
    const comparisons = [
      ...(await Promise.all((Object.keys(PODS) as PodName[]).map((name) => sandboxComparison(s, name)))),
      ...(await Promise.all(CONTAINERS.map((c) => containerComparison(s, c)))),
    ];
    const used = new Set(comparisons.flatMap((c) => c.explained.map((e) => e.id)));
    expect(ALLOWLIST.map((e) => e.id).filter((id) => !used.has(id))).toEqual([]);
  });
});
