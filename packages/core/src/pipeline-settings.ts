/**
 * A pipeline's settings: the fields of the pipeline file format that configure plugins rather than the spec. Core
 * reads none of them; each composition hands them to its options as `ctx.settings`, and the plugin that needs one
 * reads it there (`@ocispec/cdi`'s `withCDIDevices` reads `cdiSpecDirs`). They are listed here, in the format, so
 * that pipeline files stay strict (a misspelt field is an error with a did-you-mean) and `ocispec schema`
 * describes them, while core imports no plugin. Paths are resolved from the pipeline file's directory, and what
 * they lead to is read as a file the pipeline names (`ctx.host.namedFiles`: beneath the files root, bounded).
 */
import * as path from 'node:path';
import { z } from 'zod';
import { lazySchema } from './model/lazy.js';

/** The settings fields of a pipeline definition (spread into `PipelineDefinitionSchema`); made on first use. */
export const PipelineSettingsSchema = lazySchema(() =>
  z.object({
    /**
     * CDI spec directories, lowest priority first, relative to the pipeline file: where `withCDIDevices`
     * (@ocispec/cdi) finds devices, instead of `/etc/cdi` and `/var/run/cdi` (empty: those).
     */
    cdiSpecDirs: z.array(z.string().min(1, 'expected a non-empty directory')).optional(),
  }),
);

/** A pipeline's settings as its options read them (`ctx.settings`): paths absolute. */
export interface PipelineSettings {
  /**
   * The pipeline's CDI spec directories, absolute, lowest priority first; absent (or empty) when the pipeline
   * names none. Read beneath the files root when the runner has one.
   */
  readonly cdiSpecDirs?: readonly string[];
}

/** The settings written in a pipeline definition. */
export type PipelineSettingsInput = z.infer<typeof PipelineSettingsSchema>;

/** No settings. */
export const NO_SETTINGS: PipelineSettings = Object.freeze({});

/** The settings of a definition, paths resolved from `dir` (the pipeline file's directory). */
export function resolveSettings(definition: PipelineSettingsInput, dir: string): PipelineSettings {
  if (definition.cdiSpecDirs === undefined) return NO_SETTINGS;
  return Object.freeze({
    cdiSpecDirs: Object.freeze(definition.cdiSpecDirs.map((d) => path.resolve(dir, d))),
  });
}
