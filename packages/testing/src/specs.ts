/**
 * Base specs a plugin's options and hooks must survive: containerd's "empty specs" idea (every section absent, or
 * `null` as Go's nil, or present and empty) and one populated spec. Each call builds fresh objects.
 */
import type { Spec } from '@ocispec/core';

const PATH_ENV = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** A populated linux spec, shaped like containerd's default (fewer entries): every common section present. */
export function populatedSpec(): Spec {
  return {
    ociVersion: '1.3.0',
    process: {
      user: { uid: 1000, gid: 1000, additionalGids: [10] },
      args: ['/app', '--serve'],
      env: [PATH_ENV, 'LANG=C.UTF-8'],
      cwd: '/',
      capabilities: {
        bounding: ['CAP_CHOWN', 'CAP_KILL', 'CAP_NET_BIND_SERVICE'],
        effective: ['CAP_CHOWN', 'CAP_KILL', 'CAP_NET_BIND_SERVICE'],
        permitted: ['CAP_CHOWN', 'CAP_KILL', 'CAP_NET_BIND_SERVICE'],
      },
      rlimits: [{ type: 'RLIMIT_NOFILE', hard: 1024, soft: 1024 }],
      noNewPrivileges: true,
    },
    root: { path: 'rootfs', readonly: true },
    hostname: 'web',
    mounts: [
      { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
      { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755'] },
      {
        destination: '/dev/shm',
        type: 'tmpfs',
        source: 'shm',
        options: ['nosuid', 'noexec', 'nodev', 'mode=1777'],
      },
    ],
    annotations: { 'org.example/owner': 'platform' },
    linux: {
      resources: { devices: [{ allow: false, access: 'rwm' }], memory: { limit: 536870912 } },
      cgroupsPath: '/default/web',
      namespaces: [{ type: 'pid' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }, { type: 'network' }],
      maskedPaths: ['/proc/kcore'],
      readonlyPaths: ['/proc/sys'],
    },
  };
}

/**
 * Sparse specs, by name: what a base from a user's file may look like. An option or hook must never throw a
 * TypeError on any of them: it creates the section it writes, skips, or fails with a message (`MISSING_SECTION`).
 */
export function sparseSpecs(): Record<string, Spec> {
  return {
    empty: {},
    ociVersionOnly: { ociVersion: '1.3.0' },
    nullSections: {
      ociVersion: '1.3.0',
      process: null,
      root: null,
      linux: null,
      windows: null,
      mounts: null,
      annotations: null,
      hooks: null,
    },
    emptySections: { process: {}, root: {}, linux: {}, mounts: [], annotations: {}, hooks: {} },
    processOnly: { process: { cwd: '/' } },
    emptyUser: { process: { user: {}, cwd: '/' } },
    emptyCapabilities: { process: { cwd: '/', capabilities: {} } },
    linuxOnly: { linux: {} },
    emptyResources: { linux: { resources: {} } },
    windowsOnly: { windows: {} },
    lcow: { linux: {}, windows: {} },
    noProcess: {
      ociVersion: '1.3.0',
      root: { path: 'rootfs' },
      linux: {},
      mounts: [{ destination: '/proc' }],
    },
    populated: populatedSpec(),
  };
}
