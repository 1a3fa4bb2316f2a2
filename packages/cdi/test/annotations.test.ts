/** container-device-interface `pkg/cdi/annotations_test.go`, as behaviour, and containerd's CRI request gathering. */
import { describe, expect, it } from 'vitest';
import {
  ANNOTATION_PREFIX,
  annotationKey,
  annotationValue,
  parseAnnotations,
  requestedDevices,
  updateAnnotations,
} from '../src/index.js';

describe('annotationKey (TestAnnotationKey)', () => {
  it.each([
    { name: 'invalid, empty plugin', plugin: '', devID: 'device', error: 'invalid plugin name, empty' },
    { name: 'invalid, empty device ID', plugin: 'plugin', devID: '', error: 'invalid deviceID, empty' },
    {
      name: 'invalid, non-alphanumeric first character',
      plugin: '_vendor.class',
      devID: 'device',
      error: `invalid name "_vendor.class_device", first '_' should be alphanumeric`,
    },
    {
      name: 'invalid, non-alphanumeric last character',
      plugin: 'vendor.class',
      devID: 'device_',
      error: `invalid name "vendor.class_device_", last '_' should be alphanumeric`,
    },
    {
      name: 'invalid, plugin contains invalid characters',
      plugin: 'ven.dor-cl+ass',
      devID: 'device',
      error: `invalid name "ven.dor-cl+ass_device", invalid character '+'`,
    },
    {
      name: 'invalid, devID contains invalid characters',
      plugin: 'vendor.class',
      devID: 'dev+ice',
      error: `invalid name "vendor.class_dev+ice", invalid character '+'`,
    },
    {
      name: 'invalid, too plugin long',
      plugin: '123456789012345678901234567890123456789012345678901234567',
      devID: 'device',
      error:
        'invalid plugin+deviceID "123456789012345678901234567890123456789012345678901234567_device", too long',
    },
  ])('$name', ({ plugin, devID, error }) => {
    expect(() => annotationKey(plugin, devID)).toThrow(
      expect.objectContaining({ code: 'CDI_ANNOTATION', message: error }),
    );
  });

  it.each([
    { name: 'valid, simple', plugin: 'vendor.class', devID: 'device', key: 'vendor.class_device' },
    {
      name: 'valid, with special characters',
      plugin: 'v-e.n_d.or.cl-as_s',
      devID: 'd_e-v-i-c_e',
      key: 'v-e.n_d.or.cl-as_s_d_e-v-i-c_e',
    },
    {
      name: "valid, with /'s replaced in devID",
      plugin: 'v-e.n_d.or.cl-as_s',
      devID: 'd-e/v/i/c-e',
      key: 'v-e.n_d.or.cl-as_s_d-e_v_i_c-e',
    },
    {
      name: 'valid, exactly 63 characters',
      plugin: 'p'.repeat(56),
      devID: 'device',
      key: `${'p'.repeat(56)}_device`,
    },
  ])('$name', ({ plugin, devID, key }) => {
    expect(annotationKey(plugin, devID)).toBe(ANNOTATION_PREFIX + key);
  });
});

interface Injection {
  plugin: string;
  devID: string;
  devices: string[];
}

