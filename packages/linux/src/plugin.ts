import type { Plugin } from '@ocispec/core';
import { defaultDarwinSpec, defaultUnixSpec } from './default-spec.js';
import { linuxOptions } from './options.js';

/**
 * The linux plugin: containerd's unix default spec for `linux` and, through the `*` fallback, every OS without its
 * own default except `windows`; the darwin default for `darwin`; and every linux option (users, capabilities,
 * namespaces, resources, devices, mounts, security). Core's `withImageConfigArgs` runs its `withUser` and
 * `withAdditionalGIDs` by name.
 */
export function linuxPlugin(): Plugin {
  return {
    name: 'linux',
    apply(pipeline) {
      const { defaultSpec } = pipeline.hooks;
      defaultSpec.for('linux').tap('linux', (ctx) => defaultUnixSpec(ctx.namespace, ctx.container.id));
      defaultSpec
        .for('*')
        .tap('linux', (ctx) =>
          ctx.platform.os === 'windows' || ctx.platform.os === 'darwin'
            ? undefined
            : defaultUnixSpec(ctx.namespace, ctx.container.id),
        );
      defaultSpec.for('darwin').tap('linux', () => defaultDarwinSpec());
      for (const option of linuxOptions) pipeline.registerOpt(option);
    },
  };
}
