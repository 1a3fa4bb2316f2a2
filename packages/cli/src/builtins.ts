import type { Plugin } from '@ocispec/core';
import { corePlugin } from '@ocispec/core';
import { linuxPlugin } from '@ocispec/linux';
import { windowsPlugin } from '@ocispec/windows';

/** The plugins every CLI pipeline starts with: core options, the linux and windows defaults and options. */
export function builtinPlugins(): Plugin[] {
  return [corePlugin(), linuxPlugin(), windowsPlugin()];
}
