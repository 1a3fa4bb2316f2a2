/**
 * The cdi plugin of the commands that run pipeline files (`generate`, `explain`, `bundle`), so that pipelines can
 * call `withCDIDevices`: over the `--cdi-spec-dir` directories when given (they win over a pipeline's
 * `cdiSpecDirs`), else over each pipeline's `cdiSpecDirs`, else `/etc/cdi` then `/var/run/cdi`.
 */
import * as path from 'node:path';
import type { Plugin } from '@ocispec/core';
import type { FlagValues } from './command.js';
import { listFlag } from './command.js';
import type { CliIO } from './io.js';

/** The `--cdi-spec-dir` directories, absolute from the current directory (empty: none given). */
export function cdiSpecDirs(io: CliIO, flags: FlagValues): string[] {
  return listFlag<string>(flags, 'cdi-spec-dir').map((dir) => path.resolve(io.cwd, dir));
}

/** The cdi plugin for a command line (@ocispec/cdi loaded now). */
export async function cdiPluginFor(io: CliIO, flags: FlagValues): Promise<Plugin> {
  const { cdiPlugin } = await import('@ocispec/cdi');
  const specDirs = cdiSpecDirs(io, flags);
  return specDirs.length === 0 ? cdiPlugin() : cdiPlugin({ specDirs });
}
