import type { FrozenSpec, Spec } from '@ocispec/core';
import { printSpec, withEnv, withImageConfig, withImageConfigArgs, withProcessArgs } from '@ocispec/core';
import { describe, expect, it } from 'vitest';
import { apply, image, windowsPipeline, windowsTestSpec } from './fixtures.js';

const ESCAPED_ENTRYPOINT = 'powershell.exe -Command "C:\\My Data\\MyExe.exe" -arg1 "-arg2 value2"';
const ESCAPED_CMD = 'cmd.exe /S /C "C:\\test path\\test.exe"';

describe('process args against the image (spec_opts_windows_test.go)', () => {
  it('TestWithProcessArgsOverwritesWithImage', async () => {
    const img = image({
      Entrypoint: ['powershell.exe', '-Command', 'Write-Host Hello'],
      Cmd: ['cmd.exe', '/S', '/C', 'echo Hello'],
      ArgsEscaped: false,
    });
    const args = ['cmd.exe', 'echo', 'should be set'];
    const spec = await apply(windowsTestSpec(), [withImageConfig(img), withProcessArgs(...args)]);
    expect(spec.process?.args).toEqual(args);
    expect(spec.process?.commandLine).toBeUndefined();
  });

  it('TestWithProcessArgsOverwritesWithImageArgsEscaped', async () => {
    const img = image({ Entrypoint: [ESCAPED_ENTRYPOINT], Cmd: [ESCAPED_CMD], ArgsEscaped: true });
    const args = ['cmd.exe', 'echo', 'should be set'];
    const spec = await apply(windowsTestSpec(), [withImageConfig(img), withProcessArgs(...args)]);
    expect(spec.process?.args).toEqual(args);
    expect(spec.process?.commandLine).toBeUndefined();
  });

  it('TestWithImageOverwritesWithProcessArgs', async () => {
    const img = image({ Entrypoint: ['powershell.exe', '-Command'], Cmd: ['Write-Host', 'echo Hello'] });
    const spec = await apply(windowsTestSpec(), [
      withProcessArgs('cmd.exe', 'echo', 'should not be set'),
      withImageConfig(img),
    ]);
    expect(spec.process?.args).toEqual(['powershell.exe', '-Command', 'Write-Host', 'echo Hello']);
    expect(spec.process?.commandLine).toBeUndefined();
  });

  it('TestWithImageArgsEscapedOverwritesWithProcessArgs', async () => {
    const img = image({ Entrypoint: [ESCAPED_ENTRYPOINT], Cmd: [ESCAPED_CMD], ArgsEscaped: true });
    const spec = await apply(windowsTestSpec(), [
      withProcessArgs('cmd.exe', 'echo', 'should not be set'),
      withImageConfig(img),
    ]);
    expect(spec.process?.args).toBeUndefined();
    expect(spec.process?.commandLine).toBe(
      'powershell.exe -Command "C:\\My Data\\MyExe.exe" -arg1 "-arg2 value2" "cmd.exe /S /C \\"C:\\test path\\test.exe\\""',
    );
  });
});

interface MatrixRow {
  readonly name: string;
  readonly entrypoint: string[] | null;
  readonly cmd: string[] | null;
  readonly args: string[] | null;
  readonly error?: true;
  readonly expectedArgs?: string[];
  readonly expectedCommandLine?: string;
}

async function runRow(row: MatrixRow, argsEscaped: boolean): Promise<FrozenSpec | Error> {
  const img = image({
    Entrypoint: row.entrypoint,
    Cmd: row.cmd,
    ...(argsEscaped ? { ArgsEscaped: true } : {}),
  });
  try {
    return await apply(windowsTestSpec(), [withImageConfigArgs(img, row.args)]);
  } catch (error) {
    return error as Error;
  }
}

