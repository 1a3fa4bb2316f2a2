import { OcispecError } from './errors.js';
import { goQuote } from './go-format.js';

/**
 * A target platform as containerd's `platforms` package parses it (image-spec's `Platform`). It is always an input
 * of a composition: options branch on it, never on the machine running the code.
 */
export interface Platform {
  readonly os: string;
  readonly architecture: string;
  readonly variant?: string;
  readonly osVersion?: string;
  readonly osFeatures?: readonly string[];
}

/** What a one-component specifier (`linux`, `arm64`) borrows, as containerd borrows it from its host. */
export interface PlatformDefaults {
  readonly os: string;
  readonly architecture: string;
}

const SPECIFIER = /^[A-Za-z0-9_.-]+$/;
const OS_COMPONENT = /^([A-Za-z0-9_-]+)(?:\(([A-Za-z0-9_.%-]*)((?:\+[A-Za-z0-9_.%-]+)*)\))?$/;
const KNOWN_OS = new Set([
  'aix',
  'android',
  'darwin',
  'dragonfly',
  'freebsd',
  'hurd',
  'illumos',
  'ios',
  'js',
  'linux',
  'nacl',
  'netbsd',
  'openbsd',
  'plan9',
  'solaris',
  'windows',
  'zos',
]);
const KNOWN_ARCH = new Set([
  '386',
  'amd64',
  'amd64p32',
  'arm',
  'armbe',
  'arm64',
  'arm64be',
  'ppc64',
  'ppc64le',
  'loong64',
  'mips',
  'mipsle',
  'mips64',
  'mips64le',
  'mips64p32',
  'mips64p32le',
  'ppc',
  'riscv',
  'riscv64',
  's390',
  's390x',
  'sparc',
  'sparc64',
  'wasm',
]);
const NODE_ARCH_TO_GO: Record<string, string> = {
  x64: 'amd64',
  ia32: '386',
  arm: 'arm',
  arm64: 'arm64',
  ppc64: 'ppc64le',
  s390x: 's390x',
  riscv64: 'riscv64',
  loong64: 'loong64',
  mips: 'mips',
  mipsel: 'mipsle',
};

/** The platform of the machine running this code, in Go's names; used only to complete one-component specifiers. */
export function hostPlatformDefaults(): PlatformDefaults {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  return { os, architecture: NODE_ARCH_TO_GO[process.arch] ?? process.arch };
}

function invalid(message: string): OcispecError {
  return new OcispecError('BAD_PLATFORM', `${message}: invalid argument`);
}

function normalizeOS(os: string, defaults: PlatformDefaults): string {
  if (os === '') return defaults.os;
  const lower = os.toLowerCase();
  return lower === 'macos' ? 'darwin' : lower;
}

/** containerd's `normalizeArch`: `x86_64` → `amd64`, `aarch64` → `arm64`, arm variants and so on. */
export function normalizeArch(arch: string, variant: string): [string, string] {
  let a = arch.toLowerCase();
  let v = variant.toLowerCase();
  switch (a) {
    case 'i386':
      a = '386';
      v = '';
      break;
    case 'x86_64':
    case 'x86-64':
    case 'amd64':
      a = 'amd64';
      if (v === 'v1') v = '';
      break;
    case 'aarch64':
    case 'arm64':
      a = 'arm64';
      if (v === '8' || v === 'v8') v = '';
      break;
    case 'armhf':
      a = 'arm';
      v = 'v7';
      break;
    case 'armel':
      a = 'arm';
      v = 'v6';
      break;
    case 'arm':
      if (v === '' || v === '7') v = 'v7';
      else if (v === '5' || v === '6' || v === '8') v = `v${v}`;
      break;
  }
  return [a, v];
}

function decodeOSOption(value: string, specifier: string, what: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    throw invalid(`${goQuote(specifier)} has an invalid ${what} ${goQuote(value)}`);
  }
}

function build(
  os: string,
  architecture: string,
  variant: string,
  osVersion: string,
  osFeatures: string[],
): Platform {
  return {
    os,
    architecture,
    ...(variant !== '' ? { variant } : {}),
    ...(osVersion !== '' ? { osVersion } : {}),
    ...(osFeatures.length > 0 ? { osFeatures } : {}),
  };
}

/**
 * Parses a platform specifier (`linux/amd64`, `windows(10.0.17763)/amd64`, `linux/arm/v7`, `arm64`) exactly as
 * containerd HEAD's `platforms.Parse` does, with its error texts. A one-component specifier takes the missing part
 * from `defaults` (the host, as in containerd, unless given).
 */
export function parsePlatform(
  specifier: string,
  defaults: PlatformDefaults = hostPlatformDefaults(),
): Platform {
  if (specifier.includes('*')) throw invalid(`${goQuote(specifier)}: wildcards not yet supported`);
  const parts = splitN(specifier, '/', 4);
  let os = '';
  let osVersion = '';
  const osFeatures: string[] = [];
  for (const [i, part] of parts.entries()) {
    if (i === 0) {
      const m = OS_COMPONENT.exec(part);
      if (m === null) {
        throw invalid(
          `${goQuote(part)} is an invalid OS component of ${goQuote(specifier)}: OSAndVersion specifier component must match ${goQuote(OS_COMPONENT.source)}`,
        );
      }
      os = normalizeOS(m[1] ?? '', defaults);
      osVersion = decodeOSOption(m[2] ?? '', specifier, 'OS version');
      const features = m[3] ?? '';
      if (features !== '') {
        for (const f of features.slice(1).split('+'))
          osFeatures.push(decodeOSOption(f, specifier, 'OS feature'));
      }
    } else if (!SPECIFIER.test(part)) {
      throw invalid(
        `${goQuote(part)} is an invalid component of ${goQuote(specifier)}: platform specifier component must match ${goQuote(SPECIFIER.source)}`,
      );
    }
  }
  switch (parts.length) {
    case 1: {
      if (KNOWN_OS.has(os)) return build(os, defaults.architecture, '', osVersion, osFeatures);
      let [arch, variant] = normalizeArch(parts[0] ?? '', '');
      if (arch === 'arm' && variant === 'v7') variant = '';
      if (KNOWN_ARCH.has(arch)) return build(defaults.os, arch, variant, '', []);
      throw invalid(`${goQuote(specifier)}: unknown operating system or architecture`);
    }
    case 2: {
      let [arch, variant] = normalizeArch(parts[1] ?? '', '');
      if (arch === 'arm' && variant === 'v7') variant = '';
      return build(os, arch, variant, osVersion, osFeatures);
    }
    case 3: {
      let [arch, variant] = normalizeArch(parts[1] ?? '', parts[2] ?? '');
      if (arch === 'arm64' && variant === '') variant = 'v8';
      return build(os, arch, variant, osVersion, osFeatures);
    }
    default:
      throw invalid(`${goQuote(specifier)}: cannot parse platform specifier`);
  }
}

/** Formats a platform as `os/arch[/variant]` (containerd's `platforms.Format`). */
export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant ?? ''].filter((p) => p !== '').join('/');
}

function splitN(text: string, sep: string, n: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (out.length < n - 1) {
    const at = rest.indexOf(sep);
    if (at < 0) break;
    out.push(rest.slice(0, at));
    rest = rest.slice(at + sep.length);
  }
  out.push(rest);
  return out;
}
