import { ANY_LAYOUT, printJson } from '@ocispec/core';
import { defineCommand } from '../command.js';
import { pipelineFileSchema } from '../pipeline-schema.js';
import { discoveryPipeline, pluginFlag } from '../plugins.js';

export default defineCommand({
  name: 'schema',
  summary: 'print the JSON Schema of pipeline files (for editors)',
  description: `Prints a JSON Schema (draft 2020-12) of pipeline files, generated from the option registry
(--plugin modules' options included): the pipeline fields, and for "opts" every option's name and argument shapes.
Save it and point an editor at it: "$schema": "./pipeline.schema.json" in a JSON pipeline, or
# yaml-language-server: $schema=./pipeline.schema.json in a YAML one.`,
  flags: [pluginFlag],
  async run({ io, flags }) {
    const options = (await discoveryPipeline(io, flags)).registry.list();
    io.stdout(`${printJson(pipelineFileSchema(options), ANY_LAYOUT, { indent: 2 })}\n`);
    return 0;
  },
});
