import { ANY_LAYOUT, printJson } from '@ocispec/core';
import { booleanFlag, defineCommand } from '../command.js';
import { describeArgs } from '../options-reference.js';
import { optionCallSchema } from '../pipeline-schema.js';
import { discoveryPipeline, pluginFlag } from '../plugins.js';

export default defineCommand({
  name: 'options',
  summary: "list every registered option (plugins' too) with its arguments and doc",
  description: `Lists every option a pipeline file may name: the built-in ones, cri's, and those of each --plugin
module, with the plugin that registers it, its arguments and what it does. --json prints
[{name, plugin, arguments, schema, doc, containerd}] (schema: the JSON Schema of the call).`,
  flags: [pluginFlag, { flags: '--json', description: 'print the list as JSON' }],
  async run({ io, flags }) {
    const options = (await discoveryPipeline(io, flags)).registry.list();
    if (booleanFlag(flags, 'json')) {
      const list = options.map((o) => ({
        name: o.name,
        plugin: o.plugin,
        arguments: describeArgs(o),
        schema: optionCallSchema(o),
        doc: o.definition.doc,
        containerd: o.definition.containerd ?? null,
      }));
      io.stdout(`${printJson(list, ANY_LAYOUT, { indent: 2 })}\n`);
      return 0;
    }
    const width = Math.max(...options.map((o) => o.name.length));
    for (const o of options) {
      io.stdout(
        `${o.name.padEnd(width)}  ${describeArgs(o)}  [${o.plugin}]\n${' '.repeat(width + 2)}${o.definition.doc}\n`,
      );
    }
    return 0;
  },
});
