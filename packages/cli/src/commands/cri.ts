import * as path from 'node:path';
import type { FrozenSpec } from '@ocispec/core';
import { OcispecError, parseJsonBytes, printSpec } from '@ocispec/core';
import { DEFAULT_MAX_INPUT_BYTES, nodeHostFS, readFileChecked } from '@ocispec/core/internal';
import type {
  CriBuildOptions,
  CriCompositionPlan,
  ParsedContainerSpecInput,
  ParsedSandboxSpecInput,
} from '@ocispec/cri';
import type { FlagDefinition, FlagValues } from '../command.js';
import { defineCommand, listFlag } from '../command.js';
import { cdiSpecDirFlag, indentFlag, indentOf, maxInputSizeFlag } from '../flags.js';
import { maxInputBytes, readStdin } from '../input-flags.js';
import type { CliIO } from '../io.js';
import { UsageError } from '../io.js';

export type CriKind = 'container' | 'sandbox';

/**
 * `--cdi-spec-dir DIR` (repeatable): where the container's CDI devices are looked up, lowest priority first,
 * replacing the input's `cri.cdiSpecDirs` and the defaults (`/etc/cdi`, `/var/run/cdi`): containerd's
 * `cdi_spec_dirs`.
 */
const criCdiSpecDirFlag: FlagDefinition = {
  ...cdiSpecDirFlag,
  description:
    "a container's CDI specs are read from DIR, lowest priority first, instead of the input's cri.cdiSpecDirs (default /etc/cdi, /var/run/cdi)",
};

/** The input with `--cdi-spec-dir`'s directories (resolved from the current directory) as `cri.cdiSpecDirs`. */
function withCdiSpecDirs(
  input: ParsedContainerSpecInput,
  flags: FlagValues,
  cwd: string,
): ParsedContainerSpecInput {
  const dirs = listFlag(flags, 'cdi-spec-dir');
  if (dirs.length === 0) return input;
  return { ...input, cri: { ...input.cri, cdiSpecDirs: dirs.map((d) => path.resolve(cwd, d)) } };
}

/** A CRI input file, parsed and checked, with relative paths resolved from its directory. */
type CriInputFile =
  | { readonly kind: 'container'; readonly input: ParsedContainerSpecInput }
  | { readonly kind: 'sandbox'; readonly input: ParsedSandboxSpecInput };

function absolute(dir: string, p: string | undefined): string | undefined {
  return p === undefined || p === '' ? p : path.resolve(dir, p);
}

/** Reads a CRI input file (`-` is standard input; the safe read, at most `maxBytes`); errors name the file. */
async function readCriInput(
  kind: CriKind,
  file: string,
  io: CliIO,
  maxBytes = DEFAULT_MAX_INPUT_BYTES,
): Promise<CriInputFile> {
  const where = file === '-' ? '<stdin>' : path.resolve(io.cwd, file);
  const dir = file === '-' ? io.cwd : path.dirname(where);
  const bytes = file === '-' ? await readStdin(io, maxBytes) : readFileChecked(where, nodeHostFS, maxBytes);
  const { parseContainerSpecInput, parseSandboxSpecInput } = await import('@ocispec/cri');
  try {
    const json = parseJsonBytes(bytes, { source: where });
    if (kind === 'container') {
      const input = parseContainerSpecInput(json as never);
      checkContainerInput(json, where);
      const runtime =
        input.runtime === undefined
          ? undefined
          : { ...input.runtime, baseRuntimeSpec: absolute(dir, input.runtime.baseRuntimeSpec) };
      const specDirs = input.cri?.cdiSpecDirs;
      const cri =
        specDirs == null
          ? undefined
          : { ...input.cri, cdiSpecDirs: specDirs.map((d) => path.resolve(dir, d)) };
      return {
        kind,
        input: {
          ...input,
          ...(runtime ? { runtime } : {}),
          ...(cri ? { cri } : {}),
          rootfs: absolute(dir, input.rootfs),
        },
      };
    }
    const input = parseSandboxSpecInput(json as never);
    return { kind, input: { ...input, rootfs: absolute(dir, input.rootfs) } };
  } catch (error) {
    throw namingFile(error, where);
  }
}

/** An error naming `where` in front (once). */
function namingFile(error: unknown, where: string): unknown {
  if (error instanceof OcispecError && !error.message.startsWith(where)) {
    return new OcispecError(error.code, `${where}: ${error.message}`, {
      file: where,
      pointer: error.pointer,
      cause: error,
    });
  }
  return error;
}

