/** Syscall name tables by seccomp architecture, built once from `syscall-names.ts` and `@ocispec/linux`'s profile data. */
import {
  archSyscalls,
  capabilitySyscalls,
  defaultAllowedSyscalls,
  kernel48Syscalls,
} from '@ocispec/linux/internal';
import { ALL, GENERIC, X32, X86, X86_64 } from './syscall-names.js';

function set(...lists: Array<string | readonly string[]>): ReadonlySet<string> {
  const out = new Set<string>();
  for (const list of lists)
    for (const name of typeof list === 'string' ? list.split(' ') : list) out.add(name);
  return out;
}

/** Every syscall name known on some Linux architecture (including every name containerd's default profile uses). */
export const allSyscalls: ReadonlySet<string> = set(
  ALL,
  defaultAllowedSyscalls,
  kernel48Syscalls,
  ...Object.values(archSyscalls),
  ...Object.values(capabilitySyscalls),
);

const generic = set(GENERIC);

/** The syscalls of each seccomp architecture we hold a table for; other architectures are checked against {@link allSyscalls} only. */
export const syscallsByArch: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['SCMP_ARCH_X86_64', set(X86_64)],
  ['SCMP_ARCH_X86', set(X86)],
  ['SCMP_ARCH_X32', set(X32)],
  ['SCMP_ARCH_AARCH64', generic],
  ['SCMP_ARCH_RISCV64', generic],
  ['SCMP_ARCH_LOONGARCH64', generic],
]);

/** The native seccomp architecture of a Go GOARCH (what a filter without `architectures` applies to). */
export const nativeSeccompArch: Readonly<Record<string, string>> = {
  amd64: 'SCMP_ARCH_X86_64',
  '386': 'SCMP_ARCH_X86',
  arm64: 'SCMP_ARCH_AARCH64',
  arm: 'SCMP_ARCH_ARM',
  riscv64: 'SCMP_ARCH_RISCV64',
  loong64: 'SCMP_ARCH_LOONGARCH64',
  s390x: 'SCMP_ARCH_S390X',
  ppc64le: 'SCMP_ARCH_PPC64LE',
  ppc64: 'SCMP_ARCH_PPC64',
  mips64le: 'SCMP_ARCH_MIPSEL64',
  mips64: 'SCMP_ARCH_MIPS64',
};

/** runtime-spec v1.3.0's seccomp architectures. */
export const seccompArchitectures: ReadonlySet<string> = set(
  'SCMP_ARCH_X86 SCMP_ARCH_X86_64 SCMP_ARCH_X32 SCMP_ARCH_ARM SCMP_ARCH_AARCH64 SCMP_ARCH_MIPS SCMP_ARCH_MIPS64 ' +
    'SCMP_ARCH_MIPS64N32 SCMP_ARCH_MIPSEL SCMP_ARCH_MIPSEL64 SCMP_ARCH_MIPSEL64N32 SCMP_ARCH_PPC SCMP_ARCH_PPC64 ' +
    'SCMP_ARCH_PPC64LE SCMP_ARCH_S390 SCMP_ARCH_S390X SCMP_ARCH_PARISC SCMP_ARCH_PARISC64 SCMP_ARCH_RISCV64 ' +
    'SCMP_ARCH_LOONGARCH64 SCMP_ARCH_M68K SCMP_ARCH_SH SCMP_ARCH_SHEB',
);

/** runtime-spec v1.3.0's seccomp actions. */
export const seccompActions: ReadonlySet<string> = set(
  'SCMP_ACT_KILL SCMP_ACT_KILL_PROCESS SCMP_ACT_KILL_THREAD SCMP_ACT_TRAP SCMP_ACT_ERRNO SCMP_ACT_TRACE ' +
    'SCMP_ACT_ALLOW SCMP_ACT_LOG SCMP_ACT_NOTIFY',
);

/** runtime-spec v1.3.0's seccomp filter flags. */
export const seccompFlags: ReadonlySet<string> = set(
  'SECCOMP_FILTER_FLAG_TSYNC SECCOMP_FILTER_FLAG_LOG SECCOMP_FILTER_FLAG_SPEC_ALLOW SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV',
);

/** runtime-spec v1.3.0's seccomp argument operators. */
export const seccompOperators: ReadonlySet<string> = set(
  'SCMP_CMP_NE SCMP_CMP_LT SCMP_CMP_LE SCMP_CMP_EQ SCMP_CMP_GE SCMP_CMP_GT SCMP_CMP_MASKED_EQ',
);
