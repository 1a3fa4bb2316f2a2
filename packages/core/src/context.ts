import type { SpecOpt } from './compose.js';
import type { AnyOptDefinition } from './define.js';
import type { FrozenSpec } from './engine.js';
import { OcispecError } from './errors.js';
import type { HostAccess } from './host.js';
import { nodeHost } from './host.js';
import type { Spec } from './model/index.js';
import type { Platform } from './platform.js';
import { parsePlatform } from './platform.js';
import { OptRegistry } from './registry.js';

/** The container a spec is composed for (containerd's `containers.Container`, the parts options read). */
export interface ContainerInfo {
  readonly id: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** Snapshotter and key: when both are empty, options that read the rootfs use `root.path` (must be absolute). */
  readonly snapshotter?: string;
  readonly snapshotKey?: string;
}

/** Everything an option may read besides the spec. */
export interface SpecContext {
  /** containerd namespace; `""` means none (options that need one fail as containerd does). */
  readonly namespace: string;
  readonly container: ContainerInfo;
  /** The target platform; options branch on this, never on the machine running the code. */
  readonly platform: Platform;
  /** Injected host access (real by default). */
  readonly host: HostAccess;
  /**
   * Builds an option another plugin registered, by name, for this option's body to run (its arguments checked as
   * any call's): how a core option uses a platform plugin's option without importing it (`withImageConfigArgs`
   * runs the linux plugin's `withUser`). An option no plugin registered is `UNKNOWN_OPTION`.
   */
  option(name: string, ...args: unknown[]): SpecOpt;
  /**
   * Builds the default spec for a platform (the pipeline's `defaultSpec` hook); used by `withDefaultSpec` and
   * `withDefaultSpecForPlatform`.
   */
  defaultSpec(platform: Platform): FrozenSpec;
  /**
   * Reports a non-fatal finding. A pipeline adds it to the composition's report as a warning with rule `option`
   * (the message itself must say what it concerns: the option is not named for it).
   */
  warn(message: string): void;
}

/** What {@link createContext} accepts; everything has a default. */
export interface SpecContextInit {
  readonly namespace?: string;
  readonly container?: ContainerInfo;
  readonly platform?: Platform | string;
  readonly host?: HostAccess;
  /** The options `ctx.option` can build (none by default). */
  readonly options?: readonly AnyOptDefinition[];
  readonly defaultSpec?: (platform: Platform) => Spec | FrozenSpec;
  readonly warn?: (message: string) => void;
}

/**
 * A context for applying options outside a pipeline: namespace `default`, container id `""`, platform
 * `linux/amd64`, the real host, no options to build by name and no default specs unless given.
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
    option: (name, ...args) => registry.build(name, args),
    defaultSpec,
    warn: init.warn ?? (() => {}),
  };
}
