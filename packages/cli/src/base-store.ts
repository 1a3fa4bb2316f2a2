import * as path from 'node:path';
import { BaseSpecStore } from '@ocispec/base-spec';

/**
 * The base-spec store a command resolves `"base"` files and `"runtime"` names through: from a containerd
 * `config.toml` when `--config` is given (its runtimes' `base_runtime_spec` preloaded), else empty. Each base file
 * is read once and checked the same way; `maxBytes` (`--max-input-size`) bounds the config and every base file.
 */
export function baseStore(cwd: string, config: unknown, strict: boolean, maxBytes?: number): BaseSpecStore {
  return typeof config === 'string'
    ? BaseSpecStore.fromConfig(path.resolve(cwd, config), { strict, maxBytes })
    : new BaseSpecStore({ strict, maxBytes });
}
