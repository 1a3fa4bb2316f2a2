/** Reading containerd's verbose status info: the generated spec (exact integers), the pid, the image config. */
import { describe, expect, it } from 'vitest';
import { containerdContainerInfo, containerdImageInfo, containerdSandboxInfo } from '../src/index.js';

const spec =
  '{"ociVersion":"1.0.2-dev","process":{"user":{"uid":0,"gid":0},"cwd":"/"},"root":{"path":"rootfs"},' +
  '"linux":{"resources":{"memory":{"limit":9223372036854775807}}}}';

describe('containerd verbose info', () => {
  it("a container's info: the spec (64-bit integers exact), the pid, the sandbox", () => {
    const info = containerdContainerInfo({
      info: {
        info: `{"sandboxID":"pod","pid":4242,"removing":false,"snapshotKey":"c","snapshotter":"overlayfs","runtimeType":"io.containerd.runc.v2","runtimeOptions":{},"config":{},"runtimeSpec":${spec}}`,
      },
    });
    expect(info).toMatchObject({ sandboxId: 'pod', pid: 4242, snapshotter: 'overlayfs' });
    expect(info.runtimeSpec.linux?.resources?.memory?.limit).toBe(9223372036854775807n);
    expect(info.runtimeSpec.root).toEqual({ path: 'rootfs' });
  });

  it("a sandbox's info", () => {
    const info = containerdSandboxInfo({
      info: {
        info: `{"pid":7,"processStatus":"running","image":"pause:1","runtimeHandler":"runc","runtimeSpec":${spec}}`,
      },
    });
    expect(info).toMatchObject({
      pid: 7,
      processStatus: 'running',
      image: 'pause:1',
      runtimeHandler: 'runc',
    });
  });

  it("an image's config", () => {
    const info = containerdImageInfo({
      info: {
        info: '{"chainID":"sha256:1","imageSpec":{"os":"linux","config":{"Env":["A=b"],"User":"app"}}}',
      },
    });
    expect(info.imageSpec.config).toEqual({ Env: ['A=b'], User: 'app' });
  });

  it('says what is wrong with the info', () => {
    expect(() => containerdContainerInfo({ info: {} })).toThrow(
      'ContainerStatus: the response has no info (ask with verbose: true; is the runtime containerd?)',
    );
    expect(() => containerdContainerInfo({ info: { info: '{' } })).toThrow(
      /^ContainerStatus: info is not JSON/,
    );
    expect(() => containerdSandboxInfo({ info: { info: '{"pid":"x","runtimeSpec":{}}' } })).toThrow(
      'PodSandboxStatus: info/pid:',
    );
    expect(() => containerdContainerInfo({ info: { info: '{"pid":1}' } })).toThrow(
      'ContainerStatus: info has no runtimeSpec',
    );
    expect(() =>
      containerdContainerInfo({ info: { info: '{"runtimeSpec":{"process":{"user":{"uid":-1}}}}' } }),
    ).toThrow(/ContainerStatus info: \/runtimeSpec\/process\/user\/uid/);
  });
});
