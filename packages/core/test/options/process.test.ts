import { sectionsOf, sparseSpecNames, sparseSpecs } from '@ocispec/test-fixtures';
import { describe, expect, it } from 'vitest';
import {
  withImageConfig,
  withNewPrivileges,
  withNoNewPrivileges,
  withProcessArgs,
  withProcessCwd,
  withTTY,
  withTTYSize,
} from '../../src/options/index.js';
import { apply } from './helpers.js';

describe('withProcessArgs', () => {
  it('replaces args and clears commandLine', () => {
    const out = apply({ process: { args: ['old'], commandLine: 'old.exe' } }, withProcessArgs('a', 'b'));
    expect(out.process).toEqual({ args: ['a', 'b'] });
  });

  it('§5.7 item 44: no args gives nil args (removed) and clears commandLine', () => {
    const out = apply({ process: { args: ['x'], commandLine: 'x.exe', cwd: '/' } }, withProcessArgs());
    expect(out.process).toEqual({ cwd: '/' });
  });

  it('§5.7 item 44: image config then process args: args win, commandLine empty (windows branch)', () => {
    const image = { config: { Entrypoint: ['cmd.exe', '/c', 'dir'], ArgsEscaped: true } };
    expect(apply({ windows: {} }, withImageConfig(image)).process?.commandLine).toBe('cmd.exe /c dir');
    const out = apply({ windows: {} }, [withImageConfig(image), withProcessArgs('a')]);
    expect(out.process?.args).toEqual(['a']);
    expect(out.process?.commandLine).toBeUndefined();
  });

  it.each(sparseSpecNames)('on %s: creates process', (name) => {
    expect(apply(sparseSpecs()[name]!, withProcessArgs('sh')).process?.args).toEqual(['sh']);
  });
});

describe('withProcessCwd', () => {
  it('TestWithProcessCwd: creates process on an empty spec', () => {
    expect(apply({}, withProcessCwd('testCwd'))).toEqual({ process: { cwd: 'testCwd' } });
  });

  it.each(sparseSpecNames)('on %s: sets cwd', (name) => {
    expect(apply(sparseSpecs()[name]!, withProcessCwd('/w')).process?.cwd).toBe('/w');
  });
});

describe('withTTY', () => {
  it('TestSpecWithTTY: linux spec gets terminal and TERM=xterm last', () => {
    const out = apply({ process: { env: ['A=1'] }, linux: {} }, withTTY());
    expect(out.process?.terminal).toBe(true);
    expect(out.process?.env?.at(-1)).toBe('TERM=xterm');
  });

  it('§5.1 item 9: twice on linux gives TERM twice', () => {
    expect(apply({ linux: {} }, [withTTY(), withTTY()]).process?.env).toEqual(['TERM=xterm', 'TERM=xterm']);
  });

  it('§5.1 item 9: without linux only terminal is set (the spec decides, not the target OS)', () => {
    expect(apply({ windows: {} }, withTTY())).toEqual({ windows: {}, process: { terminal: true } });
    expect(apply({}, withTTY(), { platform: 'linux/amd64' })).toEqual({ process: { terminal: true } });
  });

  it.each(sparseSpecNames)('on %s: terminal set, TERM only with linux', (name) => {
    const base = sparseSpecs()[name]!;
    const out = apply(base, withTTY());
    expect(out.process?.terminal).toBe(true);
    expect(out.process?.env?.includes('TERM=xterm') ?? false).toBe(sectionsOf(base).linux);
  });
});

describe('withTTYSize', () => {
  it('TestWithTTYSize: sets consoleSize', () => {
    expect(apply({}, withTTYSize(80, 24)).process?.consoleSize).toEqual({ width: 80, height: 24 });
  });

  it('keeps the console size object and overwrites both', () => {
    const out = apply({ process: { consoleSize: { width: 1, height: 2 } } }, withTTYSize(3, 4));
    expect(out.process?.consoleSize).toEqual({ width: 3, height: 4 });
  });

  it("negative values wrap as Go's uint(int)", () => {
    expect(apply({}, withTTYSize(-1, 0)).process?.consoleSize).toEqual({
      width: 18446744073709551615n,
      height: 0,
    });
  });

  it.each(sparseSpecNames)('on %s: creates process', (name) => {
    expect(apply(sparseSpecs()[name]!, withTTYSize(1, 1)).process?.consoleSize).toEqual({
      width: 1,
      height: 1,
    });
  });
});

describe('withNoNewPrivileges / withNewPrivileges', () => {
  it.each(sparseSpecNames)('on %s: set then cleared', (name) => {
    const base = sparseSpecs()[name]!;
    expect(apply(base, withNoNewPrivileges()).process?.noNewPrivileges).toBe(true);
    const cleared = apply(base, [withNoNewPrivileges(), withNewPrivileges()]);
    expect(cleared.process).toBeDefined();
    expect(cleared.process?.noNewPrivileges).toBeUndefined();
  });

  it('withNewPrivileges on an empty spec creates an empty process', () => {
    expect(apply({}, withNewPrivileges())).toEqual({ process: {} });
  });
});
