/**
 * The JSON Schema of pipeline files (`ocispec schema`), generated from a pipeline's registry: the pipeline fields
 * (core's zod schema) and, for `opts`, one `["name", ...arguments]` shape per registered option, its arguments
 * from the option's definition (`jsonSchema()`: Go integers as `integer` with their range and Go type). An editor given it (`"$schema"` in the file, or a YAML language server's
 * modeline) completes option names and checks arguments.
 */
import type { RegisteredOpt } from '@ocispec/core';
import { PipelineDefinitionSchema } from '@ocispec/core/schemas';
import { z } from 'zod';

type JsonSchema = Record<string, unknown>;

const OPTIONS = {
  io: 'input',
  unrepresentable: 'any',
  target: 'draft-2020-12',
  // A bigint is an integer in JSON (exact in ocispec's parser).
  override: (ctx: { zodSchema: { _zod: { def: { type: string } } }; jsonSchema: JsonSchema }) => {
    if (ctx.zodSchema._zod.def.type === 'bigint') ctx.jsonSchema.type = 'integer';
  },
} as const;

function toJsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, OPTIONS as never) as JsonSchema;
  return rest;
}

/** One option call's schema: `[name, ...arguments]`, arity checked. */
export function optionCallSchema(option: RegisteredOpt): JsonSchema {
  const args = option.definition.jsonSchema() as JsonSchema;
  const prefix = (args.prefixItems as JsonSchema[] | undefined) ?? [];
  const rest = args.items as JsonSchema | false | undefined;
  return {
    type: 'array',
    description: option.definition.doc,
    prefixItems: [{ const: option.name }, ...prefix],
    items: rest === undefined ? false : rest,
    minItems: 1 + ((args.minItems as number | undefined) ?? prefix.length),
  };
}

/** The whole schema: a pipeline object, or an array of them (a batch). */
export function pipelineFileSchema(options: readonly RegisteredOpt[]): JsonSchema {
  const pipeline = toJsonSchema(PipelineDefinitionSchema);
  const properties = { ...(pipeline.properties as Record<string, JsonSchema>) };
  properties.opts = {
    type: 'array',
    description: 'the options, in order: ["name", ...arguments]',
    items: { anyOf: options.map(optionCallSchema) },
  };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'ocispec pipeline file',
    $defs: { pipeline: { ...pipeline, properties } },
    anyOf: [{ $ref: '#/$defs/pipeline' }, { type: 'array', items: { $ref: '#/$defs/pipeline' } }],
  };
}