describe('updateAnnotations then parseAnnotations (TestUpdateAnnotations)', () => {
  const valid: {
    name: string;
    injections: Injection[];
    annotations: Record<string, string>;
    parsed: string[];
  }[] = [
    {
      name: 'one plugin, one device',
      injections: [{ plugin: 'vendor.class', devID: 'device', devices: ['vendor.com/class=device'] }],
      annotations: { [`${ANNOTATION_PREFIX}vendor.class_device`]: 'vendor.com/class=device' },
      parsed: ['vendor.com/class=device'],
    },
    {
      name: 'one plugin, multiple devices',
      injections: [
        {
          plugin: 'vendor.class',
          devID: 'device',
          devices: ['vendor.com/class=device1', 'vendor.com/class=device2', 'vendor.com/class=device3'],
        },
      ],
      annotations: {
        [`${ANNOTATION_PREFIX}vendor.class_device`]:
          'vendor.com/class=device1,vendor.com/class=device2,vendor.com/class=device3',
      },
      parsed: ['vendor.com/class=device1', 'vendor.com/class=device2', 'vendor.com/class=device3'],
    },
    {
      name: 'multiple plugins, multiple devices',
      injections: [
        { plugin: 'vendor1.class', devID: 'device1', devices: ['vendor1.com/class=device1'] },
        {
          plugin: 'vendor1.class',
          devID: 'device2',
          devices: ['vendor2.com/class=device1', 'vendor2.com/class=device2'],
        },
        {
          plugin: 'vendor3.class2',
          devID: 'device',
          devices: ['vendor3.com/class2=device1', 'vendor3.com/class2=device2', 'vendor3.com/class2=device3'],
        },
      ],
      annotations: {
        [`${ANNOTATION_PREFIX}vendor1.class_device1`]: 'vendor1.com/class=device1',
        [`${ANNOTATION_PREFIX}vendor1.class_device2`]: 'vendor2.com/class=device1,vendor2.com/class=device2',
        [`${ANNOTATION_PREFIX}vendor3.class2_device`]:
          'vendor3.com/class2=device1,vendor3.com/class2=device2,vendor3.com/class2=device3',
      },
      parsed: [
        'vendor1.com/class=device1',
        'vendor2.com/class=device1',
        'vendor2.com/class=device2',
        'vendor3.com/class2=device1',
        'vendor3.com/class2=device2',
        'vendor3.com/class2=device3',
      ],
    },
  ];

  it.each(valid)('$name', ({ injections, annotations, parsed }) => {
    let current: Record<string, string> | undefined;
    for (const i of injections) current = updateAnnotations(current, i.plugin, i.devID, i.devices);
    expect(current).toEqual(annotations);
    expect(parseAnnotations(current).devices).toEqual(parsed);
  });

  const invalid: {
    name: string;
    existing?: Record<string, string>;
    injections: Injection[];
    error: string;
  }[] = [
    {
      name: 'invalid, empty plugin',
      injections: [
        { plugin: 'vendor1.class', devID: 'device', devices: ['vendor1.com/class=device1'] },
        { plugin: '', devID: 'device', devices: ['vendor3.com/class2=device1'] },
      ],
      error: 'CDI annotation failed: invalid plugin name, empty',
    },
    {
      name: 'invalid, malformed device reference',
      injections: [
        {
          plugin: 'vendor2.class',
          devID: 'device',
          devices: ['vendor2.com/class=device1', 'vendor2.com/device2'],
        },
      ],
      error: 'CDI annotation failed: unqualified device "vendor2.com/device2", missing vendor',
    },
    {
      name: 'invalid, pre-resolved device',
      injections: [
        { plugin: 'vendor3.class2', devID: 'device', devices: ['vendor3.com/class2=device1', '/dev/null'] },
      ],
      error: 'CDI annotation failed: unqualified device "/dev/null", missing vendor',
    },
    {
      name: 'invalid, conflicting keys',
      existing: { [`${ANNOTATION_PREFIX}vendor3.class2_device`]: 'vendor3.com/class2=device0' },
      injections: [{ plugin: 'vendor3.class2', devID: 'device', devices: ['vendor3.com/class2=device1'] }],
      error: 'CDI annotation failed, key "cdi.k8s.io/vendor3.class2_device" used',
    },
  ];

  it.each(invalid)('$name', ({ existing, injections, error }) => {
    const run = () => {
      let current = existing;
      for (const i of injections) current = updateAnnotations(current, i.plugin, i.devID, i.devices);
    };
    expect(run).toThrow(expect.objectContaining({ code: 'CDI_ANNOTATION', message: error }));
  });

  it('leaves the annotations it was given alone', () => {
    const existing = Object.freeze({ other: 'x' });
    const updated = updateAnnotations(existing, 'vendor.class', 'dev', ['vendor.com/class=dev']);
    expect(existing).toEqual({ other: 'x' });
    expect(updated).toEqual({ other: 'x', 'cdi.k8s.io/vendor.class_dev': 'vendor.com/class=dev' });
  });

  it('annotationValue joins checked names', () => {
    expect(annotationValue([])).toBe('');
    expect(annotationValue(['a.com/b=c', 'a.com/b=d'])).toBe('a.com/b=c,a.com/b=d');
    expect(() => annotationValue(['a.com/b=c', 'nope'])).toThrow('unqualified device "nope", missing vendor');
  });
});

