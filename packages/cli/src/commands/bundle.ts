import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrozenSpec, HostPathHandle, Platform, Plugin, ResolvedOpt } from '@ocispec/core';
import {
  ensureRoot,
  formatPlatform,
  messageOf,
  OcispecError,
  PipelineRunner,
  printSpec,
} from '@ocispec/core';
import { builtinPlugins } from '../builtins.js';
import { cdiPluginFor } from '../cdi-plugin.js';
import { booleanFlag, defineCommand, listFlag, stringFlag } from '../command.js';
import { cdiSpecDirFlag, nonEmpty, pipelineTrustFlags, quietFlag, strictFlag } from '../flags.js';
import { inputLimit, pipelineAccess, readStdin } from '../input-flags.js';
import { UsageError } from '../io.js';
import { mirrorRootfs } from '../rootfs-copy.js';
import { inputPath, printWarnings } from '../runner.js';
import { inDir, openDirectory, removeTree, writeFileAtomic } from '../safe-write.js';

/** How the bundle gets its root filesystem. */
type RootfsMode = 'reference' | 'copy' | 'link';

export default defineCommand({
  name: 'bundle',
  summary: 'run a pipeline file and write an OCI bundle for runc',
  description: `Runs a pipeline file and writes an OCI bundle for runc: OUT/config.json (4-space indent) whose
root.path is the rootfs. --rootfs-mode reference (default): root.path is the rootfs's absolute real path, nothing
is copied; copy: the rootfs is copied to OUT/rootfs; link: OUT/rootfs is a tree of hard links to the rootfs's files
(same filesystem only). Refuses to replace an existing OUT/config.json (or OUT/rootfs), and --rootfs /, unless
--force; config.json is replaced atomically, never through a symlink planted in OUT.
Exit 0 on success, 1 when the pipeline or the files failed.`,
  arguments: [
    {
      name: 'FILE',
      description: 'the pipeline file, or - for standard input',
      required: true,
      complete: 'file',
    },
  ],
  flags: [
    {
      flags: '--rootfs <DIR>',
      description: 'the root filesystem (required)',
      parse: nonEmpty,
      complete: 'directory',
    },
    {
      flags: '--out <DIR>',
      description: 'the bundle directory (required)',
      parse: nonEmpty,
      complete: 'directory',
    },
    {
      flags: '--rootfs-mode <MODE>',
      description: 'reference (default), copy or link',
      choices: ['reference', 'copy', 'link'],
    },
    { flags: '--force', description: "replace an existing bundle; accept --rootfs / (the host's own root)" },
    ...pipelineTrustFlags,
    cdiSpecDirFlag,
    strictFlag,
    quietFlag,
  ],
  reference:
    'Run it with `runc run --bundle OUT ID`. Details: [e2e.md](e2e.md), [security.md](security.md#bundle-writes-nothing-planted-in-out-is-followed).',
  async run({ io, args, flags }) {
    const rootfsFlag = stringFlag(flags, 'rootfs');
    const outFlag = stringFlag(flags, 'out');
    if (rootfsFlag === undefined) throw new UsageError('bundle: --rootfs DIR is required');
    if (outFlag === undefined) throw new UsageError('bundle: --out DIR is required');
    const mode = (stringFlag(flags, 'rootfs-mode') ?? 'reference') as RootfsMode;
    const file = inputPath(io, args[0]!);
    const rootfs = realRootfs(path.resolve(io.cwd, rootfsFlag));
    const out = path.resolve(io.cwd, outFlag);
    const force = booleanFlag(flags, 'force');
    checkOut(out, rootfs, mode, force);

    // Options that read the rootfs (withUser, withAdditionalGIDs, ...) see the real rootfs while the pipeline runs;
    // root.path is then set to where the bundle keeps it.
    const finalRoot = mode === 'reference' ? rootfs : 'rootfs';
    const target: { platform?: Platform } = {};
    const runner = new PipelineRunner({
      plugins: [
        ...builtinPlugins(),
        await cdiPluginFor(io, flags),
        bundleRootPlugin(rootfs, finalRoot, target),
      ],
      pluginModules: listFlag(flags, 'plugin'),
      importModule: io.importModule,
      cwd: io.cwd,
      strict: booleanFlag(flags, 'strict'),
      ...pipelineAccess(flags, io.cwd),
    });
    const stdin = file === '-' ? await readStdin(io, inputLimit(flags)) : undefined;
    const result = await runner.runFile(file, stdin);
    if (result.kind !== 'single') {
      throw new OcispecError(
        'BAD_PIPELINE',
        `bundle: ${args[0]} is a batch; a bundle is made from a single pipeline`,
      );
    }
    if (target.platform !== undefined && target.platform.os !== 'linux') {
      throw new OcispecError(
        'BAD_PIPELINE',
        `bundle: the pipeline targets ${formatPlatform(target.platform)}; runc bundles are linux only`,
      );
    }
    printWarnings(io, runner, flags);
    writeBundle(out, rootfs, mode, result.spec);
    return 0;
  },
});

/**
 * Points `root.path` at `composeRoot` before the first option runs (so options reading the rootfs find it), and
 * at `finalRoot` after the last one: the bundle owns `root.path`, whatever the pipeline set. Records the target
 * platform in `target`.
 */
