/** container-device-interface `pkg/parser/parser_test.go` (TestQualifiedName), as behaviour. */
import { describe, expect, it } from 'vitest';
import {
  CdiError,
  classNameProblem,
  deviceNameProblem,
  isQualifiedName,
  parseDevice,
  parseQualifiedName,
  parseQualifier,
  qualifiedName,
  qualifiedNameProblem,
  vendorNameProblem,
} from '../src/index.js';

interface Case {
  device: string;
  vendor: string;
  class: string;
  name: string;
  /** Valid as a qualified name (else only parsable). */
  qualified: boolean;
}

const cases: Case[] = [
  { device: 'vendor.com/class=dev', vendor: 'vendor.com', class: 'class', name: 'dev', qualified: true },
  // single-character vendor and class (a regression in the reference: slice bounds out of range)
  { device: 'a/b=c', vendor: 'a', class: 'b', name: 'c', qualified: true },
  { device: 'aa/b=cc', vendor: 'aa', class: 'b', name: 'cc', qualified: true },
  { device: 'a/bb=cc', vendor: 'a', class: 'bb', name: 'cc', qualified: true },
  { device: 'vendor.com/class=0', vendor: 'vendor.com', class: 'class', name: '0', qualified: true },
  {
    device: 'vendor1.com/class1=dev1',
    vendor: 'vendor1.com',
    class: 'class1',
    name: 'dev1',
    qualified: true,
  },
  {
    device: 'vendor1.com/class.subclass=dev1',
    vendor: 'vendor1.com',
    class: 'class.subclass',
    name: 'dev1',
    qualified: true,
  },
  {
    device: 'other-vendor1.com/class_1=dev_1',
    vendor: 'other-vendor1.com',
    class: 'class_1',
    name: 'dev_1',
    qualified: true,
  },
  {
    device: 'yet_another-vendor2.com/c-lass_2=dev_1:2.3',
    vendor: 'yet_another-vendor2.com',
    class: 'c-lass_2',
    name: 'dev_1:2.3',
    qualified: true,
  },
  { device: '_invalid.com/class=dev', vendor: '_invalid.com', class: 'class', name: 'dev', qualified: false },
  {
    device: 'invalid2.com-/class=dev',
    vendor: 'invalid2.com-',
    class: 'class',
    name: 'dev',
    qualified: false,
  },
  {
    device: 'invalid3.com/_class=dev',
    vendor: 'invalid3.com',
    class: '_class',
    name: 'dev',
    qualified: false,
  },
  {
    device: 'invalid4.com/class_=dev',
    vendor: 'invalid4.com',
    class: 'class_',
    name: 'dev',
    qualified: false,
  },
  {
    device: 'invalid5.com/class=-dev',
    vendor: 'invalid5.com',
    class: 'class',
    name: '-dev',
    qualified: false,
  },
  {
    device: 'invalid6.com/class=dev:',
    vendor: 'invalid6.com',
    class: 'class',
    name: 'dev:',
    qualified: false,
  },
  { device: '*.com/*dev=*gpu*', vendor: '*.com', class: '*dev', name: '*gpu*', qualified: false },
];

describe('qualified names (parser_test.go TestQualifiedName)', () => {
  it.each(cases)('$device', (c) => {
    expect(parseDevice(c.device)).toEqual({ vendor: c.vendor, class: c.class, name: c.name });
    expect(isQualifiedName(c.device)).toBe(c.qualified);
    if (c.qualified) {
      expect(parseQualifiedName(c.device)).toEqual({ vendor: c.vendor, class: c.class, name: c.name });
      expect(qualifiedName(c.vendor, c.class, c.name)).toBe(c.device);
    } else {
      expect(() => parseQualifiedName(c.device)).toThrow(CdiError);
    }
  });
});

describe('unqualified names', () => {
  it.each([
    ['', 'unqualified device "", missing vendor'],
    ['/dev/null', 'unqualified device "/dev/null", missing vendor'],
    ['gpu0', 'unqualified device "gpu0", missing vendor'],
    ['vendor.com=dev', 'unqualified device "vendor.com=dev", missing vendor'],
    ['vendor.com/=dev', 'unqualified device "vendor.com/=dev", missing vendor'],
    ['vendor.com/class=', 'unqualified device "vendor.com/class=", missing vendor'],
    ['=dev', 'unqualified device "=dev", missing vendor'],
  ])('%j: %s', (device, message) => {
    expect(parseDevice(device)).toEqual({ vendor: '', class: '', name: device });
    expect(qualifiedNameProblem(device)).toBe(message);
    expect(() => parseQualifiedName(device)).toThrow(expect.objectContaining({ code: 'CDI_NAME', message }));
  });

  it('splits at the first = and the first / before it', () => {
    expect(parseDevice('a.com/b/c=d=e')).toEqual({ vendor: 'a.com', class: 'b/c', name: 'd=e' });
    expect(qualifiedNameProblem('a.com/b/c=d')).toBe(
      `invalid device "a.com/b/c=d": invalid class. invalid character '/' in name "b/c"`,
    );
  });
});

describe('name syntax texts', () => {
  it.each([
    [vendorNameProblem, '', 'invalid vendor. empty name'],
    [vendorNameProblem, '1vendor', 'invalid vendor. "1vendor", should start with letter'],
    [vendorNameProblem, 'ven dor', `invalid vendor. invalid character ' ' in name "ven dor"`],
    [vendorNameProblem, 'vendor-', 'invalid vendor. "vendor-", should end with a letter or digit'],
    [vendorNameProblem, 'v', undefined],
    [classNameProblem, 'cl.a_s-s', undefined],
    [classNameProblem, 'class=', 'invalid class. "class=", should end with a letter or digit'],
    [deviceNameProblem, '', 'invalid (empty) device name'],
    [deviceNameProblem, '-dev', 'invalid class "-dev", should start with a letter or digit'],
    [deviceNameProblem, 'a dev ice', `invalid character ' ' in device name "a dev ice"`],
    [deviceNameProblem, 'dev:', 'invalid name "dev:", should end with a letter or digit'],
    [deviceNameProblem, '0', undefined],
    [deviceNameProblem, 'gpu:0.1_a-b', undefined],
    // bytes between the first and the last are read as UTF-8, a non-ASCII first or last byte is no letter
    [deviceNameProblem, 'aéb', `invalid character 'é' in device name "aéb"`],
    [deviceNameProblem, 'éa', 'invalid class "éa", should start with a letter or digit'],
  ] as const)('%o %j', (check, name, problem) => {
    expect(check(name)).toBe(problem);
  });

  it('splits a kind at its first /', () => {
    expect(parseQualifier('vendor.com/class')).toEqual({ vendor: 'vendor.com', class: 'class' });
    expect(parseQualifier('vendor.com/class/x')).toEqual({ vendor: 'vendor.com', class: 'class/x' });
    expect(parseQualifier('vendor.comdevice')).toEqual({ vendor: '', class: 'vendor.comdevice' });
    expect(parseQualifier('/class')).toEqual({ vendor: '', class: '/class' });
    expect(parseQualifier('vendor/')).toEqual({ vendor: '', class: 'vendor/' });
  });
});