describe('parseAnnotations (TestParseAnnotation)', () => {
  it.each<{ name: string; annotations: Record<string, string>; devices: string[] }>([
    {
      name: 'one vendor, one device',
      annotations: { [`${ANNOTATION_PREFIX}vendor.class_device`]: 'vendor.com/class=device1' },
      devices: ['vendor.com/class=device1'],
    },
    {
      name: 'one vendor, multiple devices',
      annotations: {
        [`${ANNOTATION_PREFIX}vendor.class_device`]:
          'vendor.com/class=device1,vendor.com/class=device2,vendor.com/class=device3',
      },
      devices: ['vendor.com/class=device1', 'vendor.com/class=device2', 'vendor.com/class=device3'],
    },
    {
      name: 'multiple plugins, multiple devices (read in key order)',
      annotations: {
        [`${ANNOTATION_PREFIX}vendor3.class2_device`]:
          'vendor3.com/class2=device1,vendor3.com/class2=device2,vendor3.com/class2=device3',
        [`${ANNOTATION_PREFIX}vendor1.class_device`]: 'vendor1.com/class=device1',
        [`${ANNOTATION_PREFIX}vendor2.class_device`]: 'vendor2.com/class=device1,vendor2.com/class=device2',
        'io.kubernetes.cri.container-type': 'container',
      },
      devices: [
        'vendor1.com/class=device1',
        'vendor2.com/class=device1',
        'vendor2.com/class=device2',
        'vendor3.com/class2=device1',
        'vendor3.com/class2=device2',
        'vendor3.com/class2=device3',
      ],
    },
  ])('$name', ({ annotations, devices }) => {
    const parsed = parseAnnotations(annotations);
    expect(parsed.devices).toEqual(devices);
    expect(parsed.keys).toEqual(
      Object.keys(annotations)
        .filter((k) => k.startsWith(ANNOTATION_PREFIX))
        .sort(),
    );
  });

  it.each<{ name: string; annotations: Record<string, string>; error: string }>([
    {
      name: 'invalid, malformed device reference',
      annotations: {
        [`${ANNOTATION_PREFIX}vendor1.class1_device`]: 'vendor1.com/class1=device1',
        [`${ANNOTATION_PREFIX}vendor3.class_device`]: 'vendor3.com=device3',
      },
      error: 'invalid CDI device name "vendor3.com=device3"',
    },
    {
      name: 'invalid, pre-resolved device',
      annotations: { [`${ANNOTATION_PREFIX}vendor2.class_device`]: '/dev/null' },
      error: 'invalid CDI device name "/dev/null"',
    },
    {
      name: 'invalid, empty value',
      annotations: { [`${ANNOTATION_PREFIX}x`]: '' },
      error: 'invalid CDI device name ""',
    },
  ])('$name', ({ annotations, error }) => {
    expect(() => parseAnnotations(annotations)).toThrow(
      expect.objectContaining({ code: 'CDI_ANNOTATION', message: error }),
    );
  });

  it('takes null and no annotations as none', () => {
    expect(parseAnnotations(null)).toEqual({ keys: [], devices: [] });
    expect(parseAnnotations({})).toEqual({ keys: [], devices: [] });
  });
});

describe('requestedDevices (containerd CRI WithCDI)', () => {
  it('takes CDIDevices first, then annotation devices, each once', () => {
    expect(
      requestedDevices(
        [
          { name: 'vendor1.com/device=foo' },
          { name: 'vendor3.com/device=foo3' },
          { name: 'vendor1.com/device=foo' },
        ],
        {
          [`${ANNOTATION_PREFIX}vendor3_devices`]: 'vendor3.com/device=foo3',
          [`${ANNOTATION_PREFIX}vendor4_devices`]: 'vendor4.com/device=bar4',
        },
      ),
    ).toEqual(['vendor1.com/device=foo', 'vendor3.com/device=foo3', 'vendor4.com/device=bar4']);
  });

  it('passes CRI names through unchecked (they fail as unresolvable) and fails on a bad annotation', () => {
    expect(requestedDevices([{ name: 'foobar' }], null)).toEqual(['foobar']);
    expect(() => requestedDevices(null, { [`${ANNOTATION_PREFIX}devices`]: 'foobar' })).toThrow(
      'failed to parse CDI device annotations: invalid CDI device name "foobar"',
    );
    expect(requestedDevices(null, null)).toEqual([]);
    expect(requestedDevices([], {})).toEqual([]);
  });
});
