import type { Draft } from 'immer';
import { OcispecError } from './errors.js';
import type { HostAccess } from './host.js';
import { nodeHost } from './host.js';
import type { Spec } from './model/index.js';
import type { Platform } from './platform.js';
import { parsePlatform } from './platform.js';

/** The container a spec is composed for (containerd's `containers.Container`, the parts options read). */
export interface ContainerInfo {
  readonly id: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** Snapshotter and key: when both are empty, options that read the rootfs use `root.path` (must be absolute). */
  readonly snapshotter?: string;
  readonly snapshotKey?: string;
}

/**
 * A platform-dependent piece of a core option, provided by a platform plugin (see {@link OptionParts}). It gets the
 * draft, the context and the option's own arguments.
 */
export type OptionPart = (spec: Draft<Spec>, ctx: SpecContext, ...args: never[]) => void | Promise<void>;

/**
 * Where core options find the pieces of their behaviour that live in platform packages, keyed by option name and
 * spec section (`linux` / `windows`). The linux plugin provides `withImageConfigArgs`'s linux part (user lookup in
 * the rootfs), the windows plugin its windows part (argument escaping), and so on: core imports neither.
 */
export interface OptionParts {
  get(option: string, section: 'linux' | 'windows'): OptionPart | undefined;
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
  readonly parts: OptionParts;
  /**
   * Builds the default spec for a platform (the pipeline's `defaultSpec` hook); used by `withDefaultSpec` and
   * `withDefaultSpecForPlatform`.
   */
  defaultSpec(platform: Platform): Spec;
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
  readonly parts?: OptionParts;
  readonly defaultSpec?: (platform: Platform) => Spec;
  readonly warn?: (message: string) => void;
}

const noParts: OptionParts = { get: () => undefined };

/**
 * A context for applying options outside a pipeline: namespace `default`, container id `""`, platform
 * `linux/amd64`, the real host, no platform parts and no default specs unless given.
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
  return {
    namespace: init.namespace ?? 'default',
    container: init.container ?? { id: '' },
    platform,
    host: init.host ?? nodeHost,
    parts: init.parts ?? noParts,
    defaultSpec,
    warn: init.warn ?? (() => {}),
  };
}
