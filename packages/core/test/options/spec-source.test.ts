import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultLinuxSpec, sparseSpecNames, sparseSpecs } from '@ocispec/test-fixtures';
import { afterAll, describe, expect, it } from 'vitest';
import { applyOptsSync, freezeSpec } from '../../src/compose.js';
import type { FrozenSpec } from '../../src/engine.js';
import { isOcispecError, SpecOptError } from '../../src/errors.js';
import {
  withDefaultSpec,
  withDefaultSpecForPlatform,
  withEnv,
  withMounts,
  withRlimit,
  withSpecFromBytes,
  withSpecFromFile,
  withTTY,
} from '../../src/options/index.js';
import type { Platform } from '../../src/platform.js';
import { current, ensureLinux, peekArray, writable } from '../../src/sections.js';
import { apply, fakeHost, testContext, thrown } from './helpers.js';

const DECODE = 'decoding spec config file failed, current supported OCI runtime-spec : v1.3.0: ';

describe('withSpecFromBytes', () => {
  it('replaces the whole spec', () => {
    const out = apply(defaultLinuxSpec(), withSpecFromBytes('{"ociVersion":"1.0.0","hostname":"h"}'));
    expect(out).toEqual({ ociVersion: '1.0.0', hostname: 'h' });
  });

  it("takes JSON text (a pipeline file's form): bytes are refused as non-JSON, naming the option", () => {
    const bytes = new TextEncoder().encode('{"hostname":"h"}');
    // @ts-expect-error the argument is a string
    const error = thrown(() => withSpecFromBytes(bytes));
    expect(error.message).toBe('withSpecFromBytes: argument 1: a Uint8Array object (not JSON)');
    expect(isOcispecError(error, 'BAD_ARGUMENT')).toBe(true);
  });

  it('keeps 64-bit integers exact', () => {
    const text = '{"process":{"rlimits":[{"type":"RLIMIT_NOFILE","hard":18446744073709551615,"soft":1}]}}';
    expect(apply({}, withSpecFromBytes(text)).process?.rlimits?.[0]?.hard).toBe(18446744073709551615n);
  });

  it('keeps unknown fields and reports each through ctx.warn', () => {
    const warnings: string[] = [];
    const ctx = testContext({}, warnings);
    const out = applyOptsSync(
      {},
      [withSpecFromBytes('{"hostname":"h","x-team":1,"process":{"foo":true}}')],
      ctx,
    );
    expect(out).toEqual({ hostname: 'h', 'x-team': 1, process: { foo: true } });
    expect(warnings).toEqual([
      'unknown field /x-team kept (containerd would drop it)',
      'unknown field /process/foo kept (containerd would drop it)',
    ]);
  });

  it('reads repeated and case-folded keys as containerd does, and warns about each', () => {
    const warnings: string[] = [];
    const ctx = testContext({}, warnings);
    const text =
      '{"process":{"cwd":"/","user":{"uid":1000}},"Process":{"user":{"uid":0}},"hostname":"a","hostname":"b"}';
    const out = applyOptsSync({}, [withSpecFromBytes(text)], ctx);
    expect(out).toEqual({ process: { cwd: '/', user: { uid: 0 } }, hostname: 'b' });
    expect(warnings).toEqual([
      expect.stringMatching(
        /^\/process: keys "process", "Process" \(at \/process 1:2, \/Process 1:44\) all name \/process for Go/,
      ),
      expect.stringMatching(/^\/hostname: key "hostname" appears 2 times in one object/),
    ]);
  });

  it('refuses an integer Go refuses, naming the pointer', () => {
    const error = thrown(() => apply({}, withSpecFromBytes('{"process":{"user":{"uid":1e3}}}')));
    expect((error.cause as Error).message).toBe(
      `${DECODE}/process/user/uid: expected uint32 (0..4294967295), got 1e3: Go's strconv.ParseUint takes no fraction or exponent in an integer field`,
    );
  });

  it('null decodes to the zeroed (empty) spec', () => {
    expect(apply(defaultLinuxSpec(), withSpecFromBytes('null'))).toEqual({});
  });

  it.each([
    [
      '{',
      /^decoding spec config file failed, current supported OCI runtime-spec : v1\.3\.0: invalid JSON at line 1/,
    ],
    ['{"a":1} x', /^decoding spec config file failed.*: invalid JSON/],
    ['[]', 'json: cannot unmarshal array into Go value of type specs.Spec'],
    ['"s"', 'json: cannot unmarshal string into Go value of type specs.Spec'],
    ['5', 'json: cannot unmarshal number into Go value of type specs.Spec'],
    ['true', 'json: cannot unmarshal bool into Go value of type specs.Spec'],
    ['{"hostname":"h","process":{"cwd":5}}', '/process/cwd: expected string, received number'],
  ])('%s: containerd decode error', (text, message) => {
    const error = thrown(() => apply({}, withSpecFromBytes(text)));
    expect(error.cause).toBeInstanceOf(SpecOptError);
    const cause = error.cause as Error;
    if (typeof message === 'string') expect(cause.message).toBe(`${DECODE}${message}`);
    else expect(cause.message).toMatch(message);
    expect(error.message).not.toContain('\n');
  });

  it('later options can edit the decoded spec', () => {
    const out = apply({}, [
      withSpecFromBytes('{"linux":{},"process":{"env":["A=1"]}}'),
      withTTY(),
      withEnv(['B=2']),
    ]);
    expect(out.process).toEqual({ env: ['A=1', 'TERM=xterm', 'B=2'], terminal: true });
  });
});

