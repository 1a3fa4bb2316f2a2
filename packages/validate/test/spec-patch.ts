/** Test specs built from a small valid base and JSON-pointer patches (`{ '/process/cwd': 'work' }`), or spec texts. */
import { decodeSpec } from '@ocispec/core';

export type Json = Record<string, unknown>;
/** Pointer → value; `undefined` deletes the member. Missing parents are created (arrays for numeric tokens). */
export type Patch = Readonly<Record<string, unknown>>;

/** A valid Linux spec: no finding at all. */
export function linuxBase(): Json {
  return {
    ociVersion: '1.3.0',
    process: { user: { uid: 0, gid: 0 }, args: ['sh'], cwd: '/', env: ['PATH=/bin'] },
    root: { path: 'rootfs' },
    hostname: 'c',
    mounts: [{ destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] }],
    linux: {
      namespaces: [{ type: 'pid' }, { type: 'mount' }, { type: 'ipc' }, { type: 'uts' }, { type: 'network' }],
      maskedPaths: ['/proc/kcore'],
      readonlyPaths: ['/proc/sys'],
    },
  };
}

/** A valid Windows Server container spec. */
export function windowsBase(): Json {
  return {
    ociVersion: '1.3.0',
    process: { args: ['cmd'], cwd: 'C:\\' },
    root: { path: '\\\\?\\Volume{ec84d99e-3f02-11e7-ac6c-00155d7682cf}\\' },
    windows: { layerFolders: ['C:\\layers\\base'] },
  };
}

function tokens(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Applies a patch to a deep copy of `base`. */
export function patched(base: Json, patch: Patch): Json {
  const out = structuredClone(base);
  for (const [pointer, value] of Object.entries(patch)) {
    const path = tokens(pointer);
    let node: Record<string, unknown> | unknown[] = out;
    for (let i = 0; i < path.length - 1; i++) {
      const key = path[i] as string;
      const container = node as Record<string, unknown>;
      if (typeof container[key] !== 'object' || container[key] === null)
        container[key] = /^\d+$/.test(path[i + 1] as string) ? [] : {};
      node = container[key] as Record<string, unknown>;
    }
    const last = path[path.length - 1] as string;
    if (value === undefined) delete (node as Record<string, unknown>)[last];
    else (node as Record<string, unknown>)[last] = value;
  }
  return out;
}

const DEFAULT_MASKED = [
  '/proc/acpi',
  '/proc/asound',
  '/proc/kcore',
  '/proc/keys',
  '/proc/latency_stats',
  '/proc/timer_list',
  '/proc/timer_stats',
  '/proc/sched_debug',
  '/sys/firmware',
  '/sys/devices/virtual/powercap',
  '/proc/scsi',
];
const DEFAULT_READONLY = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

/** A spec both lint profiles find clean: non-root, no capabilities, seccomp, containerd's masks and mounts. */
export function lintBase(): Json {
  return {
    ociVersion: '1.3.0',
    process: {
      user: { uid: 1000, gid: 1000 },
      args: ['sh'],
      cwd: '/',
      noNewPrivileges: true,
      capabilities: { bounding: [], effective: [], permitted: [] },
    },
    root: { path: 'rootfs' },
    mounts: [
      { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
      { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755'] },
      { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', 'ro'] },
    ],
    linux: {
      namespaces: [{ type: 'pid' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }, { type: 'network' }],
      resources: { devices: [{ allow: false, access: 'rwm' }] },
      seccomp: {
        defaultAction: 'SCMP_ACT_ERRNO',
        syscalls: [{ names: ['read', 'write', 'execve'], action: 'SCMP_ACT_ALLOW' }],
      },
      maskedPaths: DEFAULT_MASKED,
      readonlyPaths: DEFAULT_READONLY,
    },
  };
}

/**
 * A case read from spec text, decoded as Go reads it (`decodeSpec`): what no patch of a value can express
 * (repeated or case-folded keys, invalid UTF-8, integers written as Go refuses them).
 */
export interface SpecText {
  readonly text: string | Uint8Array;
}

/** `base` as JSON text with `members` (raw JSON, `"key":value,...`) appended to its top-level object. */
export function textWith(base: Json, members: string): SpecText {
  return { text: `${JSON.stringify(base).slice(0, -1)},${members}}` };
}

/** `base` as JSON text with the one occurrence of `from` replaced by `to` (a test error if it is not once). */
export function textReplacing(base: Json, from: string, to: string): SpecText {
  const text = JSON.stringify(base);
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`${from} is not once in the base's text`);
  return { text: text.slice(0, at) + to + text.slice(at + from.length) };
}

/** `base` as UTF-8 bytes with the one occurrence of `from` replaced by `to`, then byte 0xff after it. */
export function bytesWithInvalidUtf8(base: Json, from: string, to: string): SpecText {
  const text = textReplacing(base, from, `${to}\u0000`).text as string;
  const bytes = new TextEncoder().encode(text);
  bytes[bytes.indexOf(0)] = 0xff;
  return { text: bytes };
}

/** The input a case gives validate or lint: spec text decoded as Go reads it, or the patched base. */
export function caseInput(base: Json, input: Patch | SpecText): unknown {
  return isSpecText(input) ? decodeSpec(input.text) : patched(base, input as Patch);
}

function isSpecText(input: Patch | SpecText): input is SpecText {
  // A patch's keys are JSON pointers, which start with `/`.
  return Object.hasOwn(input, 'text');
}
