import { defineCommand } from '../command.js';
import { completionScript, SHELLS } from '../completion.js';
import { discoveryPipeline, pluginFlag } from '../plugins.js';
import { COMMANDS } from './index.js';

export default defineCommand({
  name: 'completion',
  summary: 'print a shell completion script (bash, zsh, fish)',
  description: `Prints a completion script for bash, zsh or fish: commands, their flags, flag values with a fixed
set (--profile, --rootfs-mode, ...), files where a file is expected, and option names after --opt (--plugin
modules' too). Install: bash: ocispec completion bash > ~/.local/share/bash-completion/completions/ocispec;
zsh: ocispec completion zsh > "\${fpath[1]}/_ocispec"; fish: ocispec completion fish >
~/.config/fish/completions/ocispec.fish.`,
  arguments: [{ name: 'SHELL', description: 'bash, zsh or fish', required: true, choices: SHELLS }],
  flags: [pluginFlag],
  async run({ io, args, flags }) {
    const options = (await discoveryPipeline(io, flags)).registry.list().map((o) => o.name);
    io.stdout(completionScript(args[0] as (typeof SHELLS)[number], COMMANDS, options));
    return 0;
  },
});
