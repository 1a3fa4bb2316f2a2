/**
 * Behaviour the containerd e2e suite (test/e2e/containerd) found wrong by comparing predictions with the specs a
 * running containerd generated; each case pins the fixed behaviour against containerd HEAD's code.
 */
import { describe, expect, it } from 'vitest';
import { containerSpec } from '../src/index.js';
import { fake, linuxTestInput } from './helpers.js';

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

  it('is empty without metadata, and the containerName input wins', async () => {
    const { containerName: _, ...input } = linuxTestInput();
    const none = await containerSpec({ ...input, config: { ...input.config, metadata: null } }, fake());
    expect(none.spec.annotations?.[key]).toBe('');
    const given = await containerSpec({ ...input, containerName: 'override' }, fake());
    expect(given.spec.annotations?.[key]).toBe('override');
  });
});
