import * as path from 'node:path';
import { OcispecError, parseJsonBytes, printSpec } from '@ocispec/core';
import { readFileChecked } from '@ocispec/core/internal';
import type { CriCompositionPlan, ParsedContainerSpecInput, ParsedSandboxSpecInput } from '@ocispec/cri';
import {
  containerSpec,
  containerSpecPlan,
  parseContainerSpecInput,
  parseSandboxSpecInput,
  sandboxSpec,
  sandboxSpecPlan,
} from '@ocispec/cri';
import { indentOf, parseCommandArgs } from '../args.js';
import type { CliIO } from '../io.js';
import { UsageError } from '../io.js';

export const criUsage = `ocispec cri container|sandbox FILE|- [--indent N]
  Prints the spec containerd's CRI builds for a container (CreateContainer) or a pod's pause container
  (RunPodSandbox). FILE holds the inputs as JSON: the CRI config (camelCase, as the CRI v1 proto JSON), the pod's
  sandboxConfig, the image's imageConfig, runtime (baseRuntimeSpec, cgroupWritable ...), cri settings, rootfs.
  Relative baseRuntimeSpec and rootfs paths are resolved from FILE's directory. See docs/cri.md.`;

export type CriKind = 'container' | 'sandbox';

/** A CRI input file, parsed and checked, with relative paths resolved from its directory. */
type CriInputFile =
  | { readonly kind: 'container'; readonly input: ParsedContainerSpecInput }
  | { readonly kind: 'sandbox'; readonly input: ParsedSandboxSpecInput };

function absolute(dir: string, p: string | undefined): string | undefined {
  return p === undefined || p === '' ? p : path.resolve(dir, p);
}

/** Reads a CRI input file (`-` is standard input); errors name the file. */
async function readCriInput(kind: CriKind, file: string, io: CliIO): Promise<CriInputFile> {
  const where = file === '-' ? '<stdin>' : path.resolve(io.cwd, file);
  const dir = file === '-' ? io.cwd : path.dirname(where);
  const bytes = file === '-' ? await io.stdin() : readFileChecked(where);
  try {
    const json = parseJsonBytes(bytes, { source: where });
    if (kind === 'container') {
      const input = parseContainerSpecInput(json as never);
      const runtime =
        input.runtime === undefined
          ? undefined
          : { ...input.runtime, baseRuntimeSpec: absolute(dir, input.runtime.baseRuntimeSpec) };
      return {
        kind,
        input: { ...input, ...(runtime ? { runtime } : {}), rootfs: absolute(dir, input.rootfs) },
      };
    }
    const input = parseSandboxSpecInput(json as never);
    return { kind, input: { ...input, rootfs: absolute(dir, input.rootfs) } };
  } catch (error) {
    if (error instanceof OcispecError && !error.message.startsWith(where)) {
      throw new OcispecError(error.code, `${where}: ${error.message}`, {
        file: where,
        pointer: error.pointer,
        cause: error,
      });
    }
    throw error;
  }
}

/**
 * The composition a CRI input file runs (for `ocispec explain` and other tools): its platform, namespace, id,
 * base and every option, as `containerSpecPlan` / `sandboxSpecPlan` build it.
 */
export async function criCompositionPlan(
  kind: CriKind,
  file: string,
  io: CliIO,
): Promise<CriCompositionPlan> {
  const read = await readCriInput(kind, file, io);
  return read.kind === 'container' ? containerSpecPlan(read.input) : sandboxSpecPlan(read.input);
}

/** `ocispec cri container|sandbox FILE`: the CRI spec as canonical JSON. */
export async function criCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('cri', argv, { indent: { type: 'string' } });
  const [kind, file, ...extra] = positionals;
  if (kind !== 'container' && kind !== 'sandbox') {
    throw new UsageError(`cri: expected container or sandbox, got ${JSON.stringify(kind ?? '')}`);
  }
  if (file === undefined) throw new UsageError(`cri ${kind}: FILE is required`);
  if (extra.length > 0) throw new UsageError(`cri: unexpected argument ${extra[0]}`);
  const indent = indentOf('cri', values.indent);
  const read = await readCriInput(kind, file, io);
  const { spec } =
    read.kind === 'container' ? await containerSpec(read.input) : await sandboxSpec(read.input);
  io.stdout(`${printSpec(spec, { indent })}\n`);
  return 0;
}
