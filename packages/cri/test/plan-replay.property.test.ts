/**
 * A CRI plan is data: every plan `containerSpecSteps` / `sandboxSpecSteps` returns, printed with `JSON.stringify`
 * and parsed back, composes the same spec byte for byte (or fails with the same message), and the steps that ran
 * are exactly the plan's calls. Inputs are generated over most of what changes a plan: the CRI config's fields, the
 * pod's, the image's, the runtime handler's and the CRI plugin's settings, the host's facts, linux and windows.
 */
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ANY_LAYOUT, parseJson, printJson, printSpec } from '@ocispec/core';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type {
  CriBuildOptions,
  CriComposition,
  CriHostFacts,
  CriStep,
  SandboxSpecInput,
} from '../src/index.js';
import {
  type ContainerSpecInput,
  containerSpec,
  containerSpecSteps,
  criPipeline,
  fakeCriHost,
  sandboxSpec,
  sandboxSpecSteps,
} from '../src/index.js';

const dir = fs.mkdtempSync(path.join(tmpdir(), 'ocispec-cri-replay-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// A rootfs with users and groups, a base runtime spec and a CDI spec directory the generated inputs may name.
const rootfs = path.join(dir, 'rootfs');
fs.mkdirSync(path.join(rootfs, 'etc'), { recursive: true });
fs.writeFileSync(
  path.join(rootfs, 'etc/passwd'),
  'root:x:0:0::/:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\nnobody:x:65534:65534::/:/bin/false\n',
);
fs.writeFileSync(path.join(rootfs, 'etc/group'), 'root:x:0:\nwheel:x:10:alice\nvideo:x:44:alice\n');
const baseFile = path.join(dir, 'base.json');
fs.writeFileSync(
  baseFile,
  JSON.stringify({
    ociVersion: '1.1.0',
    process: { cwd: '/', user: { uid: 0, gid: 0 }, env: ['BASE=1'], args: ['sh'] },
    root: { path: 'rootfs' },
    mounts: [{ destination: '/proc', type: 'proc', source: 'proc' }],
    linux: { namespaces: [{ type: 'pid' }, { type: 'mount' }], cgroupsPath: '/base' },
  }),
);
const cdiDir = path.join(dir, 'cdi');
fs.mkdirSync(cdiDir);
fs.writeFileSync(
  path.join(cdiDir, 'vendor.yaml'),
  `cdiVersion: "0.5.0"
kind: vendor.com/dev
containerEdits:
  env: [VENDOR=1]
devices:
  - name: a
    containerEdits:
      env: [A=1]
      deviceNodes: [{ path: /dev/vendor-a, type: c, major: 1, minor: 3 }]
  - name: b
    containerEdits:
      mounts: [{ hostPath: /opt/b, containerPath: /opt/b, options: [ro, bind] }]
`,
);

const word = fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
/** Mostly absent: a field that, set, often makes containerd refuse the input. */
const rarely = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: arb, weight: 1 });
const small = fc.integer({ min: 0, max: 4096 });
/** One of these lists (as mutable arrays: the CRI input types take them so). */
const lists = <T>(...values: T[][]): fc.Arbitrary<T[]> => fc.constantFrom(...values);
/** One of these values, typed `T` (not as readonly literals). */
const pick = <T>(...values: T[]): fc.Arbitrary<T> => fc.constantFrom(...values);
type StringMap = Record<string, string>;
type WindowsResources = NonNullable<NonNullable<ContainerSpecInput['config']['windows']>['resources']>;

/** The host facts a build reads (fake: nothing is read from this machine but the files named above). */
const hostFacts: fc.Arbitrary<CriHostFacts> = fc
  .record({
    cgroupUnified: fc.boolean(),
    seccomp: fc.boolean(),
    apparmor: fc.boolean(),
    hugetlb: fc.boolean(),
    swap: fc.boolean(),
    label: fc.boolean(),
    oom: fc.integer({ min: -1000, max: 1000 }),
  })
  .map((f) =>
    fakeCriHost({
      cgroupUnified: () => f.cgroupUnified,
      seccompEnabled: () => f.seccomp,
      apparmorEnabled: () => f.apparmor,
      hugetlbControllerPresent: () => f.hugetlb,
      swapControllerAvailable: () => f.swap,
      oomScoreAdj: () => f.oom,
      lookupMount: (p) => ({ mountpoint: p, optional: 'master:1', vfsOptions: 'rw,nsdelegate' }),
      initLabels: () =>
        f.label
          ? {
              processLabel: 'system_u:system_r:container_t:s0:c1,c2',
              mountLabel: 'system_u:object_r:c_file_t:s0',
            }
          : { processLabel: '', mountLabel: '' },
    }),
  );