describe('withSpecFromFile', () => {
  it('reads through ctx.host.fs', () => {
    const host = fakeHost({ '/cfg/config.json': '{"hostname":"h"}' });
    expect(apply({ ociVersion: 'x' }, withSpecFromFile('/cfg/config.json'), { host })).toEqual({
      hostname: 'h',
    });
  });

  it.each([
    ['/nope.json', 'cannot load spec config file: open /nope.json: no such file or directory'],
    ['/cfg', 'cannot load spec config file: read /cfg: is a directory'],
  ])('%s: %s', (path, message) => {
    const host = fakeHost({ '/cfg/config.json': '{}' });
    const error = thrown(() => apply({}, withSpecFromFile(path), { host }));
    expect((error.cause as Error).message).toBe(message);
    expect(error.message).toBe(`option 0 (withSpecFromFile): ${message}`);
  });

  it('a decode error names the file and uses the containerd prefix', () => {
    const host = fakeHost({ '/c.json': '{"a":' });
    const error = thrown(() => apply({}, withSpecFromFile('/c.json'), { host }));
    expect((error.cause as Error).message).toMatch(
      /^decoding spec config file failed, .*: \/c\.json: invalid JSON/,
    );
  });

  describe('real file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ocispec-specfile-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('TestWithSpecFromFile: a round trip of the default spec deep-equals the original', () => {
      const file = join(dir, 'config.json');
      writeFileSync(file, JSON.stringify(defaultLinuxSpec()));
      expect(apply({}, withSpecFromFile(file))).toEqual(defaultLinuxSpec());
    });

    it('a missing real file gives the Go error', () => {
      const file = join(dir, 'missing.json');
      expect(() => apply({}, withSpecFromFile(file))).toThrow(
        `cannot load spec config file: open ${file}: no such file or directory`,
      );
    });
  });
});

/** A fake `defaultSpec` hook: frozen, shared defaults per OS (as a real hook caches them). */
function fakeDefaults(calls: Platform[] = []) {
  const linux = freezeSpec(defaultLinuxSpec());
  const windows = freezeSpec({
    ociVersion: '1.3.0',
    process: { cwd: 'C:\\' },
    windows: { layerFolders: null },
  });
  return (platform: Platform): FrozenSpec => {
    calls.push(platform);
    return platform.os === 'windows' ? windows : linux;
  };
}

