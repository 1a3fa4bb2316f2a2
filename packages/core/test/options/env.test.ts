import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sectionsOf, sparseSpecNames, sparseSpecs } from '@ocispec/test-fixtures';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { FrozenSpec } from '../../src/engine.js';
import { SpecOptError } from '../../src/errors.js';
import type { Spec } from '../../src/model/index.js';
import { scanLines } from '../../src/options/env.js';
import { defaultUnixEnv, replaceOrAppendEnvValues } from '../../src/options/env-merge.js';
import { withDefaultPathEnv, withEnv, withEnvFile } from '../../src/options/index.js';
import { apply, fakeHost, rootCause, thrown } from './helpers.js';

const PATH = defaultUnixEnv[0]!;

describe('replaceOrAppendEnvValues (§5.1)', () => {
  it.each([
    {
      name: '1: appended duplicates are kept',
      defaults: [],
      overrides: ['b=1', 'b=2'],
      want: ['b=1', 'b=2'],
    },
    {
      name: '2: only the last duplicate is unset; "" dropped',
      defaults: ['A=1', 'A=2', '', '=x', 'B'],
      overrides: ['A'],
      want: ['A=1', '=x', 'B'],
    },
    {
      name: '3: A= keeps an empty value, bare B unsets',
      defaults: ['A=1', 'B=2'],
      overrides: ['A=', 'C=3', 'B'],
      want: ['A=', 'C=3'],
    },
    {
      name: '4: TestReplaceOrAppendEnvValues',
      defaults: ['o=ups', 'p=$e', 'x=foo', 'y=boo', 'z', 't='],
      overrides: ['x=bar', 'y', 'a=42', 'o=', 'e', 's='],
      want: ['o=', 'p=$e', 'x=bar', 'z', 't=', 'a=42', 's='],
    },
    { name: 'empty defaults in defaults are dropped', defaults: ['', 'A=1'], overrides: [], want: ['A=1'] },
    { name: 'unknown unset is ignored', defaults: ['A=1'], overrides: ['B'], want: ['A=1'] },
    { name: 'empty override unsets the "" key', defaults: ['=x', 'A=1'], overrides: [''], want: ['A=1'] },
    { name: 'appended entries are not indexed', defaults: [], overrides: ['a=1', 'a'], want: ['a=1'] },
    { name: 'value with = kept whole', defaults: ['A=1'], overrides: ['A=b=c'], want: ['A=b=c'] },
  ])('$name', ({ defaults, overrides, want }) => {
    const d = Object.freeze([...defaults]);
    const o = Object.freeze([...overrides]);
    expect(replaceOrAppendEnvValues(d, o)).toEqual(want);
    expect(d).toEqual(defaults);
    expect(o).toEqual(overrides);
  });

  it('agrees with a transliteration of containerd for short and long lists', () => {
    /** containerd's replaceOrAppendEnvValues, line by line. */
    const reference = (defaults: readonly string[], overrides: readonly string[]): string[] => {
      const cache = new Map<string, number>();
      const results: string[] = [];
      defaults.forEach((e, i) => {
        results.push(e);
        cache.set(e.split('=')[0]!, i);
      });
      for (const value of overrides) {
        const eq = value.indexOf('=');
        const k = eq < 0 ? value : value.slice(0, eq);
        const i = cache.get(k);
        if (eq < 0) {
          if (i !== undefined) results[i] = '';
        } else if (i !== undefined) results[i] = value;
        else results.push(value);
      }
      return results.filter((e) => e !== '');
    };
    const entry = fc.stringMatching(/^[ab=]{0,4}$/);
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 70 }), fc.array(entry, { maxLength: 12 }), (d, o) => {
        expect(replaceOrAppendEnvValues(d, o)).toEqual(reference(d, o));
      }),
      { numRuns: 3000 },
    );
  });

  it('returns a new array even when nothing changes', () => {
    const defaults = ['A=1'];
    expect(replaceOrAppendEnvValues(defaults, [])).not.toBe(defaults);
  });
});

describe('withEnv', () => {
  it('TestWithEnv: append, append, update, unset', () => {
    let spec: Spec | FrozenSpec = { process: { env: ['DEFAULT=test'] } };
    spec = apply(spec, withEnv(['env=1']));
    expect(spec.process?.env).toEqual(['DEFAULT=test', 'env=1']);
    spec = apply(spec, withEnv(['env2=1']));
    expect(spec.process?.env).toEqual(['DEFAULT=test', 'env=1', 'env2=1']);
    spec = apply(spec, withEnv(['env2=2']));
    expect(spec.process?.env).toEqual(['DEFAULT=test', 'env=1', 'env2=2']);
    spec = apply(spec, withEnv(['env2']));
    expect(spec.process?.env).toEqual(['DEFAULT=test', 'env=1']);
  });

  it.each([[[] as string[]], [null]])(
    '§5.1 item 5: withEnv(%j) is a no-op and creates no process',
    (vars) => {
      expect(apply({}, withEnv(vars))).toEqual({});
    },
  );

  it('§5.1 item 1: duplicates on an empty env are kept', () => {
    expect(apply({}, withEnv(['b=1', 'b=2'])).process).toEqual({ env: ['b=1', 'b=2'] });
  });

  it('does not share the argument array with the result', () => {
    const vars = ['A=1'];
    const out = apply({}, withEnv(vars));
    vars.push('B=2');
    expect(out.process?.env).toEqual(['A=1']);
  });

  it.each(sparseSpecNames)('on %s: creates process, never throws', (name) => {
    const out = apply(sparseSpecs()[name]!, withEnv(['X=1']));
    expect(out.process?.env).toContain('X=1');
  });
});

