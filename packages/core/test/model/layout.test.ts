import { describe, expect, it } from 'vitest';
import type { FieldLayout, Layout, ObjectLayout } from '../../src/model/index.js';
import { layoutOf, MountSchema, specLayout } from '../../src/model/index.js';
import { vector } from './fixtures.js';

function object(layout: Layout | undefined): ObjectLayout {
  if (layout?.kind !== 'object') throw new Error(`expected an object layout, got ${layout?.kind}`);
  return layout;
}

/** The layout at a path of keys; `*` steps into an array element or a map value. */
function at(...path: string[]): Layout {
  let layout: Layout = specLayout;
  for (const key of path) {
    if (key === '*') {
      if (layout.kind === 'array') layout = layout.element;
      else if (layout.kind === 'record') layout = layout.value;
      else throw new Error(`no element at ${path.join('.')}`);
    } else {
      const field = object(layout).byKey.get(key);
      if (field === undefined) throw new Error(`no field ${key} at ${path.join('.')}`);
      layout = field.layout;
    }
  }
  return layout;
}

function keys(...path: string[]): string[] {
  return object(at(...path)).fields.map((field) => field.key);
}

function field(...path: string[]): FieldLayout {
  const key = path.at(-1) ?? '';
  const found = object(at(...path.slice(0, -1))).byKey.get(key);
  if (found === undefined) throw new Error(`no field ${path.join('.')}`);
  return found;
}

describe('field order (Go struct order, reference §3.5)', () => {
  it('Spec', () => {
    expect(keys()).toEqual([
      'ociVersion',
      'process',
      'root',
      'hostname',
      'domainname',
      'mounts',
      'hooks',
      'annotations',
      'linux',
      'solaris',
      'windows',
      'vm',
      'zos',
      'freebsd',
    ]);
  });

  it('Process', () => {
    expect(keys('process')).toEqual([
      'terminal',
      'consoleSize',
      'user',
      'args',
      'commandLine',
      'env',
      'cwd',
      'capabilities',
      'rlimits',
      'noNewPrivileges',
      'apparmorProfile',
      'oomScoreAdj',
      'scheduler',
      'selinuxLabel',
      'ioPriority',
      'execCPUAffinity',
    ]);
  });

  it('Linux', () => {
    expect(keys('linux')).toEqual([
      'uidMappings',
      'gidMappings',
      'sysctl',
      'resources',
      'cgroupsPath',
      'namespaces',
      'devices',
      'netDevices',
      'seccomp',
      'rootfsPropagation',
      'maskedPaths',
      'readonlyPaths',
      'mountLabel',
      'intelRdt',
      'memoryPolicy',
      'personality',
      'timeOffsets',
    ]);
  });

  it('LinuxCapabilities', () => {
    expect(keys('process', 'capabilities')).toEqual([
      'bounding',
      'effective',
      'inheritable',
      'permitted',
      'ambient',
    ]);
  });

  it('LinuxResources and embedded blkio devices', () => {
    expect(keys('linux', 'resources')).toEqual([
      'devices',
      'memory',
      'cpu',
      'pids',
      'blockIO',
      'hugepageLimits',
      'network',
      'rdma',
      'unified',
    ]);
    expect(keys('linux', 'resources', 'blockIO', 'weightDevice', '*')).toEqual([
      'major',
      'minor',
      'weight',
      'leafWeight',
    ]);
    expect(keys('linux', 'resources', 'blockIO', 'throttleReadBpsDevice', '*')).toEqual([
      'major',
      'minor',
      'rate',
    ]);
  });
});

