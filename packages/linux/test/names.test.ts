/** Capability names and namespace types: any string, as containerd takes them, with a warning for an unknown one. */
import type { OptCall } from '@ocispec/core';
import { corePlugin, Pipeline } from '@ocispec/core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { CapabilityName, NamespaceType } from '../src/index.js';
import {
  linuxPlugin,
  withAddedCapabilities,
  withCapabilities,
  withHostNamespace,
  withLinuxNamespace,
} from '../src/index.js';

async function compose(opts: OptCall[]) {
  const pipeline = new Pipeline({ plugins: [corePlugin(), linuxPlugin()] });
  const { spec, report } = await pipeline.compose({ namespace: 'k8s.io', id: 'c', opts });
  return { spec, warnings: report.warnings.map((w) => w.message) };
}

describe('unknown capability names', () => {
  it('are kept as containerd keeps them, with a warning and a did-you-mean', async () => {
    const { spec, warnings } = await compose([['withAddedCapabilities', ['CAP_SYS_ADMN', 'CAP_NET_ADMIN']]]);
    expect(spec.process?.capabilities?.bounding).toContain('CAP_SYS_ADMN');
    expect(warnings).toEqual([
      'withAddedCapabilities: unknown capability "CAP_SYS_ADMN", kept as given (as containerd does); did you mean CAP_SYS_ADMIN?',
    ]);
  });

  it('ALL is literal in the oci options: said so', async () => {
    const { spec, warnings } = await compose([['withDroppedCapabilities', ['ALL']]]);
    expect(spec.process?.capabilities?.bounding).toContain('CAP_CHOWN');
    expect(warnings).toEqual([
      'withDroppedCapabilities: "ALL" is kept as a capability named ALL (only CRI\'s capability lists expand it to every capability)',
    ]);
  });

  it('a name far from every known one gets no guess; known names and repeats warn nothing more', async () => {
    const { warnings } = await compose([
      ['withCapabilities', ['CAP_CHOWN', 'SOMETHING_ELSE_ENTIRELY', 'SOMETHING_ELSE_ENTIRELY']],
      ['withAmbientCapabilities', ['CAP_KILL']],
    ]);
    expect(warnings).toEqual([
      'withCapabilities: unknown capability "SOMETHING_ELSE_ENTIRELY", kept as given (as containerd does)',
    ]);
  });
});

describe('unknown namespace types', () => {
  it('withHostNamespace: nothing removed (as containerd), a warning with a did-you-mean', async () => {
    const { spec, warnings } = await compose([['withHostNamespace', 'netwrk']]);
    expect(spec.linux?.namespaces?.map((n) => n.type)).toContain('network');
    expect(warnings).toEqual([
      'withHostNamespace: unknown namespace type "netwrk", taken as given (as containerd does; runtime-spec knows pid, network, mount, ipc, uts, user, cgroup, time); did you mean network?',
    ]);
  });

  it('withLinuxNamespace: appended as given, with the warning', async () => {
    const { spec, warnings } = await compose([['withLinuxNamespace', { type: 'cgroupp' }]]);
    expect(spec.linux?.namespaces?.at(-1)).toEqual({ type: 'cgroupp' });
    expect(warnings[0]).toMatch(/did you mean cgroup\?$/);
  });
});

describe('types', () => {
  it('capability names and namespace types are literal unions that accept any other string', () => {
    expectTypeOf<'CAP_CHOWN'>().toExtend<CapabilityName>();
    expectTypeOf<'CAP_FROM_THE_FUTURE'>().toExtend<CapabilityName>();
    expectTypeOf<'network'>().toExtend<NamespaceType>();
    expectTypeOf(withAddedCapabilities).parameter(0).toEqualTypeOf<readonly CapabilityName[] | null>();
    expectTypeOf(withHostNamespace).parameter(0).toEqualTypeOf<NamespaceType>();
    withCapabilities(['CAP_CHOWN', 'CAP_FROM_THE_FUTURE']);
    withLinuxNamespace({ type: 'time', path: '/proc/1/ns/time' });
  });
});
