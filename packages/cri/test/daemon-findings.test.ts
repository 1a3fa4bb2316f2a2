/**
 * Behaviour the containerd e2e suite (test/e2e/containerd) found wrong by comparing predictions with the specs a
 * running containerd generated; each case pins the fixed behaviour against containerd HEAD's code.
 */
import { describe, expect, it } from 'vitest';
import { containerSpec, containerSpecSteps, sandboxSpec } from '../src/index.js';
import { fake, linuxTestInput, sandboxTestInput } from './helpers.js';

describe('the io.kubernetes.cri.container-name annotation', () => {
  const key = 'io.kubernetes.cri.container-name';

  it("is the CRI metadata's name (CreateContainer: containerName := metadata.Name)", async () => {
    const { containerName: _, ...input } = linuxTestInput();
    const { spec } = await containerSpec(input, fake());
    expect(spec.annotations?.[key]).toBe('test-name');
  });

  it('is the same on windows', async () => {
    const { containerName: _, ...input } = linuxTestInput();
    const { spec } = await containerSpec(
      { ...input, platform: 'windows/amd64', config: { ...input.config, linux: undefined } },
      fake(),
    );
    expect(spec.annotations?.[key]).toBe('test-name');
  });

  it('the containerName input wins', async () => {
    const given = await containerSpec({ ...linuxTestInput(), containerName: 'override' }, fake());
    expect(given.spec.annotations?.[key]).toBe('override');
  });
});

describe('configs without metadata are refused, as CreateContainer and RunPodSandbox refuse them', () => {
  it('a container config without metadata', async () => {
    const input = linuxTestInput();
    await expect(
      containerSpec({ ...input, config: { ...input.config, metadata: null } }, fake()),
    ).rejects.toThrow('container config must include metadata');
    const { metadata: _, ...config } = input.config;
    expect(() => containerSpecSteps({ ...input, config }, fake())).toThrow(
      'container config must include metadata',
    );
  });

  it("a container's pod sandbox config without metadata (an absent sandbox config is an empty pod)", async () => {
    const input = linuxTestInput();
    await expect(
      containerSpec({ ...input, sandboxConfig: { ...input.sandboxConfig, metadata: null } }, fake()),
    ).rejects.toThrow('pod sandbox config must include metadata');
    const { sandboxConfig: _, ...alone } = input;
    await expect(containerSpec(alone, fake())).resolves.toBeDefined();
  });

  it('a sandbox config without metadata', async () => {
    const input = sandboxTestInput();
    await expect(
      sandboxSpec({ ...input, config: { ...input.config, metadata: undefined } }, fake()),
    ).rejects.toThrow('sandbox config must include metadata');
  });
});