const idMapping = fc.record({
  hostId: fc.constant(100000),
  containerId: fc.constant(0),
  length: fc.constant(65536),
});
const userns = fc.oneof(
  fc.constant(undefined),
  fc.constant({ mode: 'NODE' }),
  fc.record({ mode: fc.constant('POD'), uids: fc.tuple(idMapping), gids: fc.tuple(idMapping) }),
);
const profile = rarely(
  fc.oneof(
    fc.constant({ profileType: 'RuntimeDefault' }),
    fc.constant({ profileType: 'Unconfined' }),
    fc.constant({ profileType: 'Localhost', localhostRef: 'localhost/missing' }),
  ),
);

const linuxContainer = fc.record(
  {
    command: maybe(fc.array(word, { maxLength: 2 })),
    args: maybe(fc.array(word, { maxLength: 2 })),
    workingDir: maybe(word.map((w) => `/${w}`)),
    tty: maybe(fc.boolean()),
    envs: maybe(fc.array(fc.record({ key: word, value: word }), { maxLength: 3 })),
    mounts: maybe(
      fc.array(
        fc.record({
          containerPath: word.map((w) => `/data/${w}`),
          hostPath: word.map((w) => `/srv/${w}`),
          readonly: maybe(fc.boolean()),
          propagation: maybe(fc.constantFrom('PROPAGATION_PRIVATE', 'PROPAGATION_HOST_TO_CONTAINER')),
        }),
        { maxLength: 3 },
      ),
    ),
    devices: maybe(lists([{ containerPath: '/dev/xnull', hostPath: '/dev/null', permissions: 'rw' }])),
    annotations: maybe(fc.dictionary(fc.constantFrom('ca', 'io.example/x'), word, { maxKeys: 2 })),
    cdiAnnotation: maybe(
      fc.constantFrom('vendor.com/dev=a', 'vendor.com/dev=b', 'vendor.com/dev=a,vendor.com/dev=b'),
    ),
    cdiDevices: maybe(
      fc.array(fc.record({ name: fc.constantFrom('vendor.com/dev=a', 'vendor.com/dev=b') }), {
        maxLength: 2,
      }),
    ),
    resources: maybe(
      fc.record(
        {
          cpuPeriod: small,
          cpuQuota: small,
          cpuShares: small,
          memoryLimitInBytes: fc.integer({ min: 0, max: 1 << 30 }),
          memorySwapLimitInBytes: fc.integer({ min: 0, max: 1 << 30 }),
          oomScoreAdj: fc.integer({ min: -1000, max: 1000 }),
          cpusetCpus: fc.constantFrom('', '0-1'),
          hugepageLimits: lists([], [], [], [{ pageSize: '2MB', limit: 4096 }]),
          unified: pick<StringMap>({}, { 'memory.min': '65536' }),
        },
        { requiredKeys: [] },
      ),
    ),
    sc: fc.record(
      {
        privileged: fc.boolean(),
        capabilities: fc.record(
          {
            addCapabilities: fc.subarray(['NET_ADMIN', 'SYS_TIME', 'ALL']),
            dropCapabilities: fc.subarray(['CHOWN', 'ALL']),
          },
          { requiredKeys: [] },
        ),
        noNewPrivs: fc.boolean(),
        readonlyRootfs: fc.boolean(),
        runAsUser: fc.record({ value: fc.constantFrom(0, 1000, 4242) }),
        runAsUsername: fc.constantFrom('', 'alice'),
        supplementalGroups: fc.array(fc.integer({ min: 0, max: 5000 }), { maxLength: 3 }),
        supplementalGroupsPolicy: fc.constantFrom('Merge', 'Strict'),
        maskedPaths: lists([], ['/proc/kcore']),
        readonlyPaths: lists([], ['/proc/sys']),
        seccomp: profile,
        apparmor: profile,
        selinuxOptions: fc.constantFrom({ user: 'u', role: 'r', type: 't', level: 's0:c1,c2' }),
        namespaceOptions: fc.record(
          {
            network: fc.constantFrom('POD', 'NODE'),
            pid: fc.constantFrom('POD', 'CONTAINER', 'NODE'),
            ipc: fc.constantFrom('POD', 'NODE'),
            usernsOptions: userns,
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    ),
    runAsGroup: rarely(fc.record({ value: fc.constantFrom(0, 44) })),
    sandbox: fc.record({
      privileged: fc.boolean(),
      hostNetwork: fc.boolean(),
      cgroupParent: fc.constantFrom('', '/kubepods/pod1', 'kubepods-pod1.slice'),
      hostname: fc.constantFrom('', 'pod'),
    }),
    image: maybe(
      fc.record(
        {
          Env: fc.array(
            word.map((w) => `${w}=1`),
            { maxLength: 2 },
          ),
          Entrypoint: lists([], ['/entry'], ['']),
          Cmd: lists([], ['run']),
          User: fc.constantFrom('', 'alice', '1000:44'),
          WorkingDir: fc.constantFrom('', '/work'),
          Volumes: fc.constantFrom({}, { '/vol': {} }),
        },
        { requiredKeys: [] },
      ),
    ),
    runtime: fc.record(
      {
        baseRuntimeSpec: fc.constant(baseFile),
        cgroupWritable: fc.boolean(),
        privilegedWithoutHostDevices: fc.boolean(),
        podAnnotations: lists([], ['io.example/*']),
        containerAnnotations: lists([], ['c*']),
      },
      { requiredKeys: [] },
    ),
    cri: fc.record(
      {
        disableProcMount: fc.boolean(),
        deviceOwnershipFromSecurityContext: fc.boolean(),
        restrictOOMScoreAdj: fc.boolean(),
        enableCDI: rarely(fc.constant(false)),
        tolerateMissingHugetlbController: fc.boolean(),
        ignoreImageDefinedVolumes: fc.boolean(),
        unsetSeccompProfile: rarely(fc.constant('runtime/default')),
      },
      { requiredKeys: [] },
    ),
    withRootfs: fc.constantFrom(true, true, true, false),
  },
  { requiredKeys: ['sc', 'sandbox', 'runtime', 'cri', 'withRootfs'] },
);

type LinuxContainerCase = typeof linuxContainer extends fc.Arbitrary<infer T> ? T : never;

function containerInput(c: LinuxContainerCase): ContainerSpecInput {
  const { usernsOptions, ...ns } = c.sc.namespaceOptions ?? {};
  return {
    platform: 'linux/amd64',
    id: 'c1',
    sandboxId: 's1',
    sandboxPid: 4242,
    config: {
      metadata: { name: 'c' },
      image: { image: 'docker.io/library/busybox:latest' },
      command: c.command,
      args: c.args,
      workingDir: c.workingDir,
      tty: c.tty,
      envs: c.envs,
      mounts: c.mounts,
      devices: c.devices,
      annotations:
        c.cdiAnnotation === undefined
          ? c.annotations
          : { ...c.annotations, 'cdi.k8s.io/vendor': c.cdiAnnotation },
      cdiDevices: c.cdiDevices,
      linux: {
        resources: c.resources,
        securityContext: {
          ...c.sc,
          // A group needs a user (else containerd refuses the config before building).
          ...(c.runAsGroup !== undefined && c.sc.runAsUser !== undefined ? { runAsGroup: c.runAsGroup } : {}),
          namespaceOptions: { ...ns, usernsOptions },
        },
      },
    },
    sandboxConfig: {
      metadata: { name: 'pod', uid: 'uid', namespace: 'ns' },
      hostname: c.sandbox.hostname,
      annotations: { 'io.example/pod': 'yes' },
      linux: {
        cgroupParent: c.sandbox.cgroupParent,
        securityContext: {
          // A privileged container needs a privileged sandbox (else containerd refuses it).
          privileged: c.sandbox.privileged || c.sc.privileged === true,
          namespaceOptions: { network: c.sandbox.hostNetwork ? 'NODE' : 'POD', usernsOptions },
        },
      },
    },
    imageConfig: c.image ?? { Entrypoint: ['/bin/sh'] },
    runtime: c.runtime,
    cri: {
      rootDir: path.join(dir, 'root'),
      stateDir: path.join(dir, 'state'),
      cdiSpecDirs: [cdiDir],
      ...c.cri,
    },
    rootfs: c.withRootfs ? rootfs : undefined,
  };
}

const windowsContainer = fc.record({
  command: pick<string[] | undefined>(undefined, ['cmd.exe']),
  args: pick<string[] | undefined>(undefined, ['/c', 'echo hi']),
  workingDir: fc.constantFrom(undefined, 'C:\\work'),
  hostProcess: fc.boolean(),
  username: fc.constantFrom('', 'ContainerUser'),
  credentialSpec: fc.constantFrom('', 'spec'),
  resources: pick<WindowsResources | undefined>(undefined, {
    cpuCount: 2,
    memoryLimitInBytes: 1024,
    affinityCpus: [{ cpuMask: 3 }],
  }),
  mounts: lists<{ containerPath: string; hostPath: string }>(
    [],
    [
      { containerPath: 'D:', hostPath: 'C:\\data' },
      { containerPath: '/logs', hostPath: 'C:\\logs' },
    ],
  ),
  devices: lists([], [{ hostPath: 'class/5B45201D-F2F2-4F3B-85BB-30FF1F953599' }]),
  argsEscaped: fc.boolean(),
});

type WindowsContainerCase = typeof windowsContainer extends fc.Arbitrary<infer T> ? T : never;

function windowsInput(c: WindowsContainerCase): ContainerSpecInput {
  return {
    platform: 'windows/amd64',
    id: 'c1',
    sandboxId: 's1',
    netnsPath: 'netns-1',
    config: {
      metadata: { name: 'c' },
      command: c.command,
      args: c.args,
      workingDir: c.workingDir,
      mounts: c.mounts,
      devices: c.devices,
      windows: {
        resources: c.resources,
        securityContext: {
          hostProcess: c.hostProcess,
          runAsUsername: c.username,
          credentialSpec: c.credentialSpec,
        },
      },
    },
    sandboxConfig: {
      metadata: { name: 'pod' },
      hostname: 'pod',
      windows: { securityContext: { hostProcess: c.hostProcess } },
    },
    imageConfig: {
      Entrypoint: ['C:\\app.exe'],
      Cmd: ['serve'],
      ArgsEscaped: c.argsEscaped,
      User: 'ContainerAdministrator',
    },
  };
}

const sandbox = fc.record(
  {
    platform: fc.constantFrom('linux/amd64', 'windows/amd64'),
    hostname: fc.constantFrom('', 'pod'),
    cgroupParent: fc.constantFrom('', '/kubepods/pod1'),
    sysctls: pick<StringMap>({}, { 'net.core.somaxconn': '1024', 'net.ipv4.ping_group_range': '0 0' }),
    resources: pick<WindowsResources | undefined>(undefined, {
      cpuPeriod: 100000,
      cpuQuota: 50000,
      cpuShares: 512,
      memoryLimitInBytes: 1 << 20,
    }),
    privileged: fc.boolean(),
    network: fc.constantFrom('POD', 'NODE'),
    pid: fc.constantFrom('POD', 'NODE'),
    ipc: fc.constantFrom('POD', 'NODE'),
    userns,
    runAsUser: fc.constantFrom(undefined, { value: 65535 }),
    seccomp: profile,
    user: fc.constantFrom('', 'nobody'),
    enableUnprivilegedPorts: fc.boolean(),
    restrictOOMScoreAdj: fc.boolean(),
    withRootfs: fc.boolean(),
  },
  { requiredKeys: ['platform', 'privileged', 'network', 'withRootfs'] },
);

type SandboxCase = typeof sandbox extends fc.Arbitrary<infer T> ? T : never;

function sandboxInput(c: SandboxCase): SandboxSpecInput {
  return {
    platform: c.platform,
    id: 's1',
    netnsPath: '/var/run/netns/s1',
    config: {
      metadata: { name: 'pod', uid: 'uid', namespace: 'ns' },
      hostname: c.hostname,
      annotations: { 'io.example/pod': 'yes' },
      linux: {
        cgroupParent: c.cgroupParent,
        sysctls: c.sysctls,
        resources: c.resources,
        securityContext: {
          privileged: c.privileged,
          runAsUser: c.runAsUser,
          seccomp: c.seccomp,
          namespaceOptions: { network: c.network, pid: c.pid, ipc: c.ipc, usernsOptions: c.userns },
        },
      },
    },
    imageConfig: { Entrypoint: ['/pause'], User: c.user },
    runtime: { podAnnotations: ['io.example/*'] },
    cri: {
      rootDir: path.join(dir, 'root'),
      stateDir: path.join(dir, 'state'),
      enableUnprivilegedPorts: c.enableUnprivilegedPorts,
      restrictOOMScoreAdj: c.restrictOOMScoreAdj,
    },
    rootfs: c.withRootfs ? rootfs : undefined,
  };
}

/** Build options over `host` (a new pipeline each time: nothing carries over between the two runs). */
function build(host: CriHostFacts, edit?: CriBuildOptions['edit']): CriBuildOptions {
  return { pipeline: criPipeline({ host }), volumeId: () => 'f'.repeat(64), ...(edit ? { edit } : {}) };
}

type Outcome = { ok: true; text: string; composition: CriComposition } | { ok: false; message: string };

async function outcome(run: () => Promise<CriComposition>): Promise<Outcome> {
  try {
    const composition = await run();
    return { ok: true, text: printSpec(composition.spec), composition };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** What a property run saw: how many plans composed, failed while running, or were refused while planning. */
interface Tally {
  composed: number;
  failed: number;
  refused: number;
}

/**
 * The property: the plan, through `JSON.stringify` and `JSON.parse`, is still the plan, and composes what the
 * builder composes, byte for byte (or fails with the same message); the steps that ran are the plan's calls.
 */
async function replays(
  tally: Tally,
  host: CriHostFacts,
  steps: (options: CriBuildOptions) => CriStep[],
  spec: (options: CriBuildOptions) => Promise<CriComposition>,
): Promise<void> {
  let plan: CriStep[];
  try {
    plan = steps(build(host));
  } catch (error) {
    // Refused before building: the spec builder refuses it the same way.
    tally.refused++;
    await expect(spec(build(host))).rejects.toThrow((error as Error).message);
    return;
  }
  const replayed = JSON.parse(JSON.stringify(plan)) as CriStep[];
  expect(replayed).toEqual(plan);
  const direct = await outcome(() => spec(build(host)));
  const fromJson = await outcome(() => spec(build(host, () => replayed)));
  expect(fromJson.ok).toBe(direct.ok);
  if (!direct.ok || !fromJson.ok) {
    tally.failed++;
    expect(fromJson).toEqual(direct);
    return;
  }
  tally.composed++;
  expect(fromJson.text).toBe(direct.text);
  // What ran is the plan: its step ids and calls, in order (over a base, withNamespacedCgroup first).
  const ran = direct.composition.steps.filter((s) => s.step !== undefined);
  expect(ran.map((s) => ({ step: s.step, call: [s.name, ...s.args] }))).toEqual(replayed);
}

const RUNS = 120;

describe('a CRI plan replayed through JSON composes the same spec', () => {
  const tallies: Record<string, Tally> = {};
  const tally = (name: string): Tally => {
    tallies[name] ??= { composed: 0, failed: 0, refused: 0 };
    return tallies[name];
  };
  afterAll(() => {
    // The generators reach composing specs, not only refusals: the property is not vacuous.
    for (const [name, t] of Object.entries(tallies)) expect(t.composed, name).toBeGreaterThan(RUNS / 4);
  });

  it('linux containers', async () => {
    await fc.assert(
      fc.asyncProperty(linuxContainer, hostFacts, async (c, host) => {
        const input = containerInput(c);
        await replays(
          tally('linux containers'),
          host,
          (o) => containerSpecSteps(input, o),
          (o) => containerSpec(input, o),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('linux containers without a base runtime spec', async () => {
    await fc.assert(
      fc.asyncProperty(linuxContainer, hostFacts, async (c, host) => {
        const input = containerInput({ ...c, runtime: { ...c.runtime, baseRuntimeSpec: '' } });
        await replays(
          tally('linux containers, no base'),
          host,
          (o) => containerSpecSteps(input, o),
          (o) => containerSpec(input, o),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('windows containers', async () => {
    await fc.assert(
      fc.asyncProperty(windowsContainer, async (c) => {
        const input = windowsInput(c);
        const host = fakeCriHost();
        await replays(
          tally('windows containers'),
          host,
          (o) => containerSpecSteps(input, o),
          (o) => containerSpec(input, o),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('sandboxes (linux and windows)', async () => {
    await fc.assert(
      fc.asyncProperty(sandbox, hostFacts, async (c, host) => {
        const input = sandboxInput(c);
        await replays(
          tally('sandboxes'),
          host,
          (o) => sandboxSpecSteps(input, o),
          (o) => sandboxSpec(input, o),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('64-bit values: the plan through the lossless printJson / parseJson', async () => {
    await fc.assert(
      fc.asyncProperty(fc.bigInt({ min: 2n ** 53n, max: 2n ** 63n - 1n }), async (limit) => {
        const input: ContainerSpecInput = {
          sandboxPid: 7,
          config: {
            metadata: { name: 'c' },
            command: ['/app'],
            linux: { resources: { memoryLimitInBytes: String(limit), cpuQuota: String(-limit) } },
          },
          sandboxConfig: { metadata: { name: 'p' } },
        };
        const host = fakeCriHost();
        const plan = containerSpecSteps(input, build(host));
        const replayed = parseJson(printJson(plan, ANY_LAYOUT)) as unknown as CriStep[];
        expect(replayed).toEqual(plan);
        const direct = await containerSpec(input, build(host));
        const fromJson = await containerSpec(
          input,
          build(host, () => replayed),
        );
        expect(printSpec(fromJson.spec)).toBe(printSpec(direct.spec));
        expect(printSpec(direct.spec)).toContain(`"limit":${limit}`);
      }),
      { numRuns: 25 },
    );
  });
});
