/**
 * containerd in the loop: a private containerd (Debian's 1.6.20 on CI) with runtime handlers whose base runtime
 * specs `ocispec generate` wrote; pods and containers created through CRI with kubelet-shaped configs; the spec
 * containerd generated for each compared with ocispec's prediction from the same CRI input; some containers
 * started and checked from inside. See docs/e2e.md.
 */
import { containerSpec, parseContainerSpecInput, parseSandboxSpecInput, sandboxSpec } from '@ocispec/cri';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALLOWLIST } from './allowlist.js';
import { CONTAINERS, PODS, type PodName, REFUSED } from './cases.js';
import type { Difference } from './compare.js';
import { compareSpecs, describeDifference } from './compare.js';
import type { Suite } from './suite.js';
import { setUpSuite, tearDownSuite } from './suite.js';

let suite: Suite | undefined;

beforeAll(async () => {
  suite = await setUpSuite();
}, 180_000);

afterAll(async () => {
  const problems = await tearDownSuite(suite);
  expect(problems, 'what the teardown could not remove').toEqual([]);
}, 120_000);

/** Fails with every difference, one a line, in full. */
function expectNoDifferences(differences: readonly Difference[]): void {
  expect(
    differences.length,
    `containerd and ocispec differ:\n${differences.map(describeDifference).join('\n')}\n`,
  ).toBe(0);
}

function ready(): Suite {
  if (suite === undefined) throw new Error('containerd e2e: the suite did not start (see the first error)');
  return suite;
}

describe('sandbox specs: containerd vs ocispec', { timeout: 60_000 }, () => {
  it.each(Object.keys(PODS) as PodName[])('%s', async (name) => {
    const s = ready();
    const pod = await s.pod(name);
    const predicted = await sandboxSpec(pod.input);
    const { differences } = compareSpecs(
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
    expectNoDifferences(differences);
  });
});

describe('container specs: containerd vs ocispec', { timeout: 60_000 }, () => {
  it.each(CONTAINERS)('$pod/$shape.name: $title', async (c) => {
    const s = ready();
    const container = await s.container(c);
    const queue = [...container.volumeIds];
    const predicted = await containerSpec(container.input, {
      volumeId: () => queue.shift() ?? 'no-more-volumes',
    });
    const { differences } = compareSpecs(
      container.spec,
      predicted.spec,
      {
        kind: 'container',
        release: s.tools.containerdRelease,
        base: container.input.runtime?.baseRuntimeSpec !== undefined,
        input: parseContainerSpecInput(container.input),
      },
      ALLOWLIST,
    );
    expectNoDifferences(differences);
  });
});

describe('configs containerd refuses: ocispec refuses them too', { timeout: 60_000 }, () => {
  it.each(REFUSED)('$pod/$shape.name: $title', async (c) => {
    const s = ready();
    const { daemon, ocispec } = await s.refused(c);
    expect(daemon, 'containerd refuses it').toContain(c.reason);
    expect(ocispec, 'ocispec refuses it').toContain(c.reason);
  });
});
