/** The pipeline of the discovery commands (`options`, `schema`, `completion`): built-ins plus `--plugin` modules. */
import * as path from 'node:path';
import type { Plugin } from '@ocispec/core';
import { Pipeline } from '@ocispec/core';
import { loadPlugin, resolveModule } from '@ocispec/core/internal';
import { builtinPlugins } from './builtins.js';
import type { FlagValues } from './command.js';
import { listFlag } from './command.js';
import type { CliIO } from './io.js';

/** The `--plugin MODULE` flag of the discovery commands (an explicit module is the user's consent to load it). */
export const pluginFlag = {
  flags: '--plugin <MODULE>',
  description: "include a plugin module's options (path or package, resolved from the current directory)",
  repeatable: true,
  complete: 'file' as const,
};

/** A pipeline with the built-in plugins, cri's and cdi's options and every `--plugin` module. */
export async function discoveryPipeline(io: CliIO, flags: FlagValues): Promise<Pipeline> {
  const { criPlugin } = await import('@ocispec/cri');
  const { cdiPlugin } = await import('@ocispec/cdi');
  const extra: Plugin[] = [];
  for (const module of listFlag(flags, 'plugin')) {
    const file = resolveModule(module, io.cwd);
    extra.push(await loadPlugin(path.isAbsolute(file) ? file : module, '--plugin', io.importModule));
  }
  return new Pipeline({ plugins: [...builtinPlugins(), criPlugin(), cdiPlugin(), ...extra] });
}
