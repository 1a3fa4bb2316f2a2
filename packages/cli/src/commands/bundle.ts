import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Platform, Plugin, ResolvedOpt, Spec } from '@ocispec/core';
import { ensureRoot, formatPlatform, OcispecError, PipelineRunner, printSpec } from '@ocispec/core';
import { builtinPlugins } from '../builtins.js';
import { booleanFlag, defineCommand, listFlag, stringFlag } from '../command.js';
import { nonEmpty } from '../flags.js';
import { UsageError } from '../io.js';
import { inputPath, printWarnings } from '../runner.js';

/** How the bundle gets its root filesystem. */
type RootfsMode = 'reference' | 'copy' | 'link';

export default defineCommand({
  name: 'bundle',
  summary: 'run a pipeline file and write an OCI bundle for runc',
  description: `Runs a pipeline file and writes an OCI bundle for runc: OUT/config.json (4-space indent) whose
root.path is the rootfs. --rootfs-mode reference (default): root.path is the rootfs's absolute real path, nothing
is copied; copy: the rootfs is copied to OUT/rootfs; link: OUT/rootfs is a tree of hard links to the rootfs's files
(same filesystem only). Refuses to replace an existing OUT/config.json (or OUT/rootfs) unless --force.
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
    { flags: '--force', description: 'replace an existing bundle' },
    {
      flags: '--plugin <MODULE>',
      description: 'add a plugin module (path or package, resolved from the current directory)',
      repeatable: true,
      parse: nonEmpty,
      complete: 'file',
    },
    { flags: '--strict', description: 'reject unknown fields in base specs' },
    { flags: '--quiet', description: 'do not print warnings' },
  ],
  reference: 'Run it with `runc run --bundle OUT ID`. Details: [e2e.md](e2e.md).',
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
      plugins: [...builtinPlugins(), bundleRootPlugin(rootfs, finalRoot, target)],
      pluginModules: listFlag(flags, 'plugin'),
      cwd: io.cwd,
      strict: booleanFlag(flags, 'strict'),
    });
    const stdin = file === '-' ? await io.stdin() : undefined;
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

/** Refuses to replace what a previous bundle wrote, unless forced; refuses an OUT that cannot hold a bundle. */
function checkOut(out: string, rootfs: string, mode: RootfsMode, force: boolean): void {
  if (fs.existsSync(out) && !fs.statSync(out).isDirectory()) {
    throw new OcispecError('FILE_ERROR', `bundle: ${out} exists and is not a directory`, { file: out });
  }
  const realOut = fs.existsSync(out) ? fs.realpathSync(out) : out;
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
  if (mode !== 'reference' && lexists(path.join(out, 'rootfs'))) {
    const bundled = path.join(realOut, 'rootfs');
    if (isInside(bundled, rootfs) || bundled === rootfs) {
      throw new OcispecError(
        'FILE_ERROR',
        `bundle: the rootfs ${rootfs} is the bundle's own rootfs; use --rootfs-mode reference`,
        { file: rootfs },
      );
    }
  }
}

/** Writes OUT/rootfs (copy, link) and OUT/config.json; on failure removes what this call created. */
function writeBundle(out: string, rootfs: string, mode: RootfsMode, spec: Spec): void {
  const createdOut = !fs.existsSync(out);
  const bundledRoot = path.join(out, 'rootfs');
  try {
    fs.mkdirSync(out, { recursive: true });
    if (mode !== 'reference') {
      fs.rmSync(bundledRoot, { recursive: true, force: true });
      mirrorTree(rootfs, bundledRoot, mode);
    }
    const config = path.join(out, 'config.json');
    const temporary = path.join(out, `.config.json.${process.pid}.tmp`);
    fs.writeFileSync(temporary, `${printSpec(spec, { indent: 4 })}\n`);
    fs.renameSync(temporary, config);
  } catch (error) {
    if (mode !== 'reference') fs.rmSync(bundledRoot, { recursive: true, force: true });
    if (createdOut) fs.rmSync(out, { recursive: true, force: true });
    if (error instanceof OcispecError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new OcispecError('FILE_ERROR', `bundle: writing ${out}: ${message}`, { file: out, cause: error });
  }
}

/**
 * Recreates the tree `src` at `dst`: directories with their mode and owner, symlinks as they are (never followed),
 * regular files copied (`copy`) or hard-linked (`link`). Device nodes, FIFOs and sockets cannot be copied.
 */
function mirrorTree(src: string, dst: string, mode: 'copy' | 'link'): void {
  const stat = fs.lstatSync(src);
  if (stat.isDirectory()) {
    fs.mkdirSync(dst);
    for (const name of fs.readdirSync(src)) mirrorTree(path.join(src, name), path.join(dst, name), mode);
    chownIfRoot(dst, stat);
    fs.chmodSync(dst, stat.mode & 0o7777);
  } else if (stat.isSymbolicLink()) {
    fs.symlinkSync(fs.readlinkSync(src), dst);
    chownIfRoot(dst, stat);
  } else if (stat.isFile()) {
    if (mode === 'link') {
      try {
        fs.linkSync(src, dst);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EXDEV') {
          throw new OcispecError(
            'FILE_ERROR',
            `bundle: cannot hard-link ${src} into ${dst}: another filesystem; use --rootfs-mode copy or reference`,
            { file: src, cause: error },
          );
        }
        throw error;
      }
    } else {
      fs.copyFileSync(src, dst);
      chownIfRoot(dst, stat); // before chmod: chown clears the setuid and setgid bits
      fs.chmodSync(dst, stat.mode & 0o7777);
    }
  } else {
    throw new OcispecError(
      'FILE_ERROR',
      `bundle: cannot ${mode} special file ${src} (device, FIFO or socket); use --rootfs-mode reference`,
      { file: src },
    );
  }
}

/** Keeps the owner when running as root (as `cp -a` does); a non-root copy is owned by its user. */
function chownIfRoot(file: string, stat: fs.Stats): void {
  if (process.getuid?.() === 0) fs.lchownSync(file, stat.uid, stat.gid);
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
