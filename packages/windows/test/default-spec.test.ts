import { formatPlatform, printSpec } from '@ocispec/core';
import { describe, expect, it } from 'vitest';
import { windowsDefaultSpec } from '../src/index.js';
import { windowsPipeline } from './fixtures.js';

/** containerd HEAD's `populateDefaultWindowsSpec`, printed (reference §3.2). */
const EXPECTED =
  '{"ociVersion":"1.3.0","process":{"user":{"uid":0,"gid":0},"cwd":"C:\\\\"},"root":{"path":""},"windows":{"layerFolders":null}}';

describe('windowsDefaultSpec', () => {
  it("prints exactly as containerd HEAD's windows default", () => {
    expect(printSpec(windowsDefaultSpec())).toBe(EXPECTED);
  });

  it('is one frozen object, shared by every call', () => {
    const spec = windowsDefaultSpec();
    expect(windowsDefaultSpec()).toBe(spec);
    expect(Object.isFrozen(spec)).toBe(true);
    expect(Object.isFrozen(spec.process?.user)).toBe(true);
    expect(Object.isFrozen(spec.windows)).toBe(true);
  });

  it('has no linux section, mounts or capabilities (TestPopulateDefaultWindowsSpec)', () => {
    const spec = windowsDefaultSpec();
    expect(spec.windows).not.toBeNull();
    expect(spec.windows).toBeDefined();
    expect(spec.linux).toBeUndefined();
    expect(spec.mounts).toBeUndefined();
    expect(spec.process?.capabilities).toBeUndefined();
  });
});

describe('the windows default through a pipeline', () => {
  it.each(['windows/amd64', 'windows(10.0.17763)/amd64', 'windows/arm64', 'windows'])(
    '%s gives the windows default, without a namespace (TestGenerateSpecWithPlatform)',
    async (platform) => {
      const { spec } = await windowsPipeline().compose({ platform, namespace: '' });
      expect(printSpec(spec)).toBe(EXPECTED);
      expect(spec).toBe(windowsDefaultSpec());
      expect(spec.root).toBeDefined();
      expect(spec.process).toBeDefined();
      expect(spec.linux).toBeUndefined();
    },
  );

  it('keeps the os version of the platform in the context', async () => {
    const pipeline = windowsPipeline();
    const ctx = pipeline.context({ platform: 'windows(10.0.17763)/amd64' });
    expect(ctx.platform.osVersion).toBe('10.0.17763');
    expect(formatPlatform(ctx.platform)).toContain('windows');
    expect(printSpec(pipeline.defaultSpec(ctx))).toBe(EXPECTED);
  });

  it('leaves the default untouched when options change the spec', async () => {
    const pipeline = windowsPipeline();
    const { spec } = await pipeline.compose({
      platform: 'windows/amd64',
      opts: [
        ['withWindowsCPUCount', 4],
        ['withProcessCwd', 'D:\\app'],
      ],
    });
    expect(spec.windows?.resources?.cpu?.count).toBe(4);
    expect(spec.process?.cwd).toBe('D:\\app');
    expect(printSpec(windowsDefaultSpec())).toBe(EXPECTED);
    expect(spec.root).toBe(windowsDefaultSpec().root);
  });

  it('is not used for a linux target', async () => {
    await expect(windowsPipeline().compose({ platform: 'linux/amd64' })).rejects.toMatchObject({
      code: 'NO_DEFAULT_SPEC',
    });
  });
});
