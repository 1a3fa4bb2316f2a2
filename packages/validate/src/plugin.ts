/** `validatePlugin`: runs {@link validateInto} in a pipeline's `validate` hook. */
import type { Plugin } from '@ocispec/core';
import type { ValidateOptions } from './validate.js';
import { validateInto } from './validate.js';

/** Options of {@link validatePlugin}: the platform and host come from the composition's context. */
export type ValidatePluginOptions = Omit<ValidateOptions, 'platform' | 'host'>;

/**
 * A plugin that validates every composed spec (schema, semantic checks, host checks on request) for the
 * composition's target platform and with its host access. With `compose({ validate: true })` (the CLI's
 * `generate --validate`) an error fails the composition.
 */
export function validatePlugin(options: ValidatePluginOptions = {}): Plugin {
  return {
    name: 'validate',
    apply(pipeline) {
      pipeline.hooks.validate.tap('validate', (spec, report, ctx) => {
        validateInto(spec, report, { ...options, platform: ctx.platform, host: ctx.host });
      });
    },
  };
}