describe('TestWithImageConfigArgsWindows (ArgsEscaped false: always args, no command line)', () => {
  const rows: MatrixRow[] = [
    { name: 'EmptyEntrypoint_EmptyCmd_EmptyArgs', entrypoint: null, cmd: null, args: null, error: true },
    {
      name: 'EmptyEntrypoint_EmptyCmd_Args',
      entrypoint: null,
      cmd: null,
      args: ['additional', 'args'],
      expectedArgs: ['additional', 'args'],
    },
    {
      name: 'EmptyEntrypoint_Cmd_EmptyArgs',
      entrypoint: null,
      cmd: ['cmd', 'args'],
      args: null,
      expectedArgs: ['cmd', 'args'],
    },
    {
      name: 'EmptyEntrypoint_Cmd_Args',
      entrypoint: null,
      cmd: ['cmd', 'args'],
      args: ['additional', 'args'],
      expectedArgs: ['additional', 'args'],
    },
    {
      name: 'Entrypoint_EmptyCmd_EmptyArgs',
      entrypoint: ['entrypoint', 'args'],
      cmd: null,
      args: null,
      expectedArgs: ['entrypoint', 'args'],
    },
    {
      name: 'Entrypoint_EmptyCmd_Args',
      entrypoint: ['entrypoint', 'args'],
      cmd: null,
      args: ['additional', 'args'],
      expectedArgs: ['entrypoint', 'args', 'additional', 'args'],
    },
    {
      name: 'Entrypoint_Cmd_EmptyArgs',
      entrypoint: ['entrypoint', 'args'],
      cmd: ['cmd', 'args'],
      args: null,
      expectedArgs: ['entrypoint', 'args', 'cmd', 'args'],
    },
    {
      name: 'Entrypoint_Cmd_Args',
      entrypoint: ['entrypoint', 'args'],
      cmd: ['cmd', 'args'],
      args: ['additional', 'args'],
      expectedArgs: ['entrypoint', 'args', 'additional', 'args'],
    },
  ];
  it.each(rows)('$name', async (row) => {
    const result = await runRow(row, false);
    if (row.error) {
      expect(result).toMatchObject({
        code: 'OPTION_FAILED',
        message: 'option 0 (withImageConfigArgs): no arguments specified',
      });
      return;
    }
    const spec = result as Spec;
    expect(spec.process?.args).toEqual(row.expectedArgs);
    expect(spec.process?.commandLine).toBeUndefined();
  });
});

describe('TestWithImageConfigArgsEscapedWindows (ArgsEscaped true)', () => {
  const entrypoint = '"C:\\My Folder\\MyProcess.exe" -arg1 "test value"';
  const cmd = 'cmd -args "hello world"';
  const rows: MatrixRow[] = [
    { name: 'EmptyEntrypoint_EmptyCmd_EmptyArgs', entrypoint: null, cmd: null, args: null, error: true },
    {
      // No image default: user args are passed as args, not as a command line.
      name: 'EmptyEntrypoint_EmptyCmd_Args',
      entrypoint: null,
      cmd: null,
      args: ['additional', '-args', 'hello world'],
      expectedArgs: ['additional', '-args', 'hello world'],
    },
    {
      name: 'EmptyEntrypoint_Cmd_EmptyArgs',
      entrypoint: null,
      cmd: [cmd],
      args: null,
      expectedCommandLine: 'cmd -args "hello world"',
    },
    {
      // User args replace Cmd and there is no Entrypoint: ArgsEscaped is ignored.
      name: 'EmptyEntrypoint_Cmd_Args',
      entrypoint: null,
      cmd: [cmd],
      args: ['additional', 'args'],
      expectedArgs: ['additional', 'args'],
    },
    {
      name: 'Entrypoint_EmptyCmd_EmptyArgs',
      entrypoint: [entrypoint],
      cmd: null,
      args: null,
      expectedCommandLine: '"C:\\My Folder\\MyProcess.exe" -arg1 "test value"',
    },
    {
      name: 'Entrypoint_EmptyCmd_Args',
      entrypoint: [entrypoint],
      cmd: null,
      args: ['additional', 'args with spaces'],
      expectedCommandLine: '"C:\\My Folder\\MyProcess.exe" -arg1 "test value" additional "args with spaces"',
    },
    {
      // Cmd is escaped a second time (as Docker would have): the same result as containerd, even if wrong.
      name: 'Entrypoint_Cmd_EmptyArgs',
      entrypoint: [entrypoint],
      cmd: [cmd],
      args: null,
      expectedCommandLine: '"C:\\My Folder\\MyProcess.exe" -arg1 "test value" "cmd -args \\"hello world\\""',
    },
    {
      name: 'Entrypoint_Cmd_Args',
      entrypoint: [entrypoint],
      cmd: [cmd],
      args: ['additional', 'args with spaces'],
      expectedCommandLine: '"C:\\My Folder\\MyProcess.exe" -arg1 "test value" additional "args with spaces"',
    },
  ];
  it.each(rows)('$name', async (row) => {
    const result = await runRow(row, true);
    if (row.error) {
      expect(result).toMatchObject({
        code: 'OPTION_FAILED',
        message: 'option 0 (withImageConfigArgs): no arguments specified',
      });
      return;
    }
    const spec = result as Spec;
    expect(spec.process?.args).toEqual(row.expectedArgs);
    expect(spec.process?.commandLine).toEqual(row.expectedCommandLine);
  });
});