describe('withDefaultPathEnv', () => {
  it('§5.1 item 6: overwrites an existing PATH in place', () => {
    const out = apply({ process: { env: ['PATH=/x', 'A=1'] } }, withDefaultPathEnv());
    expect(out.process?.env).toEqual([PATH, 'A=1']);
  });

  it('TestWithDefaultPathEnv: the default PATH ends up in an empty env', () => {
    expect(apply({ process: {} }, withDefaultPathEnv()).process?.env).toEqual([PATH]);
  });

  it('appends PATH when there is none', () => {
    expect(apply({ process: { env: ['A=1'] } }, withDefaultPathEnv()).process?.env).toEqual(['A=1', PATH]);
  });

  it('without process: MISSING_SECTION naming the option and the section, where HEAD panics (no spec)', () => {
    const error = thrown(() => apply({}, withDefaultPathEnv()));
    expect(error).toMatchObject({
      code: 'MISSING_SECTION',
      option: 'withDefaultPathEnv',
      pointer: '/process',
    });
    expect(error.message).toBe(
      'option 0 (withDefaultPathEnv): the spec has no process: containerd dereferences it here and panics, producing no spec (create it first)',
    );
  });

  it.each(['windows/amd64', 'windows(10.0.17763)/amd64'])(
    'TestWindowsDefaultPathEnv: a no-op for target %s',
    (platform) => {
      const base: Spec = { process: { env: ['A=1'] } };
      expect(apply(base, withDefaultPathEnv(), { platform })).toEqual(base);
      expect(apply({}, withDefaultPathEnv(), { platform })).toEqual({});
    },
  );

  it.each(['linux/arm64', 'darwin/arm64', 'freebsd/amd64'])(
    'sets PATH for the non-windows target %s',
    (platform) => {
      expect(apply({ process: {} }, withDefaultPathEnv(), { platform }).process?.env).toEqual([PATH]);
      expect(thrown(() => apply({}, withDefaultPathEnv(), { platform }))).toMatchObject({
        code: 'MISSING_SECTION',
      });
    },
  );

  it.each(sparseSpecNames)(
    'on %s: sets PATH, or MISSING_SECTION without process (never a TypeError)',
    (name) => {
      const base = sparseSpecs()[name]!;
      if (!sectionsOf(base).process) {
        expect(thrown(() => apply(base, withDefaultPathEnv()))).toMatchObject({
          code: 'MISSING_SECTION',
          pointer: '/process',
        });
        return;
      }
      expect(apply(base, withDefaultPathEnv()).process?.env).toContain(PATH);
    },
  );
});

describe('scanLines (bufio.ScanLines)', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  it.each([
    ['', []],
    ['\n', ['']],
    ['A', ['A']],
    ['A\n', ['A']],
    ['A\r\nB', ['A', 'B']],
    ['A\r\r\n', ['A\r']],
    ['A\n\nB\n', ['A', '', 'B']],
    ['A\n\r', ['A', '']],
    ['  C=3  \n', ['  C=3  ']],
  ])('%j → %j', (text, want) => {
    expect(scanLines(enc(text))).toEqual(want);
  });

  it('a line of 65535 bytes fits; 65536 is "token too long"', () => {
    expect(scanLines(enc(`${'a'.repeat(65535)}\n`))).toHaveLength(1);
    expect(scanLines(enc('a'.repeat(65535)))).toHaveLength(1);
    expect(() => scanLines(enc(`${'a'.repeat(65536)}\n`))).toThrow('bufio.Scanner: token too long');
    expect(() => scanLines(enc('a'.repeat(65536)))).toThrow('bufio.Scanner: token too long');
  });
});

describe('withEnvFile', () => {
  const content = 'A=1\r\n# comment\n\nB=2\n  C=3  \nA\n';

  it('§5.1 item 7: CR stripped, comments unset, spaces kept, bare key unsets', () => {
    const host = fakeHost({ '/env': content });
    const out = apply({ process: { env: ['A=0', 'Z=9'] } }, withEnvFile('/env'), { host });
    expect(out.process?.env).toEqual(['Z=9', 'B=2', '  C=3  ']);
  });

  it('an empty file is a no-op (no process created)', () => {
    expect(apply({}, withEnvFile('/env'), { host: fakeHost({ '/env': '' }) })).toEqual({});
  });

  it.each([
    ['/missing', 'open /missing: no such file or directory'],
    ['/etc', 'read /etc: is a directory'],
  ])('%s: Go error text', (path, message) => {
    const host = fakeHost({ '/etc/x': 'A=1' });
    const error = thrown(() => apply({}, withEnvFile(path), { host }));
    expect(rootCause(error)).toBeInstanceOf(Error);
    expect(error.message).toBe(`option 0 (withEnvFile): ${message}`);
    expect(error.cause).toBeInstanceOf(SpecOptError);
  });

  describe('real file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocispec-envfile-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('reads through the node host', () => {
      const file = join(dir, 'env');
      writeFileSync(file, content);
      const out = apply({ process: { env: ['A=0', 'Z=9'] } }, withEnvFile(file));
      expect(out.process?.env).toEqual(['Z=9', 'B=2', '  C=3  ']);
    });

    it('a missing real file gives the Go error', () => {
      const file = join(dir, 'nope');
      expect(() => apply({}, withEnvFile(file))).toThrow(`open ${file}: no such file or directory`);
    });
  });
});
