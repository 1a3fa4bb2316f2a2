/** `validateSpec`: the schema, every semantic check, and (on request) the host-specific checks. */
import type { HostAccess, Platform } from '@ocispec/core';
import { nodeHost, parsePlatform, ValidationReport } from '@ocispec/core';
import { checkHooks } from './checks/hooks.js';
import type { HostCheckOptions } from './checks/host.js';
import { checkHost } from './checks/host.js';
import type { LinuxCheckOptions } from './checks/linux.js';
import { checkLinux } from './checks/linux.js';
import { checkMounts } from './checks/mounts.js';
import { namespaceMap } from './checks/namespaces.js';
import { checkProcess } from './checks/process.js';
import { checkRequiredFields } from './checks/required.js';
import { checkHostnames } from './checks/strings.js';
import { checkAnnotations, checkRootAndPlatform, checkVersion } from './checks/top.js';
import { checkWindows } from './checks/windows.js';
import { dropUndecoded, validatedSpec } from './decoded.js';
import { checkSchema } from './schema.js';
import type { CheckContext } from './util.js';
import { arr, emit, obj, str } from './util.js';

/** Options of {@link validateSpec}. */
export interface ValidateOptions extends LinuxCheckOptions {
  /** The target platform (`linux/amd64` by default): OS-specific rules and syscall tables follow it. */
  readonly platform?: string | Platform;
  /** Also run the checks only the host can answer (kernel capabilities, filesystems, rootfs devices, hooks). */
  readonly hostSpecific?: boolean;
  /** Host access for host-specific checks (default: the real host). */
  readonly host?: HostAccess;
  /** The bundle directory a relative `root.path` is resolved against (host-specific checks). */
  readonly bundle?: string;
}

const DEFAULT_PLATFORM = parsePlatform('linux/amd64');
const platformCache = new Map<string, Platform>();

function platformOf(platform: string | Platform | undefined): Platform {
  if (platform === undefined) return DEFAULT_PLATFORM;
  if (typeof platform !== 'string') return platform;
  let parsed = platformCache.get(platform);
  if (parsed === undefined) {
    parsed = parsePlatform(platform);
    platformCache.set(platform, parsed);
  }
  return parsed;
}

/**
 * Validates a spec (any JSON value, as parsed losslessly, or a `DecodedSpec`: then Go's view of the text, with the
 * decoding's problems and ambiguities as findings) and adds the findings to `report`: `error`s for what
 * breaks a MUST of runtime-spec v1.3.0 (or makes a runtime fail), `warning`s for SHOULDs and likely mistakes.
 * Never throws on malformed input: every check skips values of the wrong type (the schema check reports them).
 */
export function validateInto(input: unknown, report: ValidationReport, options: ValidateOptions = {}): void {
  const { spec, undecoded } = validatedSpec(input, report);
  const from = report.findings.length;
  checkSpec(spec, report, options);
  dropUndecoded(report, from, undecoded);
}

/** Every check of {@link validateInto} on the spec itself. */
function checkSpec(spec: unknown, report: ValidationReport, options: ValidateOptions): void {
  checkSchema(spec, report);
  const root = obj(spec);
  if (root === undefined) return;
  const platform = platformOf(options.platform);
  const linux = obj(root.linux);
  const ctx: CheckContext = { report, platform, namespaces: namespaceMap(linux) };
  checkVersion(ctx, root);
  checkRootAndPlatform(ctx, root);
  checkRequiredFields(ctx, root);
  checkHostnames(ctx, root);
  const process = obj(root.process);
  if (process !== undefined) checkProcess(ctx, process);
  else if (root.process === undefined)
    emit(ctx, 'process-missing', '/process', 'no process: the container can be created but not started');
  const mounts = arr(root.mounts);
  if (mounts !== undefined) checkMounts(ctx, mounts);
  const hooks = obj(root.hooks);
  if (hooks !== undefined) checkHooks(ctx, hooks);
  const annotations = obj(root.annotations);
  if (annotations !== undefined) checkAnnotations(ctx, annotations);
  const hasHostname = (str(root.hostname) ?? '') !== '' || (str(root.domainname) ?? '') !== '';
  if (linux !== undefined || (platform.os === 'linux' && hasHostname))
    checkLinux(ctx, linux ?? {}, hasHostname, options);
  const windows = obj(root.windows);
  if (windows !== undefined) checkWindows(ctx, windows);
  if (options.hostSpecific === true) {
    const host = options.host ?? nodeHost;
    if (platform.os !== 'linux' || (host === nodeHost && globalThis.process?.platform !== 'linux')) {
      emit(
        ctx,
        'host-platform-mismatch',
        '',
        `host-specific checks skipped: the target OS ${platform.os} is not this host's`,
      );
    } else {
      const hostOptions: HostCheckOptions =
        options.bundle === undefined ? { host } : { host, bundle: options.bundle };
      checkHost(ctx, root, hostOptions);
    }
  }
}

/** Validates a spec and returns the report (see {@link validateInto}). `report.ok` is true when there is no error. */
export function validateSpec(input: unknown, options: ValidateOptions = {}): ValidationReport {
  const report = new ValidationReport();
  validateInto(input, report, options);
  return report;
}
