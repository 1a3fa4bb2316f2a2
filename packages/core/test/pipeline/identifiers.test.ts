import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanPath, goQuote, joinPath } from '../../src/go-format.js';
import { namespaceRequired } from '../../src/identifiers.js';

describe('namespaceRequired', () => {
  it.each(['default', 'k8s.io', 'a-b_c.d', 'x'.repeat(76)])('accepts %s', (ns) => {
    expect(namespaceRequired(ns)).toBe(ns);
  });

  it.each([
    [undefined, 'namespace is required: failed precondition'],
    ['', 'namespace is required: failed precondition'],
    [
      'bad..ns',
      'namespace validation: identifier "bad..ns" must match ^[A-Za-z0-9]+(?:[._-](?:[A-Za-z0-9]+))*$: invalid argument',
    ],
    ['-lead', 'namespace validation: identifier "-lead" must match'],
    [
      'x'.repeat(77),
      `namespace validation: identifier "${'x'.repeat(77)}" greater than maximum length (76 characters): invalid argument`,
    ],
  ])('rejects %j', (ns, message) => {
    expect(() => namespaceRequired(ns)).toThrow(message);
  });
});

describe('Go formatting helpers', () => {
  it.each([
    ['/', '/'],
    ['', '.'],
    ['/a/b/../c/', '/a/c'],
    ['/../../etc', '/etc'],
    ['a/../..', '..'],
    ['//a//b/.', '/a/b'],
  ])('cleanPath(%j) = %j', (input, expected) => {
    expect(cleanPath(input)).toBe(expected);
  });

  it('joinPath cleans and skips empty elements', () => {
    expect(joinPath('/', 'k8s.io', 'id1')).toBe('/k8s.io/id1');
    expect(joinPath('/', 'default', '')).toBe('/default');
    expect(joinPath('/', 'ns', '../../etc')).toBe('/etc');
    expect(joinPath('', '')).toBe('');
  });

  it("joinPath is Go's path.Join: the non-empty elements joined with `/`, then cleaned", () => {
    const element = fc.stringMatching(/^[/.a]{0,6}$/);
    fc.assert(
      fc.property(fc.array(element, { maxLength: 5 }), (elements) => {
        const nonEmpty = elements.filter((e) => e !== '');
        const expected = nonEmpty.length === 0 ? '' : cleanPath(nonEmpty.join('/'));
        expect(joinPath(...elements)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('goQuote escapes like strconv.Quote', () => {
    expect(goQuote('a"b\\c\n\x01')).toBe('"a\\"b\\\\c\\n\\x01"');
  });
});