describe('print rules (from the json tags of runtime-spec v1.3.0 specs-go)', () => {
  it.each([
    [['ociVersion'], ''],
    [['process', 'user'], { uid: 0, gid: 0 }],
    [['process', 'user', 'uid'], 0],
    [['process', 'user', 'gid'], 0],
    [['process', 'cwd'], ''],
    [['process', 'consoleSize', 'height'], 0],
    [['process', 'rlimits', '*', 'type'], ''],
    [['process', 'rlimits', '*', 'hard'], 0],
    [['process', 'rlimits', '*', 'soft'], 0],
    [['process', 'scheduler', 'policy'], ''],
    [['process', 'ioPriority', 'class'], ''],
    [['process', 'ioPriority', 'priority'], 0],
    [['root', 'path'], ''],
    [['mounts', '*', 'destination'], ''],
    [['mounts', '*', 'uidMappings', '*', 'containerID'], 0],
    [['hooks', 'poststop', '*', 'path'], ''],
    [['linux', 'uidMappings', '*', 'hostID'], 0],
    [['linux', 'gidMappings', '*', 'size'], 0],
    [['linux', 'namespaces', '*', 'type'], ''],
    [['linux', 'devices', '*', 'path'], ''],
    [['linux', 'devices', '*', 'major'], 0],
    [['linux', 'resources', 'devices', '*', 'allow'], false],
    [['linux', 'resources', 'hugepageLimits', '*', 'limit'], 0],
    [['linux', 'resources', 'network', 'priorities', '*', 'priority'], 0],
    [['linux', 'resources', 'blockIO', 'throttleReadBpsDevice', '*', 'rate'], 0],
    [['linux', 'seccomp', 'defaultAction'], ''],
    [['linux', 'seccomp', 'syscalls', '*', 'names'], null],
    [['linux', 'seccomp', 'syscalls', '*', 'args', '*', 'value'], 0],
    [['linux', 'memoryPolicy', 'nodes'], ''],
    [['linux', 'personality', 'domain'], ''],
    [['windows', 'layerFolders'], null],
    [['windows', 'devices', '*', 'idType'], ''],
    [['vm', 'hypervisor'], { path: '' }],
    [['vm', 'kernel'], { path: '' }],
    [['vm', 'image'], { path: '', format: '' }],
    [['vm', 'hwconfig', 'iomems', '*', 'firstMFN'], null],
    [['zos', 'namespaces', '*', 'type'], ''],
    [['freebsd', 'devices', '*', 'path'], ''],
  ] as const)('%j is always printed, zero %j', (path, zero) => {
    const found = field(...path);
    expect(found.emit).toBe('always');
    expect(found.zero).toEqual(zero);
  });

  it.each([
    ['process'],
    ['root'],
    ['hooks'],
    ['linux'],
    ['windows'],
    ['process', 'oomScoreAdj'],
    ['process', 'user', 'umask'],
    ['linux', 'resources', 'memory', 'limit'],
    ['linux', 'resources', 'memory', 'disableOOMKiller'],
    ['linux', 'resources', 'pids', 'limit'],
    ['linux', 'resources', 'cpu', 'quota'],
    ['linux', 'resources', 'devices', '*', 'major'],
    ['linux', 'seccomp', 'defaultErrnoRet'],
    ['windows', 'credentialSpec'],
    ['hooks', 'prestart', '*', 'timeout'],
  ])('%j is a pointer', (...path) => {
    expect(field(...path).emit).toBe('pointer');
  });

  it.each([
    ['hostname'],
    ['mounts'],
    ['annotations'],
    ['process', 'terminal'],
    ['process', 'env'],
    ['process', 'rlimits'],
    ['process', 'noNewPrivileges'],
    ['process', 'capabilities', 'bounding'],
    ['linux', 'sysctl'],
    ['linux', 'cgroupsPath'],
    ['linux', 'resources', 'cpu', 'cpus'],
    ['linux', 'resources', 'devices', '*', 'access'],
    ['linux', 'timeOffsets', '*', 'secs'],
    ['windows', 'resources', 'cpu', 'affinity', '*', 'mask'],
  ])('%j is omitempty', (...path) => {
    expect(field(...path).emit).toBe('omitempty');
  });

  it('the always-printed fields of the whole model are exactly these', () => {
    const always: string[] = [];
    const walk = (layout: Layout, path: string): void => {
      if (layout.kind === 'object') {
        for (const f of layout.fields) {
          if (f.emit === 'always') always.push(`${path}/${f.key}`);
          walk(f.layout, `${path}/${f.key}`);
        }
      } else if (layout.kind === 'array' || layout.kind === 'record') {
        walk(layout.kind === 'array' ? layout.element : layout.value, `${path}/*`);
      }
    };
    walk(specLayout, '');
    expect(always).toEqual([
      '/ociVersion',
      '/process/consoleSize/height',
      '/process/consoleSize/width',
      '/process/user',
      '/process/user/uid',
      '/process/user/gid',
      '/process/cwd',
      '/process/rlimits/*/type',
      '/process/rlimits/*/hard',
      '/process/rlimits/*/soft',
      '/process/scheduler/policy',
      '/process/ioPriority/class',
      '/process/ioPriority/priority',
      '/root/path',
      '/mounts/*/destination',
      '/mounts/*/uidMappings/*/containerID',
      '/mounts/*/uidMappings/*/hostID',
      '/mounts/*/uidMappings/*/size',
      '/mounts/*/gidMappings/*/containerID',
      '/mounts/*/gidMappings/*/hostID',
      '/mounts/*/gidMappings/*/size',
      '/hooks/prestart/*/path',
      '/hooks/createRuntime/*/path',
      '/hooks/createContainer/*/path',
      '/hooks/startContainer/*/path',
      '/hooks/poststart/*/path',
      '/hooks/poststop/*/path',
      '/linux/uidMappings/*/containerID',
      '/linux/uidMappings/*/hostID',
      '/linux/uidMappings/*/size',
      '/linux/gidMappings/*/containerID',
      '/linux/gidMappings/*/hostID',
      '/linux/gidMappings/*/size',
      '/linux/resources/devices/*/allow',
      '/linux/resources/blockIO/weightDevice/*/major',
      '/linux/resources/blockIO/weightDevice/*/minor',
      '/linux/resources/blockIO/throttleReadBpsDevice/*/major',
      '/linux/resources/blockIO/throttleReadBpsDevice/*/minor',
      '/linux/resources/blockIO/throttleReadBpsDevice/*/rate',
      '/linux/resources/blockIO/throttleWriteBpsDevice/*/major',
      '/linux/resources/blockIO/throttleWriteBpsDevice/*/minor',
      '/linux/resources/blockIO/throttleWriteBpsDevice/*/rate',
      '/linux/resources/blockIO/throttleReadIOPSDevice/*/major',
      '/linux/resources/blockIO/throttleReadIOPSDevice/*/minor',
      '/linux/resources/blockIO/throttleReadIOPSDevice/*/rate',
      '/linux/resources/blockIO/throttleWriteIOPSDevice/*/major',
      '/linux/resources/blockIO/throttleWriteIOPSDevice/*/minor',
      '/linux/resources/blockIO/throttleWriteIOPSDevice/*/rate',
      '/linux/resources/hugepageLimits/*/pageSize',
      '/linux/resources/hugepageLimits/*/limit',
      '/linux/resources/network/priorities/*/name',
      '/linux/resources/network/priorities/*/priority',
      '/linux/namespaces/*/type',
      '/linux/devices/*/path',
      '/linux/devices/*/type',
      '/linux/devices/*/major',
      '/linux/devices/*/minor',
      '/linux/seccomp/defaultAction',
      '/linux/seccomp/syscalls/*/names',
      '/linux/seccomp/syscalls/*/action',
      '/linux/seccomp/syscalls/*/args/*/index',
      '/linux/seccomp/syscalls/*/args/*/value',
      '/linux/seccomp/syscalls/*/args/*/op',
      '/linux/memoryPolicy/mode',
      '/linux/memoryPolicy/nodes',
      '/linux/personality/domain',
      '/windows/layerFolders',
      '/windows/devices/*/id',
      '/windows/devices/*/idType',
      '/vm/hypervisor',
      '/vm/hypervisor/path',
      '/vm/kernel',
      '/vm/kernel/path',
      '/vm/image',
      '/vm/image/path',
      '/vm/image/format',
      '/vm/hwconfig/iomems/*/firstMFN',
      '/vm/hwconfig/iomems/*/nrMFNs',
      '/zos/namespaces/*/type',
      '/freebsd/devices/*/path',
    ]);
  });

  it('kinds: maps are records, slices arrays, 64-bit unions scalars, credentialSpec a Go interface', () => {
    expect(at('annotations').kind).toBe('record');
    expect(at('linux', 'resources', 'rdma', '*', 'hcaHandles').kind).toBe('scalar');
    expect(at('process', 'rlimits', '*', 'hard').kind).toBe('scalar');
    expect(at('mounts').kind).toBe('array');
    expect(at('windows', 'credentialSpec').kind).toBe('interface');
    expect(layoutOf(MountSchema)).toEqual(at('mounts', '*')); // specLayout is read from data: equal, not shared
  });

  it('all-fields.json and the model-only affinity vector cover every field of the model', () => {
    const modelPaths = new Set<string>();
    const collect = (layout: Layout, path: string): void => {
      if (layout.kind === 'object') {
        for (const f of layout.fields) {
          modelPaths.add(`${path}/${f.key}`);
          collect(f.layout, `${path}/${f.key}`);
        }
      } else if (layout.kind === 'array' || layout.kind === 'record') {
        collect(layout.kind === 'array' ? layout.element : layout.value, `${path}/*`);
      }
    };
    collect(specLayout, '');
    const seen = new Set<string>();
    const visit = (value: unknown, layout: Layout, path: string): void => {
      if (layout.kind === 'object' && typeof value === 'object' && value !== null) {
        for (const [key, child] of Object.entries(value)) {
          const f = layout.byKey.get(key);
          if (f === undefined) continue;
          seen.add(`${path}/${key}`);
          visit(child, f.layout, `${path}/${key}`);
        }
      } else if (layout.kind === 'array' && Array.isArray(value)) {
        for (const element of value) visit(element, layout.element, `${path}/*`);
      } else if (layout.kind === 'record' && typeof value === 'object' && value !== null) {
        for (const child of Object.values(value)) visit(child, layout.value, `${path}/*`);
      }
    };
    visit(vector('accepted', 'all-fields.json'), specLayout, '');
    visit(vector('model-only', 'windows-cpu-affinity.json'), specLayout, '');
    expect([...modelPaths].filter((path) => !seen.has(path))).toEqual([]);
  });
});