describe('TestWithImageConfigArgs (windows spec)', () => {
  it('merges env over the image env and puts args after the entrypoint', async () => {
    const img = image({
      Env: ['z=bar', 'y=baz'],
      Entrypoint: ['create', '--namespace=test'],
      Cmd: ['', '--debug'],
    });
    const spec = await apply(windowsTestSpec(), [
      withEnv(['x=foo', 'y=boo']),
      withProcessArgs('run', '--foo', 'xyz', '--bar'),
      withImageConfigArgs(img, ['--boo', 'bar']),
    ]);
    expect(spec.process?.env).toEqual(['z=bar', 'y=boo', 'x=foo']);
    expect(spec.process?.args).toEqual(['create', '--namespace=test', '--boo', 'bar']);
  });
});

describe('the rest of the windows branch (§4.6 step 6)', () => {
  it('adds no default PATH, sets cwd to WorkingDir (even empty) and replaces the whole user', async () => {
    const base: Spec = {
      process: { user: { uid: 5, gid: 6, additionalGids: [6, 7], umask: 18 }, cwd: 'C:\\' },
      windows: {},
    };
    const spec = await apply(base, [withImageConfig(image({ Cmd: ['cmd.exe'], User: 'ContainerUser' }))]);
    expect(spec.process).toEqual({
      user: { uid: 0, gid: 0, username: 'ContainerUser' },
      args: ['cmd.exe'],
      cwd: '',
    });
    expect(printSpec(spec)).toBe(
      '{"ociVersion":"","process":{"user":{"uid":0,"gid":0,"username":"ContainerUser"},"args":["cmd.exe"],"cwd":""},' +
        '"windows":{"layerFolders":null}}',
    );
    const withDir = await apply(base, [withImageConfig(image({ Cmd: ['cmd.exe'], WorkingDir: 'C:\\app' }))]);
    expect(withDir.process?.cwd).toBe('C:\\app');
    expect(withDir.process?.user).toEqual({ uid: 0, gid: 0 });
  });

  it('works on the windows default, without touching it', async () => {
    const { spec } = await windowsPipeline().compose({
      platform: 'windows/amd64',
      opts: [['withImageConfig', { os: 'windows', config: { Env: ['A=1'], Cmd: ['cmd.exe', '/c', 'dir'] } }]],
    });
    expect(spec.process?.env).toEqual(['A=1']);
    expect(spec.process?.args).toEqual(['cmd.exe', '/c', 'dir']);
    expect(spec.process?.cwd).toBe('');
  });

  it('an image without a config is the error of an empty command', async () => {
    await expect(apply(windowsTestSpec(), [withImageConfig({})])).rejects.toMatchObject({
      message: 'option 0 (withImageConfig): no arguments specified',
    });
  });

  it('ArgsEscaped with a single-element command gives just that element', async () => {
    const spec = await apply(windowsTestSpec(), [
      withImageConfig(image({ Entrypoint: ['C:\\a b\\x.exe'], ArgsEscaped: true })),
    ]);
    expect(spec.process?.commandLine).toBe('C:\\a b\\x.exe');
    expect(spec.process?.args).toBeUndefined();
  });

  it('LCOW takes the linux branch, not this one', async () => {
    const base: Spec = { process: { cwd: '/' }, linux: {}, windows: {} };
    const result = await windowsPipeline()
      .compose({ platform: 'linux/amd64', base, opts: [withImageConfig(image({ Cmd: ['sh'] }))] })
      .catch((error: unknown) => error);
    // Without the linux plugin the linux part is missing: proof that the windows part was not used.
    expect(result).toMatchObject({ code: 'OPTION_FAILED' });
    expect(String((result as Error).message)).toContain('linux');
  });
});
