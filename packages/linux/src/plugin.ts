import type { Plugin } from '@ocispec/core';
import { defaultDarwinSpec, defaultUnixSpec } from './default-spec.js';
import { imageConfigLinuxPart } from './image-config.js';
import { linuxOptions } from './options.js';

/**
 * The linux plugin: containerd's unix default spec for `linux` and, through the `*` fallback, every OS without its
 * own default except `windows`; the darwin default for `darwin`; every linux option (users, capabilities,
 * namespaces, resources, devices, mounts, security); and the linux part of `withImageConfigArgs`.
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
      for (const definition of linuxOptions) pipeline.registerOpt(definition);
      pipeline.provideOptionPart('withImageConfigArgs', 'linux', imageConfigLinuxPart);
    },
  };
}