/**
 * A container's input must name its sandbox's pid (containerd always has one): without it the namespaces would
 * be `/proc/0/ns/*`. A sandbox input given to `cri container` fails here, saying so.
 */
function checkContainerInput(json: unknown, where: string): void {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return;
  const input = json as { sandboxPid?: unknown; platform?: unknown; config?: { metadata?: object } };
  if (typeof input.platform === 'string' && input.platform.startsWith('windows')) return;
  if (typeof input.sandboxPid === 'number' && input.sandboxPid > 0) return;
  const metadata = input.config?.metadata;
  const looksLikeSandbox =
    typeof metadata === 'object' && metadata !== null && ('uid' in metadata || 'namespace' in metadata);
  throw new OcispecError(
    'BAD_ARGUMENT',
    `${where}: /sandboxPid: a container needs its sandbox's pid (a positive integer)${
      looksLikeSandbox ? '; this looks like a sandbox input: use ocispec cri sandbox' : ''
    }`,
    { file: where, pointer: '/sandboxPid' },
  );
}

/**
 * The composition a CRI input file runs (for `ocispec explain` and other tools): its platform, namespace, id,
 * base and every option, as `containerSpecPlan` / `sandboxSpecPlan` build it.
 */
export async function criCompositionPlan(
  kind: CriKind,
  file: string,
  io: CliIO,
  maxBytes?: number,
): Promise<CriCompositionPlan> {
  const read = await readCriInput(kind, file, io, maxBytes);
  const { containerSpecPlan, sandboxSpecPlan } = await import('@ocispec/cri');
  return read.kind === 'container' ? containerSpecPlan(read.input) : sandboxSpecPlan(read.input);
}

/** `--max-input-size` for the base runtime spec too: CRI's default pipeline, over a store with that limit. */
async function buildOptions(maxBytes: number | undefined): Promise<CriBuildOptions> {
  if (maxBytes === undefined) return {};
  const [{ criPipeline }, { BaseSpecStore }] = await Promise.all([
    import('@ocispec/cri'),
    import('@ocispec/base-spec'),
  ]);
  const pipeline = criPipeline();
  return { pipeline, store: new BaseSpecStore({ pipeline, maxBytes }) };
}

export default defineCommand({
  name: 'cri',
  summary: "the spec containerd's CRI builds for a container or a pod sandbox",
  description: `Prints the spec containerd's CRI builds for a container (CreateContainer) or a pod's pause
container (RunPodSandbox). FILE holds the inputs as JSON: the CRI config (camelCase, as the CRI v1 proto JSON), the
pod's sandboxConfig, the image's imageConfig, runtime (baseRuntimeSpec, cgroupWritable ...), cri settings, rootfs;
a container's input names its sandboxPid. Relative baseRuntimeSpec, rootfs and cri.cdiSpecDirs paths are resolved
from FILE's directory; --cdi-spec-dir replaces cri.cdiSpecDirs (where the container's CDI devices are found);
errors name FILE and the field; --max-input-size bounds FILE and the base runtime spec it names. See docs/cri.md.
Exit 0, 1 bad input, 2 usage error.`,
  arguments: [
    { name: 'KIND', description: 'container or sandbox', required: true, choices: ['container', 'sandbox'] },
    {
      name: 'FILE',
      description: 'the input file, or - for standard input',
      required: true,
      complete: 'file',
    },
  ],
  flags: [indentFlag, maxInputSizeFlag, criCdiSpecDirFlag],
  async run({ io, args, flags }) {
    const kind = args[0] as CriKind;
    const file = args[1]!;
    const maxBytes = maxInputBytes(flags);
    if (kind === 'sandbox' && listFlag(flags, 'cdi-spec-dir').length > 0) {
      throw new UsageError('--cdi-spec-dir is for a container: a pod sandbox gets no CDI devices');
    }
    const read = await readCriInput(kind, file, io, maxBytes);
    const { containerSpec, sandboxSpec } = await import('@ocispec/cri');
    const build = await buildOptions(maxBytes);
    const where = file === '-' ? '<stdin>' : path.resolve(io.cwd, file);
    let spec: FrozenSpec;
    try {
      ({ spec } =
        read.kind === 'container'
          ? await containerSpec(withCdiSpecDirs(read.input, flags, io.cwd), build)
          : await sandboxSpec(read.input, build));
    } catch (error) {
      throw namingFile(error, where);
    }
    io.stdout(`${printSpec(spec, { indent: indentOf(flags) })}\n`);
    return 0;
  },
});
