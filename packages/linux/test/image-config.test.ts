/** withImageConfig / withImageConfigArgs on linux specs: core's option with the linux plugin's part (§4.6 step 5). */
import type { FrozenSpec, OCIImage, Spec } from '@ocispec/core';
import {
  corePlugin,
  createContext,
  Pipeline,
  withEnv,
  withImageConfig,
  withImageConfigArgs,
  withProcessArgs,
} from '@ocispec/core';
import { describe, expect, it } from 'vitest';
import { defaultUnixEnv, defaultUnixSpec, linuxOptions, linuxPlugin } from '../src/index.js';
import { dir, file, tempRootfs } from './helpers.js';

const PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

const root = tempRootfs([
  dir('etc'),
  file('etc/passwd', 'root:x:0:0:root:/root:/bin/ash\nguest:x:405:100:guest:/dev/null:/sbin/nologin\n'),
  file('etc/group', 'root:x:0:root\nbin:x:1:root,bin,daemon\nusers:x:100:guest\nwheel:x:10:root,guest\n'),
]);

const pipeline = (): Pipeline => new Pipeline({ plugins: [corePlugin(), linuxPlugin()] });

async function compose(
  base: Spec | FrozenSpec | null,
  opts: Parameters<Pipeline['compose']>[0]['opts'],
): Promise<FrozenSpec> {
  return (await pipeline().compose({ base, opts, namespace: 'test', id: 'c' })).spec;
}

/** The unix default with an absolute rootfs path. */
const linuxBase = (): FrozenSpec => ({ ...defaultUnixSpec('test', 'c'), root: { path: root } });

describe('withImageConfigArgs on linux', () => {
  it('TestWithImageConfigNoEnv: no image env gives exactly the default PATH (LCOW: no groups read)', async () => {
    const image: OCIImage = { config: { Entrypoint: ['create', '--namespace=test'], Cmd: ['', '--debug'] } };
    const spec = await compose({ ...defaultUnixSpec('test', 'c'), windows: {} }, [
      withImageConfigArgs(image, ['--boo', 'bar']),
    ]);
    expect(spec.process?.env).toEqual([PATH]);
    expect(spec.process?.args).toEqual(['create', '--namespace=test', '--boo', 'bar']);
    expect(spec.process?.user).toEqual({ uid: 0, gid: 0 });
  });

  it('env precedence (§5.1 item 8): the spec’s env wins over the image’s', async () => {
    const image: OCIImage = {
      config: { Env: ['z=bar', 'y=baz'], Entrypoint: ['create', '--namespace=test'], Cmd: ['', '--debug'] },
    };
    const spec = await compose(linuxBase(), [
      withEnv(['x=foo', 'y=boo']),
      withProcessArgs('run', '--foo', 'xyz', '--bar'),
      withImageConfigArgs(image, ['--boo', 'bar']),
    ]);
    expect(spec.process?.env).toEqual(['z=bar', 'y=boo', 'x=foo']);
    expect(spec.process?.args).toEqual(['create', '--namespace=test', '--boo', 'bar']);
  });

  it('no args: Entrypoint ++ Cmd; WorkingDir; cwd defaults to /', async () => {
    const image: OCIImage = {
      config: { Entrypoint: ['/bin/sh', '-c'], Cmd: ['echo hi'], WorkingDir: '/srv' },
    };
    const spec = await compose(linuxBase(), [withImageConfig(image)]);
    expect(spec.process?.args).toEqual(['/bin/sh', '-c', 'echo hi']);
    expect(spec.process?.cwd).toBe('/srv');
    const plain = await compose(linuxBase(), [withImageConfig({ config: { Cmd: ['a'] } })]);
    expect(plain.process?.cwd).toBe('/');
    expect(plain.process?.args).toEqual(['a']);
  });

  it('empty Entrypoint and Cmd: args removed, no error, commandLine untouched', async () => {
    const base: FrozenSpec = {
      ...linuxBase(),
      process: { user: { uid: 0, gid: 0 }, cwd: '/', commandLine: 'keep me' },
    };
    const spec = await compose(base, [
      withProcessArgs('old'),
      withImageConfig({ config: { Entrypoint: [], Cmd: null } }),
    ]);
    expect(spec.process?.args).toBeUndefined();
    expect(spec.process?.commandLine ?? '').toBe(''); // withProcessArgs cleared it
    const untouched = await compose(base, [withImageConfig({})]);
    expect(untouched.process?.commandLine).toBe('keep me');
    expect(untouched.process?.env).toEqual([PATH]);
  });

  it('no User: additional gids of root from the rootfs', async () => {
    const spec = await compose(linuxBase(), [withImageConfig({ config: { Cmd: ['sh'] } })]);
    expect(spec.process?.user).toEqual({ uid: 0, gid: 0, additionalGids: [0, 1, 10] });
  });

  it('User: withUser then withAdditionalGIDs(<uid>)', async () => {
    const spec = await compose(linuxBase(), [withImageConfig({ config: { User: 'guest', Cmd: ['sh'] } })]);
    expect(spec.process?.user).toEqual({ uid: 405, gid: 100, additionalGids: [100, 10] });
    const numeric = await compose(linuxBase(), [withImageConfig({ config: { User: '405:0', Cmd: ['sh'] } })]);
    expect(numeric.process?.user).toEqual({ uid: 405, gid: 0, additionalGids: [0, 100, 10] });
  });

  it('User errors fail the composition with containerd’s message', async () => {
    await expect(compose(linuxBase(), [withImageConfig({ config: { User: 'nobody' } })])).rejects.toThrow(
      /withImageConfig.*no users found/,
    );
  });

  it('the default spec’s relative root path needs a rootfs (as containerd without a snapshotter)', async () => {
    await expect(compose(null, [withImageConfig({ config: { Cmd: ['sh'] } })])).rejects.toThrow(
      'rootfs absolute path is required',
    );
  });

  it('LCOW: User is recorded as username; no groups', async () => {
    const spec = await compose({ ...defaultUnixSpec('test', 'c'), windows: {} }, [
      withImageConfig({ config: { User: 'guest:x', Cmd: ['sh'] } }),
    ]);
    expect(spec.process?.user).toEqual({ uid: 0, gid: 0, username: 'guest:x', additionalGids: [0] });
  });

  it('JSON pipeline: withImageConfigArgs with null args', async () => {
    const spec = await compose(linuxBase(), [
      ['withImageConfigArgs', { config: { Cmd: ['x'], User: '0' } }, null],
    ]);
    expect(spec.process?.args).toEqual(['x']);
    expect(spec.process?.user).toEqual({ uid: 0, gid: 0, additionalGids: [0, 1, 10] });
  });
});

describe("withImageConfigArgs's linux branch outside a pipeline", () => {
  it('on a plain spec, with the linux options given to the context', () => {
    const spec: Spec = { ociVersion: '1.3.0', linux: {}, root: { path: root }, process: { env: ['A=1'] } };
    const ctx = createContext({ options: linuxOptions });
    const done = withImageConfigArgs({ config: { Env: [], Cmd: ['c'], Entrypoint: null } }, [])(spec, ctx);
    expect(done).toBeUndefined();
    expect(spec.process).toEqual({
      env: [...defaultUnixEnv, 'A=1'],
      args: ['c'],
      cwd: '/',
      user: { additionalGids: [0, 1, 10] },
    });
  });
});
