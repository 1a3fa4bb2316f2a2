/**
 * The `base` field of a pipeline file: `null` (the platform default), a base spec file, an inline spec (which must
 * name its `ociVersion`), or one of base-spec's modes: `{ "mode": "replace", "file" }`, `{ "mode": "merge",
 * "file" }` (a fragment merged over the platform default) and `{ "mode": "layers", "files", "over"? }`.
 */

import { z } from 'zod';
import { didYouMean } from './did-you-mean.js';
import { lazySchema } from './model/lazy.js';
import { jsonTypeOf } from './spec-file.js';

/**
 * A base given by mode, as `@ocispec/base-spec`'s `BaseSource` spells it. Made on first use (see model/lazy.ts), as
 * `PipelineBaseSchema`: a pipeline without a `base` never builds them.
 */
export const BaseModeSchema = lazySchema(() =>
  z.discriminatedUnion('mode', [
    z.strictObject({ mode: z.literal('replace'), file: z.string().min(1) }),
    z.strictObject({ mode: z.literal('merge'), file: z.string().min(1) }),
    z.strictObject({
      mode: z.literal('layers'),
      files: z.array(z.string().min(1)).min(1),
      over: z.enum(['default', 'first']).optional(),
    }),
  ]),
);

/** A base given by mode. */
export type BaseMode = z.infer<typeof BaseModeSchema>;

/**
 * An inline base spec: a JSON object naming its `ociVersion` (checked as a spec when the pipeline runs). Built at
 * import: its description is registered with zod's metadata for the schema itself, which a stand-in is not.
 */
export const InlineBaseSchema = z
  .looseObject({ ociVersion: z.string() })
  .meta({ description: 'An inline runtime spec (config.json); ociVersion is required.' });

/** The JSON Schema of `base` (for `ocispec schema`): what a user may write, whatever checks follow. */
export const PipelineBaseSchema = lazySchema(() =>
  z.union([z.null(), z.string(), BaseModeSchema, InlineBaseSchema]),
);

const MODES = ['replace', 'merge', 'layers'];

/**
 * Checks a pipeline's `base`: a problem is `{ pointer, message }` relative to the pipeline (`/base/...`), or
 * undefined when the base is well-formed.
 */
export function baseProblem(base: unknown): { pointer: string; message: string } | undefined {
  if (base === undefined || base === null || typeof base === 'string') return undefined;
  if (typeof base !== 'object' || Array.isArray(base)) {
    return {
      pointer: '/base',
      message: 'expected null, a file name, an inline spec or a { "mode": ... } object',
    };
  }
  if (Object.hasOwn(base, 'mode')) {
    const mode = (base as { mode: unknown }).mode;
    if (typeof mode !== 'string' || !MODES.includes(mode)) {
      const hint = typeof mode === 'string' ? didYouMean(mode, MODES) : '';
      return {
        pointer: '/base/mode',
        message: `unknown base mode ${JSON.stringify(mode)} (replace, merge or layers)${hint}`,
      };
    }
    const allowed = mode === 'layers' ? ['mode', 'files', 'over'] : ['mode', 'file'];
    const unknown = Object.keys(base).find((key) => !allowed.includes(key));
    if (unknown !== undefined) {
      return {
        pointer: '/base',
        message: `unknown field ${JSON.stringify(unknown)} of a ${mode} base${didYouMean(unknown, allowed)}`,
      };
    }
    const parsed = BaseModeSchema.safeParse(base);
    if (parsed.success) return undefined;
    const issue = parsed.error.issues[0]!;
    return { pointer: `/base${issue.path.map((p) => `/${String(p)}`).join('')}`, message: issue.message };
  }
  if (!Object.hasOwn(base, 'ociVersion')) {
    return {
      pointer: '/base',
      message:
        'an inline base must name its ociVersion (or use { "mode": "merge", "file": ... } for a fragment)',
    };
  }
  const version = (base as { ociVersion: unknown }).ociVersion;
  if (typeof version !== 'string')
    return { pointer: '/base/ociVersion', message: `expected string, received ${jsonTypeOf(version)}` };
  return undefined;
}
