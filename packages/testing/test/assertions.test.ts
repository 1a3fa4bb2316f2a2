import { AssertionError } from 'node:assert';
import type { Spec } from '@ocispec/core';
import { definePlugin, ValidationReport, withAnnotations, withHostname } from '@ocispec/core';
import { describe, expect, it } from 'vitest';
import {
  composeWith,
  expectAbsent,
  expectAt,
  expectComposeError,
  expectFinding,
  expectNoFindings,
  expectOcispecError,
  expectOnlyChanged,
  pointerOf,
  pointerTokens,
  valueAt,
} from '../src/index.js';

const spec = {
  process: { env: ['A=1'], user: { uid: 0, gid: 0 } },
  annotations: { 'example.com/team': 'infra' },
};

function assertionMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AssertionError);
    return (error as AssertionError).message;
  }
  throw new Error('expected an AssertionError');
}

describe('JSON pointers', () => {
  it('reads values, with ~1 and ~0 escapes, and array indexes', () => {
    expect(valueAt(spec, '/annotations/example.com~1team')).toBe('infra');
    expect(valueAt(spec, '/process/env/0')).toBe('A=1');
    expect(valueAt(spec, '/process/env/1')).toBeUndefined();
    expect(valueAt(spec, '/process/env/01')).toBeUndefined();
    expect(valueAt(spec, '/process/env/length')).toBeUndefined();
    expect(valueAt(spec, '/annotations/toString')).toBeUndefined();
    expect(valueAt(spec, '')).toBe(spec);
    expect(pointerOf('annotations', 'a/b~c')).toBe('/annotations/a~1b~0c');
    expect(pointerTokens(pointerOf('a/b~c', 0))).toEqual(['a/b~c', '0']);
    expect(assertionMessage(() => valueAt(spec, 'process'))).toBe(
      'not a JSON pointer: "process" (it starts with "/", or is "")',
    );
  });

  it('expectAt passes on deep equality and fails naming the pointer and both values', () => {
    expectAt(spec, '/process/user', { gid: 0, uid: 0 });
    expect(assertionMessage(() => expectAt(spec, '/process/user/uid', 1000))).toBe(
      '/process/user/uid: expected 1000, got 0',
    );
    expect(assertionMessage(() => expectAt(spec, '/hostname', 'web'))).toBe(
      '/hostname: expected "web", but nothing is there',
    );
    expect(
      assertionMessage(() => expectAt({ process: { user: { uid: 1, gid: 0 } } }, '/process/user/uid', 1n)),
    ).toBe('/process/user/uid: expected "1n", got 1');
  });

  it('expectAbsent fails on a value, null included', () => {
    expectAbsent(spec, '/hostname');
    expect(assertionMessage(() => expectAbsent({ hostname: null } as unknown as Spec, '/hostname'))).toBe(
      '/hostname: expected nothing, got null',
    );
  });

  it('expectOnlyChanged lists unexpected changes and untouched pointers', async () => {
    const base = { hostname: 'a', annotations: { x: '1' } };
    const { spec: result } = await composeWith([], { base, opts: [withAnnotations({ y: '2' })] });
    expectOnlyChanged(base, result, ['/annotations']);
    expect(assertionMessage(() => expectOnlyChanged(base, result, ['/hostname']))).toBe(
      'unexpected change at /annotations/y (added): undefined → "2"\nexpected a change at /hostname, but it is as in the base',
    );
  });

  it('finds findings, and fails listing what the report holds', () => {
    const report = new ValidationReport();
    report.error('/annotations', 'team/missing', 'every container needs a team');
    expect(expectFinding(report, { rule: 'team/missing', severity: 'error' }).pointer).toBe('/annotations');
    expectFinding(report, { message: /needs a team/ });
    expect(assertionMessage(() => expectFinding(report, { rule: 'team/other' }))).toBe(
      'no finding matches {"rule":"team/other"}; the report has error team/missing at /annotations: every container needs a team',
    );
    expect(assertionMessage(() => expectNoFindings(report))).toBe(
      'expected no findings, got: error team/missing at /annotations: every container needs a team',
    );
    expectNoFindings(new ValidationReport());
  });
});

describe('compose helpers', () => {
  const failing = definePlugin({
    name: 'failing',
    apply(pipeline) {
      pipeline.hooks.afterApply.tap('failing', () => {
        throw new Error('no quota left');
      });
    },
  });

  it('composes over {} by default, with core options', async () => {
    const { spec: result } = await composeWith([], { opts: [withHostname('web')] });
    expect(result).toEqual({ hostname: 'web' });
  });

  it('expectComposeError returns the matching OcispecError and fails on a mismatch or a success', async () => {
    const error = await expectComposeError(failing, {}, { code: 'PLUGIN_FAILED', plugin: 'failing' });
    expect(error.message).toBe('plugin failing (afterApply): no quota left');
    await expect(expectComposeError(failing, {}, { code: 'BAD_ARGUMENT', message: /quota/ })).rejects.toThrow(
      'the OcispecError (PLUGIN_FAILED: plugin failing (afterApply): no quota left) has code "PLUGIN_FAILED", expected "BAD_ARGUMENT"',
    );
    await expect(expectComposeError([], {}, { code: 'BAD_ARGUMENT' })).rejects.toThrow(
      'expected the composition to fail with {"code":"BAD_ARGUMENT"}, but it succeeded',
    );
    await expect(
      expectComposeError(
        [],
        { opts: [['withHostname', 42]] },
        { code: 'BAD_ARGUMENT', option: 'withHostname' },
      ),
    ).resolves.toMatchObject({
      message: 'option 0 (withHostname): argument 1: expected string, received number',
    });
    expect(assertionMessage(() => expectOcispecError(new TypeError('x')))).toBe(
      'expected an OcispecError, got TypeError: x',
    );
  });
});