describe('withDefaultSpec', () => {
  it('TestWithDefaultSpec: deep-equals the target platform default', () => {
    const calls: Platform[] = [];
    const out = apply({ hostname: 'gone' }, withDefaultSpec(), {
      defaultSpec: fakeDefaults(calls),
      platform: 'linux/arm64',
    });
    expect(out).toEqual(defaultLinuxSpec());
    expect(calls).toEqual([{ os: 'linux', architecture: 'arm64' }]);
  });

  it('design decision: the target platform, not the host', () => {
    const out = apply({}, withDefaultSpec(), { defaultSpec: fakeDefaults(), platform: 'windows/amd64' });
    expect(out.windows).toBeDefined();
    expect(out.linux).toBeUndefined();
  });

  it('later options edit a frozen, shared default without a TypeError and without touching it', () => {
    const defaultSpec = fakeDefaults();
    const out = apply(
      {},
      [
        withDefaultSpec(),
        withEnv(['A=1']),
        withTTY(),
        withRlimit({ type: 'RLIMIT_NOFILE', hard: 1, soft: 1 }),
        withMounts([{ destination: '/x' }]),
        (spec) => {
          const linux = ensureLinux(spec);
          linux.namespaces = current(linux, 'namespaces')!.slice(0, -1);
          const mount = writable(writable(spec, 'mounts', true), 0, true);
          mount.options = [...peekArray(mount, 'options'), 'ro'];
        },
      ],
      { defaultSpec },
    );
    expect(out.process?.env).toEqual([defaultLinuxSpec().process!.env![0], 'A=1', 'TERM=xterm']);
    expect(defaultSpec({ os: 'linux', architecture: 'amd64' })).toEqual(defaultLinuxSpec());
  });

  it('without a default spec hook it fails with the hook error', () => {
    expect(() => apply({}, withDefaultSpec())).toThrow(/no default spec for linux/);
  });

  it.each(sparseSpecNames)('on %s: replaces the spec', (name) => {
    expect(apply(sparseSpecs()[name]!, withDefaultSpec(), { defaultSpec: fakeDefaults() })).toEqual(
      defaultLinuxSpec(),
    );
  });
});

describe('withDefaultSpecForPlatform', () => {
  it('TestWithDefaultSpecForPlatform: linux then windows on the same spec gives no error', () => {
    const calls: Platform[] = [];
    const out = apply(
      {},
      [withDefaultSpecForPlatform('linux/amd64'), withDefaultSpecForPlatform('windows/amd64')],
      { defaultSpec: fakeDefaults(calls) },
    );
    expect(out.windows).toEqual({ layerFolders: null });
    expect(calls.map((p) => p.os)).toEqual(['linux', 'windows']);
  });

  it('a one-component specifier completes from the target platform', () => {
    const calls: Platform[] = [];
    apply({}, withDefaultSpecForPlatform('linux'), {
      defaultSpec: fakeDefaults(calls),
      platform: 'windows/arm64',
    });
    apply({}, withDefaultSpecForPlatform('amd64'), {
      defaultSpec: fakeDefaults(calls),
      platform: 'windows/arm64',
    });
    expect(calls).toEqual([
      { os: 'linux', architecture: 'arm64' },
      { os: 'windows', architecture: 'amd64' },
    ]);
  });

  it.each([
    ['', '"" is an invalid OS component of "": OSAndVersion specifier component must match'],
    ['linux/*', '"linux/*": wildcards not yet supported: invalid argument'],
    ['bogus!', '"bogus!" is an invalid OS component of "bogus!"'],
    ['nonsense', '"nonsense": unknown operating system or architecture: invalid argument'],
  ])('%j: containerd parse error', (platform, message) => {
    const error = thrown(() =>
      apply({}, withDefaultSpecForPlatform(platform), { defaultSpec: fakeDefaults() }),
    );
    expect(isOcispecError(error.cause, 'BAD_PLATFORM')).toBe(true);
    expect((error.cause as Error).message).toContain(message);
  });
});
