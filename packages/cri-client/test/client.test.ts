/**
 * The client against an in-process gRPC server serving the same proto on a unix socket: what the runtime receives
 * for a CRI config, what the caller gets back, how failures surface.
 */
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { ServerUnaryCall, sendUnaryData, UntypedServiceImplementation } from '@grpc/grpc-js';
import { Server, ServerCredentials, status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CriCallError, CriClient, CriRequestError } from '../src/index.js';
import { criDefinitions } from '../src/proto.js';

type Handler = (request: Record<string, unknown>) => object;

const received: { method: string; request: Record<string, unknown> }[] = [];
const handlers: Record<string, Handler> = {
  Version: () => ({ version: '0.1.0', runtimeName: 'fake', runtimeVersion: '9.9', runtimeApiVersion: 'v1' }),
  CreateContainer: () => ({ containerId: 'c-1' }),
  ContainerStatus: (r) => {
    if (r.containerId !== 'c-1')
      throw Object.assign(new Error(), { code: status.NOT_FOUND, details: 'no such' });
    return {
      status: { id: 'c-1', state: 'CONTAINER_RUNNING', createdAt: '1796156433925876054', labels: { a: 'b' } },
      info: { info: '{"pid": 42}' },
    };
  },
  ExecSync: () => ({ stdout: Buffer.from('out\n'), stderr: Buffer.from([0xff]), exitCode: 3 }),
  ImageStatus: () => ({}),
};

let server: Server;
let dir: string;
let socket: string;

function implementation(names: string[]): UntypedServiceImplementation {
  const impl: UntypedServiceImplementation = {};
  for (const name of names) {
    impl[name] = (call: ServerUnaryCall<Record<string, unknown>, object>, done: sendUnaryData<object>) => {
      received.push({ method: name, request: call.request });
      const handler = handlers[name];
      if (handler === undefined) return done({ code: status.UNIMPLEMENTED, details: `${name} not here` });
      try {
        done(null, handler(call.request));
      } catch (error) {
        done(error as Error);
      }
    };
  }
  return impl;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(tmpdir(), 'cri-client-'));
  socket = path.join(dir, 'cri.sock');
  server = new Server();
  const defs = criDefinitions();
  server.addService(defs.runtime, implementation(Object.keys(defs.runtime)));
  server.addService(defs.image, implementation(Object.keys(defs.image)));
  await new Promise<void>((resolve, reject) =>
    server.bindAsync(`unix://${socket}`, ServerCredentials.createInsecure(), (e) =>
      e ? reject(e) : resolve(),
    ),
  );
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('CriClient', () => {
  it('sends a CRI config as the runtime decodes it and returns complete responses', async () => {
    const client = await CriClient.connect(socket);
    try {
      expect(await client.version()).toEqual({
        version: '0.1.0',
        runtimeName: 'fake',
        runtimeVersion: '9.9',
        runtimeApiVersion: 'v1',
      });
      const created = await client.createContainer({
        podSandboxId: 'pod-1',
        config: {
          metadata: { name: 'web' },
          command: ['/bin/sh'],
          envs: [{ key: 'K', value: 'v=1' }],
          linux: { securityContext: { runAsUser: { value: 1000 }, namespaceOptions: { pid: 'CONTAINER' } } },
        },
        sandboxConfig: { metadata: { name: 'pod', uid: 'u' }, linux: { cgroupParent: '/kubepods' } },
      });
      expect(created).toEqual({ containerId: 'c-1' });
      const request = received.find((r) => r.method === 'CreateContainer')!.request;
      expect(request).toMatchObject({
        podSandboxId: 'pod-1',
        config: {
          metadata: { name: 'web', attempt: 0 },
          command: ['/bin/sh'],
          args: [],
          envs: [{ key: 'K', value: 'v=1' }],
          linux: {
            securityContext: {
              runAsUser: { value: '1000' },
              runAsGroup: null,
              namespaceOptions: { network: 'POD', pid: 'CONTAINER' },
            },
          },
        },
        sandboxConfig: {
          metadata: { name: 'pod', uid: 'u', namespace: '' },
          linux: { cgroupParent: '/kubepods' },
        },
      });

      const st = await client.containerStatus({ containerId: 'c-1', verbose: true });
      expect(st.info).toEqual({ info: '{"pid": 42}' });
      expect(st.status).toMatchObject({
        id: 'c-1',
        state: 'CONTAINER_RUNNING',
        createdAt: '1796156433925876054',
        startedAt: '0',
        exitCode: 0,
        labels: { a: 'b' },
        mounts: [],
        metadata: null,
      });

      const exec = await client.execSync({ containerId: 'c-1', cmd: ['true'], timeout: 5 });
      expect(exec.exitCode).toBe(3);
      expect(exec.stdout.toString()).toBe('out\n');
      expect([...exec.stderr]).toEqual([0xff]);

      expect(await client.imageStatus({ image: { image: 'missing' } })).toEqual({ image: null, info: {} });
    } finally {
      client.close();
    }
  });

  it('turns a failed call into a CriCallError naming the method and status', async () => {
    const client = await CriClient.connect(socket);
    try {
      const failed = client.containerStatus({ containerId: 'nope' });
      await expect(failed).rejects.toThrow(CriCallError);
      await expect(failed).rejects.toThrow('ContainerStatus: NOT_FOUND: no such');
      await expect(client.listContainers()).rejects.toMatchObject({ code: 'UNIMPLEMENTED' });
    } finally {
      client.close();
    }
  });

  it('refuses a request the proto cannot carry before sending anything', async () => {
    const client = await CriClient.connect(socket);
    const before = received.length;
    try {
      await expect(
        client.runPodSandbox({
          config: { linux: { securityContext: { namespaceOptions: { ipc: 'HOST' } } } },
        }),
      ).rejects.toThrow(CriRequestError);
      expect(received.length).toBe(before);
    } finally {
      client.close();
    }
  });

  it('fails to connect to a socket nobody serves, within its deadline', async () => {
    await expect(CriClient.connect(path.join(dir, 'absent.sock'), { timeoutMs: 300 })).rejects.toThrow(
      /^connect: UNAVAILABLE: unix:\/\/.*absent\.sock/,
    );
  });
});
