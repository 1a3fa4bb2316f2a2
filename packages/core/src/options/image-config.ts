/**
 * The OCI image config as `withImageConfig`/`withImageConfigArgs` take it: the image's config JSON (image-spec
 * `v1.Image`, what `docker inspect`'s config blob holds), whose `config` field is the `v1.ImageConfig` the options
 * read. Unknown fields are allowed at both levels; keys match exactly (Go's decoder would also accept other cases).
 */
import { z } from 'zod';
import { lazySchema } from '../model/lazy.js';

const nullableStrings = z.array(z.string()).nullable().optional();

/** image-spec `v1.ImageConfig` (Docker's `ContainerConfig` subset): what a container runs and how. */
export const ImageConfigSchema = lazySchema(() =>
  z.looseObject({
    User: z.string().optional(),
    ExposedPorts: z.record(z.string(), z.unknown()).nullable().optional(),
    Env: nullableStrings,
    Entrypoint: nullableStrings,
    Cmd: nullableStrings,
    Volumes: z.record(z.string(), z.unknown()).nullable().optional(),
    WorkingDir: z.string().optional(),
    Labels: z.record(z.string(), z.string()).nullable().optional(),
    StopSignal: z.string().optional(),
    /** Deprecated in image-spec; Windows images set it when Entrypoint/Cmd are pre-escaped command lines. */
    ArgsEscaped: z.boolean().optional(),
  }),
);
export type ImageConfig = z.infer<typeof ImageConfigSchema>;

/** image-spec `v1.Image`: the image config blob; `os` and `config` are what the options read. */
export const OCIImageSchema = lazySchema(() =>
  z.looseObject({
    created: z.string().optional(),
    author: z.string().optional(),
    architecture: z.string().optional(),
    os: z.string().optional(),
    'os.version': z.string().optional(),
    'os.features': z.array(z.string()).nullable().optional(),
    variant: z.string().optional(),
    config: z.optional(z.nullable(ImageConfigSchema)),
    rootfs: z.unknown().optional(),
    history: z.unknown().optional(),
  }),
);
export type OCIImage = z.infer<typeof OCIImageSchema>;

/** The `config` of an image, `{}` when absent or `null` (Go's zero `ImageConfig`). */
export function imageConfigOf(image: OCIImage): ImageConfig {
  return image.config ?? {};
}