function bundleRootPlugin(composeRoot: string, finalRoot: string, target: { platform?: Platform }): Plugin {
  return {
    name: 'bundle',
    apply(pipeline) {
      pipeline.hooks.beforeApply.tap('bundle', (opts: ResolvedOpt[], ctx) => {
        target.platform = ctx.platform;
        const [first, ...rest] = opts;
        if (first === undefined) return opts;
        // Wrapping the first option (rather than inserting one) keeps option indexes in error messages unchanged.
        const wrapped: ResolvedOpt = {
          ...first,
          opt: (spec, optCtx) => {
            ensureRoot(spec).path = composeRoot;
            return first.opt(spec, optCtx);
          },
        };
        return [wrapped, ...rest];
      });
      pipeline.hooks.afterApply.tap('bundle', (spec) => {
        ensureRoot(spec).path = finalRoot;
      });
    },
  };
}

/** The rootfs's absolute real path (runc rejects a rootfs path that goes through a symlink). */
function realRootfs(dir: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    throw new OcispecError('FILE_ERROR', `bundle: rootfs ${dir} does not exist`, { file: dir });
  }
  if (!stat.isDirectory())
    throw new OcispecError('FILE_ERROR', `bundle: rootfs ${dir} is not a directory`, { file: dir });
  return fs.realpathSync(dir);
}

/** The real path of `file`, which may not exist yet: its deepest existing ancestor's real path, then the rest. */
function realPathAhead(file: string): string {
  const missing: string[] = [];
  let at = file;
  for (;;) {
    try {
      return path.join(fs.realpathSync(at), ...missing.reverse());
    } catch {
      const parent = path.dirname(at);
      if (parent === at) return file;
      missing.push(path.basename(at));
      at = parent;
    }
  }
}

/**
 * Refuses to replace what a previous bundle wrote, unless forced; refuses an OUT that cannot hold a bundle, a copy
 * into a directory inside the rootfs (or of a rootfs inside the bundle's), and the host's root as the rootfs
 * without `--force`.
 */
function checkOut(out: string, rootfs: string, mode: RootfsMode, force: boolean): void {
  if (rootfs === '/' && !force) {
    throw new OcispecError(
      'FILE_ERROR',
      "bundle: --rootfs / is the host's own root filesystem: the container would run on (and could change) the host's files; pass --force if that is really meant",
      { file: rootfs },
    );
  }
  if (lexists(out) && !fs.statSync(out).isDirectory()) {
    throw new OcispecError('FILE_ERROR', `bundle: ${out} exists and is not a directory`, { file: out });
  }
  const realOut = realPathAhead(out);
  if (mode !== 'reference' && isInside(rootfs, realOut)) {
    throw new OcispecError('FILE_ERROR', `bundle: --out ${out} is inside the rootfs ${rootfs}`, {
      file: out,
    });
  }
  const taken = [
    path.join(out, 'config.json'),
    ...(mode === 'reference' ? [] : [path.join(out, 'rootfs')]),
  ].filter((p) => lexists(p));
  if (taken.length > 0 && !force) {
    throw new OcispecError(
      'FILE_ERROR',
      `bundle: ${taken[0]} already exists (use --force to replace the bundle)`,
      {
        file: taken[0],
      },
    );
  }
  if (mode !== 'reference' && isInside(path.join(realOut, 'rootfs'), rootfs)) {
    throw new OcispecError(
      'FILE_ERROR',
      `bundle: the rootfs ${rootfs} is the bundle's own rootfs; use --rootfs-mode reference`,
      { file: rootfs },
    );
  }
}

/**
 * Writes OUT/rootfs (copy, link) and OUT/config.json through a handle on OUT (see safe-write.ts: exclusive,
 * unpredictable temporary files, an atomic rename, removals that follow no link); on failure removes what this
 * call created.
 */
function writeBundle(out: string, rootfs: string, mode: RootfsMode, spec: FrozenSpec): void {
  const createdOut = !lexists(out);
  let outDir: HostPathHandle | undefined;
  try {
    fs.mkdirSync(out, { recursive: true });
    outDir = openDirectory(out);
    if (mode !== 'reference') {
      removeTree(outDir, 'rootfs');
      copyRootfs(outDir, rootfs, mode);
    }
    writeFileAtomic(outDir, 'config.json', `${printSpec(spec, { indent: 4 })}\n`);
  } catch (error) {
    cleanUp(out, outDir, mode, createdOut);
    if (error instanceof OcispecError) throw error;
    throw new OcispecError('FILE_ERROR', `bundle: writing ${out}: ${messageOf(error)}`, {
      file: out,
      cause: error,
    });
  } finally {
    outDir?.close();
  }
}

/** OUT/rootfs as a copy (or hard links) of the rootfs, created 0700 and given the rootfs's mode at the end. */
function copyRootfs(outDir: HostPathHandle, rootfs: string, mode: 'copy' | 'link'): void {
  fs.mkdirSync(inDir(outDir, 'rootfs'), 0o700);
  const destination = openDirectory(inDir(outDir, 'rootfs'));
  try {
    const source = openDirectory(rootfs);
    try {
      mirrorRootfs(source, rootfs, destination, mode);
    } finally {
      source.close();
    }
  } finally {
    destination.close();
  }
}

/** After a failure: the partial OUT/rootfs goes, and OUT itself when this call created it. */
function cleanUp(
  out: string,
  outDir: HostPathHandle | undefined,
  mode: RootfsMode,
  createdOut: boolean,
): void {
  try {
    if (outDir !== undefined && mode !== 'reference') removeTree(outDir, 'rootfs');
    if (createdOut) {
      const parent = openDirectory(path.dirname(out));
      try {
        removeTree(parent, path.basename(out));
      } finally {
        parent.close();
      }
    }
  } catch {
    // The first error is the one to report.
  }
}

function lexists(file: string): boolean {
  try {
    fs.lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/** True when `child` is `parent` or below it. */
function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
