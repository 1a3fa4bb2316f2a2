import type { ContainerInfo, SpecContext } from './contract.js';
import type { AnyOptDefinition } from './define.js';
import type { FrozenSpec } from './engine.js';
import { OcispecError } from './errors.js';
import type { HostAccess } from './host.js';
import { nodeHost } from './host.js';
import type { Spec } from './model/index.js';
import type { PipelineSettings } from './pipeline-settings.js';
import { NO_SETTINGS } from './pipeline-settings.js';
import type { Platform } from './platform.js';
import { parsePlatform } from './platform.js';
import { OptRegistry } from './registry.js';

export type { ContainerInfo, SpecContext } from './contract.js';

/** What {@link createContext} accepts; everything has a default. */
export interface SpecContextInit {
  readonly namespace?: string;
  readonly container?: ContainerInfo;
  readonly platform?: Platform | string;
  readonly host?: HostAccess;
  /** The settings options read (`ctx.settings`); none by default. */
  readonly settings?: PipelineSettings;
  /** The options `ctx.option` can build (none by default). */
  readonly options?: readonly AnyOptDefinition[];
  readonly defaultSpec?: (platform: Platform) => Spec | FrozenSpec;
  readonly warn?: (message: string) => void;
}

/**
 * A context for applying options outside a pipeline: namespace `default`, container id `""`, platform
 * `linux/amd64`, the real host, no settings, no options to build by name and no default specs unless given.
 */
export function createContext(init: SpecContextInit = {}): SpecContext {
  const platform =
    typeof init.platform === 'string'
      ? parsePlatform(init.platform)
      : (init.platform ?? parsePlatform('linux/amd64'));
  const defaultSpec =
    init.defaultSpec ??
    ((p: Platform): Spec => {
      throw new OcispecError(
        'NO_DEFAULT_SPEC',
        `no default spec for ${p.os}: createContext was given no defaultSpec (use a pipeline with the platform plugins)`,
      );
    });
  const registry = new OptRegistry();
  for (const definition of init.options ?? []) registry.register(definition, 'context');
  return {
    namespace: init.namespace ?? 'default',
    container: init.container ?? { id: '' },
    platform,
    host: init.host ?? nodeHost,
    settings: init.settings ?? NO_SETTINGS,
    option: (name, ...args) => registry.build(name, args),
    defaultSpec,
    warn: init.warn ?? (() => {}),
  };
}
