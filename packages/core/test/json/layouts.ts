import type { FieldEmit, FieldLayout, Layout, ObjectLayout } from '../../src/model/layout.js';

/** A hand-built layout helper for the printer tests. */
export const scalar: Layout = { kind: 'scalar' };
export const any: Layout = { kind: 'any' };

export function arrayOf(element: Layout): Layout {
  return { kind: 'array', element };
}

export function recordOf(value: Layout): Layout {
  return { kind: 'record', value };
}

export function objectOf(
  ...fields: [key: string, emit: FieldEmit, layout: Layout, zero?: unknown][]
): ObjectLayout {
  const list: FieldLayout[] = fields.map(([key, emit, layout, zero]) => ({ key, emit, layout, zero }));
  return { kind: 'object', fields: list, byKey: new Map(list.map((field) => [field.key, field])) };
}

/** A miniature of runtime-spec's Spec with containerd's emit rules. */
export const userLayout = objectOf(
  ['uid', 'always', scalar, 0],
  ['gid', 'always', scalar, 0],
  ['umask', 'pointer', scalar],
  ['additionalGids', 'omitempty', arrayOf(scalar)],
  ['username', 'omitempty', scalar],
);

export const rlimitLayout = objectOf(
  ['type', 'always', scalar, ''],
  ['hard', 'always', scalar, 0],
  ['soft', 'always', scalar, 0],
);

export const processLayout = objectOf(
  ['terminal', 'omitempty', scalar],
  ['user', 'always', userLayout, {}],
  ['args', 'omitempty', arrayOf(scalar)],
  ['env', 'omitempty', arrayOf(scalar)],
  ['cwd', 'always', scalar, ''],
  ['rlimits', 'omitempty', arrayOf(rlimitLayout)],
  ['noNewPrivileges', 'omitempty', scalar],
  ['oomScoreAdj', 'pointer', scalar],
);

export const specLayout = objectOf(
  ['ociVersion', 'always', scalar, ''],
  ['process', 'pointer', processLayout],
  ['root', 'pointer', objectOf(['path', 'always', scalar, ''], ['readonly', 'omitempty', scalar])],
  ['hostname', 'omitempty', scalar],
  [
    'mounts',
    'omitempty',
    arrayOf(objectOf(['destination', 'always', scalar, ''], ['options', 'omitempty', arrayOf(scalar)])),
  ],
  ['annotations', 'omitempty', recordOf(scalar)],
  [
    'linux',
    'pointer',
    objectOf(['sysctl', 'omitempty', recordOf(scalar)], ['maskedPaths', 'omitempty', arrayOf(scalar)]),
  ],
  ['windows', 'pointer', objectOf(['layerFolders', 'always', arrayOf(scalar), null])],
);
