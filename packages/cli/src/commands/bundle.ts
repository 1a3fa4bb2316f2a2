import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FrozenSpec, Platform, Plugin, ResolvedOpt } from '@ocispec/core';
import { ensureRoot, formatPlatform, OcispecError, PipelineRunner, printSpec } from '@ocispec/core';
import { parseCommandArgs } from '../args.js';
import { builtinPlugins } from '../builtins.js';
import type { CliIO } from '../io.js';
import { UsageError } from '../io.js';
import { printWarnings } from '../runner.js';

export const bundleUsage = `ocispec bundle FILE|- --rootfs DIR --out DIR [--rootfs-mode reference|copy|link] [--force]
               [--plugin MODULE]... [--strict] [--quiet]
  Runs a pipeline file and writes an OCI bundle for runc: OUT/config.json (4-space indent) whose root.path is the
  rootfs. --rootfs-mode reference (default): root.path is the rootfs's absolute real path, nothing is copied;
  copy: the rootfs is copied to OUT/rootfs; link: OUT/rootfs is a tree of hard links to the rootfs's files (same
  filesystem only). Refuses to replace an existing OUT/config.json (or OUT/rootfs) unless --force.
  Exit 0 on success, 1 when the pipeline or the files failed.`;

/** How the bundle gets its root filesystem. */
type RootfsMode = 'reference' | 'copy' | 'link';

const MODES: readonly RootfsMode[] = ['reference', 'copy', 'link'];

/** `ocispec bundle`: a pipeline file → `OUT/config.json` (+ `OUT/rootfs` when copied or linked). */
export async function bundleCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('bundle', argv, {
    rootfs: { type: 'string' },
    out: { type: 'string' },
    'rootfs-mode': { type: 'string' },
    force: { type: 'boolean' },
    plugin: { type: 'string', multiple: true },
    strict: { type: 'boolean' },
    quiet: { type: 'boolean' },
  });
  if (positionals.length !== 1) throw new UsageError('bundle: expected one FILE (or - for standard input)');
  if (typeof values.rootfs !== 'string' || values.rootfs === '')
    throw new UsageError('bundle: --rootfs DIR is required');
  if (typeof values.out !== 'string' || values.out === '')
    throw new UsageError('bundle: --out DIR is required');
  const modeValue = (values['rootfs-mode'] as string | undefined) ?? 'reference';
  if (!MODES.includes(modeValue as RootfsMode)) {
    throw new UsageError(
      `bundle: --rootfs-mode must be reference, copy or link (got ${JSON.stringify(modeValue)})`,
    );
  }
  const mode = modeValue as RootfsMode;
  const file = positionals[0]!;
  const rootfs = realRootfs(path.resolve(io.cwd, values.rootfs));
  const out = path.resolve(io.cwd, values.out);
  const force = values.force === true;
  checkOut(out, rootfs, mode, force);

  // Options that read the rootfs (withUser, withAdditionalGIDs, ...) see the real rootfs while the pipeline runs;
  // root.path is then set to where the bundle keeps it.
  const finalRoot = mode === 'reference' ? rootfs : 'rootfs';
  const target: { platform?: Platform } = {};
  const runner = new PipelineRunner({
    plugins: [...builtinPlugins(), bundleRootPlugin(rootfs, finalRoot, target)],
    pluginModules: (values.plugin as string[] | undefined) ?? [],
    cwd: io.cwd,
    strict: values.strict === true,
  });
  const stdin = file === '-' ? await io.stdin() : undefined;
  const result = await runner.runFile(file === '-' ? '-' : path.resolve(io.cwd, file), stdin);
  if (result.kind !== 'single') {
    throw new OcispecError(
      'BAD_PIPELINE',
      `bundle: ${file} is a batch; a bundle is made from a single pipeline`,
    );
  }
  if (target.platform !== undefined && target.platform.os !== 'linux') {
    throw new OcispecError(
      'BAD_PIPELINE',
      `bundle: the pipeline targets ${formatPlatform(target.platform)}; runc bundles are linux only`,
    );
  }
  printWarnings(io, runner, values);
  writeBundle(out, rootfs, mode, result.spec);
  return 0;
}

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
function writeBundle(out: string, rootfs: string, mode: RootfsMode, spec: FrozenSpec): void {
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
