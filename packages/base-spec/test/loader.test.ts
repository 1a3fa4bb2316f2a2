import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { HostFS } from '@ocispec/core';
import { printSpec } from '@ocispec/core';
import { nodeHostFS } from '@ocispec/core/internal';
import { describe, expect, it } from 'vitest';
import type { BaseSpecErrorReason } from '../src/index.js';
import {
  BaseSpecError,
  BaseSpecLoader,
  INHERITABLE_CAPABILITIES_RULE,
  isBaseSpecError,
  loadBaseSpec,
  specDigest,
} from '../src/index.js';
import { deniedFS, fixtures, tempDir, write } from './helpers.js';

const GOOD = { ociVersion: '1.0.2', hostname: 'good', process: { cwd: '/', user: { uid: 0, gid: 0 } } };

describe('loading a base spec', () => {
  it('parses losslessly, deep-freezes and digests the canonical JSON', () => {
    const base = loadBaseSpec(path.join(fixtures, 'cri-base.json'));
    expect(base.spec.process?.rlimits?.[0]?.hard).toBe(18446744073709551615n);
    expect(base.spec.linux?.resources?.memory?.limit).toBe(9223372036854775807n);
    expect(Object.isFrozen(base.spec)).toBe(true);
    expect(Object.isFrozen(base.spec.process?.capabilities?.bounding)).toBe(true);
    expect(Object.isFrozen(base)).toBe(true);
    const canonical = printSpec(base.spec);
    expect(base.digest).toBe(`sha256:${createHash('sha256').update(canonical).digest('hex')}`);
    expect(specDigest(base.spec)).toBe(base.digest);
    // The fixture is canonical (4-space indent): printing gives the file back byte for byte.
    expect(`${printSpec(base.spec, { indent: 4 })}\n`).toBe(
      readFileSync(path.join(fixtures, 'cri-base.json'), 'utf8'),
    );
    expect(base.warnings).toEqual([]);
    expect(base.version).toBe(1);
  });

  it('the digest ignores formatting but not content', () => {
    const dir = tempDir();
    const a = loadBaseSpec(write(dir, 'a.json', '{"ociVersion":"1.0.2","hostname":"h"}'));
    const b = loadBaseSpec(write(dir, 'b.json', '{\n  "hostname": "h",\n  "ociVersion": "1.0.2"\n}\n'));
    const c = loadBaseSpec(write(dir, 'c.json', '{"ociVersion":"1.0.2","hostname":"x"}'));
    expect(a.digest).toBe(b.digest);
    expect(a.digest).not.toBe(c.digest);
  });

  it('keeps unknown fields with a warning; strict refuses them', () => {
    const dir = tempDir();
    const file = write(
      dir,
      'u.json',
      '{"ociVersion":"1.0.2","x-team":{"a":1},"process":{"cwd":"/","x-p":1}}',
    );
    const base = loadBaseSpec(file);
    expect((base.spec as Record<string, unknown>)['x-team']).toEqual({ a: 1 });
    expect(base.warnings.map((w) => [w.pointer, w.rule, w.source])).toEqual([
      ['/x-team', 'unknown-field', file],
      ['/process/x-p', 'unknown-field', file],
    ]);
    expect(printSpec(base.spec)).toBe(
      '{"ociVersion":"1.0.2","process":{"user":{"uid":0,"gid":0},"cwd":"/","x-p":1},"x-team":{"a":1}}',
    );
    const loader = new BaseSpecLoader({ strict: true });
    expect(() => loader.load(file)).toThrow(`${file}: /x-team: unknown field (strict mode)`);
    expect(loader.size).toBe(0);
  });

  it('warns about inheritable capabilities, citing CVE-2022-24769', () => {
    const dir = tempDir();
    const file = write(dir, 'i.json', {
      ociVersion: '1.0.2',
      process: { cwd: '/', user: { uid: 0, gid: 0 }, capabilities: { inheritable: ['CAP_SYS_ADMIN'] } },
    });
    const [warning] = loadBaseSpec(file).warnings;
    expect(warning).toMatchObject({
      severity: 'warning',
      pointer: '/process/capabilities/inheritable',
      rule: INHERITABLE_CAPABILITIES_RULE,
      source: file,
    });
    expect(warning?.message).toContain('CVE-2022-24769');
    const empty = write(dir, 'e.json', {
      ociVersion: '1.0.2',
      process: { cwd: '/', user: { uid: 0, gid: 0 }, capabilities: { inheritable: [] } },
    });
    expect(loadBaseSpec(empty).warnings).toEqual([]);
  });

  it('runs an injected check: errors refuse the base, warnings are kept', () => {
    const dir = tempDir();
    const file = write(dir, 'c.json', GOOD);
    const loader = new BaseSpecLoader({
      check: (spec) =>
        spec.hostname === 'good'
          ? [
              {
                severity: 'error',
                pointer: '/hostname',
                rule: 'no-good',
                message: 'hostname "good" is banned',
              },
            ]
          : [],
    });
    expect(() => loader.load(file)).toThrow(`${file}: /hostname: no-good: hostname "good" is banned`);
    expect(loader.size).toBe(0);
    const warn = new BaseSpecLoader({
      check: () => [{ severity: 'warning', pointer: '', rule: 'note', message: 'noted' }],
    });
    expect(warn.load(file).warnings).toEqual([
      { severity: 'warning', pointer: '', rule: 'note', message: 'noted', source: file },
    ]);
  });

  it('keeps __proto__ and constructor keys as plain data: no prototype pollution', () => {
    const dir = tempDir();
    const file = write(
      dir,
      'p.json',
      '{"ociVersion":"1.0.2","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},' +
        '"annotations":{"__proto__":"x","constructor":"y"},"process":{"cwd":"/","__proto__":{"uid":"0"}}}',
    );
    const base = loadBaseSpec(file);
    const spec = base.spec as Record<string, unknown>;
    expect(Object.getPrototypeOf(spec)).toBe(Object.prototype);
    expect(Object.hasOwn(spec, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(spec, '__proto__')?.value).toEqual({ polluted: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(base.spec.annotations, '__proto__')?.value).toBe('x');
    expect(base.warnings.map((w) => w.pointer)).toEqual(['/__proto__', '/constructor', '/process/__proto__']);
    // Printed back as data, in place.
    expect(printSpec(base.spec)).toContain('"__proto__":{"polluted":true}');
  });

  it('accepts a file of exactly the size limit, refuses one byte more (limit configurable)', () => {
    const dir = tempDir();
    const text = JSON.stringify(GOOD);
    const file = write(dir, 'l.json', text);
    expect(loadBaseSpec(file, { maxBytes: text.length }).spec.hostname).toBe('good');
    expect(() => loadBaseSpec(file, { maxBytes: text.length - 1 })).toThrow(
      `${file}: file is ${text.length} bytes, over the limit of ${text.length - 1} bytes`,
    );
  });
});

describe('the cache', () => {
  it('reads a file once, whatever path (or symlink) names it', () => {
    const dir = tempDir();
    const file = write(dir, 'base.json', GOOD);
    symlinkSync(file, path.join(dir, 'alias.json'));
    const loader = new BaseSpecLoader();
    const a = loader.load(file);
    const b = loader.load(path.join(dir, 'alias.json'));
    const c = loader.load(path.relative(process.cwd(), file));
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(loader.reads).toBe(1);
    expect(loader.size).toBe(1);
    expect(loader.get(path.join(dir, 'alias.json'))).toBe(a);
  });

  it('reload swaps in a changed file, keeps an unchanged one, and keeps the last good on failure', () => {
    const dir = tempDir();
    const file = write(dir, 'base.json', GOOD);
    const loader = new BaseSpecLoader();
    const first = loader.load(file);
    expect(loader.reload(file)).toEqual({ base: first, previous: first, changed: false });
    write(dir, 'base.json', { ...GOOD, hostname: 'second' });
    const second = loader.reload(file);
    expect(second.changed).toBe(true);
    expect(second.base.version).toBe(2);
    expect(loader.get(file)?.spec.hostname).toBe('second');
    expect(first.spec.hostname).toBe('good');
    write(dir, 'base.json', '{"ociVersion":');
    expect(() => loader.reload(file)).toThrow(BaseSpecError);
    expect(loader.get(file)).toBe(second.base);
  });
});

type BadCase = {
  name: string;
  reason: BaseSpecErrorReason;
  code: string;
  /** Sets the bad file up; returns its path and, optionally, the loader options. */
  setup: (dir: string) => {
    file: string;
    fs?: ReturnType<typeof deniedFS>;
    maxBytes?: number;
    strict?: boolean;
  };
  message: (file: string) => string;
};

const BAD: BadCase[] = [
  {
    name: 'an empty file',
    reason: 'empty',
    code: 'INVALID_JSON',
    setup: (d) => ({ file: write(d, 'bad.json', '') }),
    message: (f) => `${f}: empty file: a base spec must be a JSON object`,
  },
  {
    name: 'whitespace only',
    reason: 'whitespace',
    code: 'INVALID_JSON',
    setup: (d) => ({ file: write(d, 'bad.json', ' \n\t\r\n ') }),
    message: (f) => `${f}: the file holds only whitespace: a base spec must be a JSON object`,
  },
  {
    name: 'malformed JSON',
    reason: 'invalid-json',
    code: 'INVALID_JSON',
    setup: (d) => ({ file: write(d, 'bad.json', '{\n  "ociVersion": "1.0.2",\n  "hostname" "x"\n}') }),
    message: (f) => `${f}: invalid JSON at line 3, column 14: expected ':' after object key`,
  },
  {
    name: 'trailing data after the object',
    reason: 'trailing-data',
    code: 'INVALID_JSON',
    setup: (d) => ({ file: write(d, 'bad.json', '{"ociVersion":"1.0.2"} {"ociVersion":"1.0.2"}') }),
    message: (f) => `${f}: invalid JSON at line 1, column 24: unexpected '{' after the top-level value`,
  },
  {
    name: 'a JSON array',
    reason: 'not-object',
    code: 'BAD_SPEC',
    setup: (d) => ({ file: write(d, 'bad.json', '[{"ociVersion":"1.0.2"}]') }),
    message: (f) => `${f}: /: expected a JSON object, received array (a base spec is a whole config.json)`,
  },
  {
    name: 'a JSON scalar',
    reason: 'not-object',
    code: 'BAD_SPEC',
    setup: (d) => ({ file: write(d, 'bad.json', '"1.0.2"') }),
    message: (f) => `${f}: /: expected a JSON object, received string (a base spec is a whole config.json)`,
  },
  {
    name: 'null',
    reason: 'not-object',
    code: 'BAD_SPEC',
    setup: (d) => ({ file: write(d, 'bad.json', 'null') }),
    message: (f) => `${f}: /: expected a JSON object, received null (a base spec is a whole config.json)`,
  },
  {
    name: 'process.user.uid as a string',
    reason: 'wrong-type',
    code: 'BAD_SPEC',
    setup: (d) => ({
      file: write(d, 'bad.json', '{"ociVersion":"1.0.2","process":{"cwd":"/","user":{"uid":"0","gid":0}}}'),
    }),
    message: (f) => `${f}: /process/user/uid: expected uint32 (0..4294967295), received string`,
  },
  {
    name: 'a missing file',
    reason: 'missing',
    code: 'FILE_ERROR',
    setup: (d) => ({ file: path.join(d, 'nope.json') }),
    message: (f) => `${f}: no such file or directory`,
  },
  {
    name: 'a directory',
    reason: 'directory',
    code: 'FILE_ERROR',
    setup: (d) => {
      const file = path.join(d, 'dir.json');
      mkdirSync(file);
      return { file };
    },
    message: (f) => `${f}: is a directory`,
  },
  {
    // The tests run as root, where chmod 000 does not stop a read: a fake filesystem throws EACCES instead.
    name: 'permission denied (reading)',
    reason: 'permission',
    code: 'FILE_ERROR',
    setup: (d) => {
      const file = write(d, 'bad.json', GOOD);
      return { file, fs: deniedFS(file) };
    },
    message: (f) => `${f}: permission denied`,
  },
  {
    name: 'permission denied (a directory on the path)',
    reason: 'permission',
    code: 'FILE_ERROR',
    setup: (d) => {
      const file = write(d, 'bad.json', GOOD);
      return { file, fs: deniedFS(file, 'stat') };
    },
    message: (f) => `${f}: permission denied`,
  },
  {
    name: 'invalid UTF-8 (strict: Go reads it as U+FFFD, a warning otherwise)',
    reason: 'invalid-utf8',
    code: 'INVALID_JSON',
    setup: (d) => ({
      file: write(
        d,
        'bad.json',
        new Uint8Array([
          0x7b, 0x22, 0x68, 0x6f, 0x73, 0x74, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d,
        ]),
      ),
      strict: true,
    }),
    message: (f) =>
      `${f}: /hostname: invalid UTF-8 in a string (at /hostname 1:13): Go reads each invalid byte as U+FFFD; strict readers reject the file (strict mode)`,
  },
  {
    name: 'a repeated key (strict: Go merges the objects, a warning otherwise)',
    reason: 'ambiguous-key',
    code: 'BAD_SPEC',
    setup: (d) => ({
      file: write(d, 'bad.json', '{"ociVersion":"1.0.2","process":{"cwd":"/"},"process":{"user":{"uid":1}}}'),
      strict: true,
    }),
    message: (f) =>
      `${f}: /process: key "process" appears 2 times in one object (at /process 1:23, /process 1:45): Go merges them (each decoded into the same struct); readers that keep the first or the last see something else (strict mode)`,
  },
  {
    name: 'a file over the size limit (configured)',
    reason: 'too-large',
    code: 'FILE_ERROR',
    setup: (d) => ({
      file: write(d, 'bad.json', JSON.stringify({ ...GOOD, env: 'x'.repeat(200) })),
      maxBytes: 200,
    }),
    message: (f) =>
      `${f}: file is ${JSON.stringify({ ...GOOD, env: 'x'.repeat(200) }).length} bytes, over the limit of 200 bytes`,
  },
  {
    name: 'a file over the default limit of 10 MiB',
    reason: 'too-large',
    code: 'FILE_ERROR',
    setup: (d) => {
      const file = path.join(d, 'big.json');
      const body = `{"ociVersion":"1.0.2","annotations":{"a":"${'x'.repeat(10 * 1024 * 1024)}"}}`;
      writeFileSync(file, body);
      return { file };
    },
    message: (f) => `${f}: file is ${10 * 1024 * 1024 + 45} bytes, over the limit of 10485760 bytes`,
  },
  {
    name: 'a symlink loop',
    reason: 'symlink-loop',
    code: 'FILE_ERROR',
    setup: (d) => {
      symlinkSync(path.join(d, 'b.json'), path.join(d, 'a.json'));
      symlinkSync(path.join(d, 'a.json'), path.join(d, 'b.json'));
      return { file: path.join(d, 'a.json') };
    },
    message: (f) => `${f}: too many levels of symbolic links`,
  },
];

describe('bad input: a typed one-line error naming the file, nothing cached, nothing lost', () => {
  it.each(BAD)('$name', ({ reason, code, setup, message }) => {
    const dir = tempDir();
    const goodFile = write(dir, 'good.json', GOOD);
    const { file, fs, maxBytes, strict } = setup(dir);
    const loader = new BaseSpecLoader({ fs, maxBytes, strict });
    const good = loader.load(goodFile);
    const before = printSpec(good.spec);
    let error: unknown;
    try {
      loader.load(file);
    } catch (e) {
      error = e;
    }
    expect(isBaseSpecError(error, reason)).toBe(true);
    const e = error as BaseSpecError;
    expect(e.code).toBe(code);
    expect(e.message).toBe(message(file));
    expect(e.message).not.toContain('\n');
    expect(e.file).toBe(file);
    // Nothing cached, the earlier good base intact and still served.
    expect(loader.get(file)).toBeUndefined();
    expect(loader.size).toBe(1);
    expect(loader.files()).toEqual([goodFile]);
    expect(loader.get(goodFile)).toBe(good);
    expect(printSpec(good.spec)).toBe(before);
    // A second attempt fails the same way (no negative cache hiding a fix, no half state).
    expect(() => loader.load(file)).toThrow(message(file));
  });

  it('the wrong-type error carries the JSON pointer', () => {
    const dir = tempDir();
    const file = write(
      dir,
      'bad.json',
      '{"ociVersion":"1.0.2","process":{"cwd":"/","rlimits":[{"type":"RLIMIT_NOFILE","hard":"x","soft":1}]}}',
    );
    let error: BaseSpecError | undefined;
    try {
      loadBaseSpec(file);
    } catch (e) {
      error = e as BaseSpecError;
    }
    expect(error?.pointer).toBe('/process/rlimits/0/hard');
    expect(error?.message.startsWith(`${file}: /process/rlimits/0/hard: `)).toBe(true);
  });

  it.each(BAD)('reloading to $name keeps the last good version', ({ setup, reason, message }) => {
    const dir = tempDir();
    const { file, fs, maxBytes, strict } = setup(dir);
    // The same path serves a good base first, then turns into the bad input.
    const goodBytes = new TextEncoder().encode(JSON.stringify(GOOD));
    let bad = false;
    const real = fs ?? nodeHostFS;
    const switching: HostFS = {
      ...real,
      realpath: (p) => (!bad && p === file ? file : real.realpath(p)),
      stat: (p) =>
        !bad && p === file
          ? { ...nodeHostFS.stat(dir), size: goodBytes.length, isDirectory: () => false }
          : real.stat(p),
      readFile: (p, options) => (!bad && p === file ? goodBytes : real.readFile(p, options)),
    };
    const loader = new BaseSpecLoader({ fs: switching, maxBytes, strict });
    const good = loader.load(file);
    expect(good.spec.hostname).toBe('good');
    const before = printSpec(good.spec);
    bad = true;
    let error: unknown;
    try {
      loader.reload(file);
    } catch (e) {
      error = e;
    }
    expect(isBaseSpecError(error, reason)).toBe(true);
    expect((error as Error).message).toBe(message(file));
    expect(loader.get(file)).toBe(good);
    expect(loader.size).toBe(1);
    expect(printSpec(good.spec)).toBe(before);
  });
});
