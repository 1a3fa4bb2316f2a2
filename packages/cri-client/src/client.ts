/**
 * `CriClient`: the CRI v1 RuntimeService and ImageService calls over a runtime's unix socket (containerd's
 * `/run/containerd/containerd.sock`), one promise per call, each with a deadline. Requests are checked against the
 * proto first (see `request.ts`); a failed call rejects with a `CriCallError` naming the method and gRPC status.
 */
import type { ServiceError } from '@grpc/grpc-js';
import { Client, credentials, Metadata, status } from '@grpc/grpc-js';
import type { ServiceDefinition } from '@grpc/proto-loader';
import type * as M from './messages.js';
import { CRI_PACKAGE, criDefinitions, methodOf } from './proto.js';
import { checkRequest } from './request.js';

/** The default deadline of one call. */
export const DEFAULT_CALL_TIMEOUT_MS = 30_000;

export interface CriClientOptions {
  /** The deadline of each call, in ms (default {@link DEFAULT_CALL_TIMEOUT_MS}); also bounds `connect`. */
  readonly timeoutMs?: number;
}

export interface CallOptions {
  /** This call's deadline, in ms (default the client's). */
  readonly timeoutMs?: number;
}

/** A call the runtime refused or that did not complete: `code` is the gRPC status name (`NOT_FOUND` …). */
export class CriCallError extends Error {
  override readonly name = 'CriCallError';
  constructor(
    readonly method: string,
    readonly code: string,
    readonly details: string,
  ) {
    super(`${method}: ${code}: ${details}`);
  }
}

/** The request and response types of each call, by proto method name. */
interface Calls {
  Version: [M.VersionRequest, M.VersionResponse];
  Status: [M.StatusRequest, M.StatusResponse];
  RunPodSandbox: [M.RunPodSandboxRequest, M.RunPodSandboxResponse];
  StopPodSandbox: [M.PodSandboxIdRequest, M.EmptyResponse];
  RemovePodSandbox: [M.PodSandboxIdRequest, M.EmptyResponse];
  PodSandboxStatus: [M.PodSandboxStatusRequest, M.PodSandboxStatusResponse];
  ListPodSandbox: [M.ListPodSandboxRequest, M.ListPodSandboxResponse];
  CreateContainer: [M.CreateContainerRequest, M.CreateContainerResponse];
  StartContainer: [M.ContainerIdRequest, M.EmptyResponse];
  StopContainer: [M.StopContainerRequest, M.EmptyResponse];
  RemoveContainer: [M.ContainerIdRequest, M.EmptyResponse];
  ListContainers: [M.ListContainersRequest, M.ListContainersResponse];
  ContainerStatus: [M.ContainerStatusRequest, M.ContainerStatusResponse];
  ExecSync: [M.ExecSyncRequest, M.ExecSyncResponse];
  ListImages: [M.ListImagesRequest, M.ListImagesResponse];
  ImageStatus: [M.ImageStatusRequest, M.ImageStatusResponse];
}

const IMAGE_CALLS: ReadonlySet<keyof Calls> = new Set(['ListImages', 'ImageStatus']);

/** A CRI client over one gRPC channel; `close()` it when done. */
export class CriClient {
  private readonly timeoutMs: number;

  private constructor(
    private readonly channel: Client,
    readonly address: string,
    options: CriClientOptions,
  ) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  }

  /**
   * Connects to the runtime listening on `socket` (a unix socket path, or a `unix:` address) and waits until the
   * channel is ready, at most `options.timeoutMs`.
   */
  static async connect(socket: string, options: CriClientOptions = {}): Promise<CriClient> {
    const address = socket.startsWith('unix:') ? socket : `unix://${socket}`;
    const channel = new Client(address, credentials.createInsecure(), {
      // kubelet's limit: a node's container list can exceed gRPC's default 4 MiB.
      'grpc.max_receive_message_length': 16 * 1024 * 1024,
    });
    const client = new CriClient(channel, address, options);
    const deadline = Date.now() + client.timeoutMs;
    try {
      await new Promise<void>((resolve, reject) => {
        channel.waitForReady(deadline, (error) => (error ? reject(error) : resolve()));
      });
    } catch (error) {
      channel.close();
      throw new CriCallError('connect', 'UNAVAILABLE', `${address}: ${(error as Error).message}`);
    }
    return client;
  }

  version(request: M.VersionRequest = {}, options?: CallOptions): Promise<M.VersionResponse> {
    return this.call('Version', request, options);
  }
  /** The runtime's conditions (`RuntimeReady`, `NetworkReady`) and, with `verbose`, its config as JSON. */
  status(request: M.StatusRequest = {}, options?: CallOptions): Promise<M.StatusResponse> {
    return this.call('Status', request, options);
  }
  runPodSandbox(request: M.RunPodSandboxRequest, options?: CallOptions): Promise<M.RunPodSandboxResponse> {
    return this.call('RunPodSandbox', request, options);
  }
  stopPodSandbox(request: M.PodSandboxIdRequest, options?: CallOptions): Promise<M.EmptyResponse> {
    return this.call('StopPodSandbox', request, options);
  }
  removePodSandbox(request: M.PodSandboxIdRequest, options?: CallOptions): Promise<M.EmptyResponse> {
    return this.call('RemovePodSandbox', request, options);
  }
  podSandboxStatus(
    request: M.PodSandboxStatusRequest,
    options?: CallOptions,
  ): Promise<M.PodSandboxStatusResponse> {
    return this.call('PodSandboxStatus', request, options);
  }
  listPodSandbox(
    request: M.ListPodSandboxRequest = {},
    options?: CallOptions,
  ): Promise<M.ListPodSandboxResponse> {
    return this.call('ListPodSandbox', request, options);
  }
  createContainer(
    request: M.CreateContainerRequest,
    options?: CallOptions,
  ): Promise<M.CreateContainerResponse> {
    return this.call('CreateContainer', request, options);
  }
  startContainer(request: M.ContainerIdRequest, options?: CallOptions): Promise<M.EmptyResponse> {
    return this.call('StartContainer', request, options);
  }
  stopContainer(request: M.StopContainerRequest, options?: CallOptions): Promise<M.EmptyResponse> {
    return this.call('StopContainer', request, options);
  }
  removeContainer(request: M.ContainerIdRequest, options?: CallOptions): Promise<M.EmptyResponse> {
    return this.call('RemoveContainer', request, options);
  }
  listContainers(
    request: M.ListContainersRequest = {},
    options?: CallOptions,
  ): Promise<M.ListContainersResponse> {
    return this.call('ListContainers', request, options);
  }
  containerStatus(
    request: M.ContainerStatusRequest,
    options?: CallOptions,
  ): Promise<M.ContainerStatusResponse> {
    return this.call('ContainerStatus', request, options);
  }
  /**
   * Runs `cmd` in the container and returns its output and exit code. The call's deadline is at least the exec's
   * own `timeout` (seconds) plus the client's deadline.
   */
  execSync(request: M.ExecSyncRequest, options?: CallOptions): Promise<M.ExecSyncResponse> {
    const execMs = Number(request.timeout ?? 0) * 1000;
    const timeoutMs = options?.timeoutMs ?? this.timeoutMs + (Number.isFinite(execMs) ? execMs : 0);
    return this.call('ExecSync', request, { timeoutMs });
  }
  listImages(request: M.ListImagesRequest = {}, options?: CallOptions): Promise<M.ListImagesResponse> {
    return this.call('ListImages', request, options);
  }
  imageStatus(request: M.ImageStatusRequest, options?: CallOptions): Promise<M.ImageStatusResponse> {
    return this.call('ImageStatus', request, options);
  }

  /** Closes the channel; calls after this fail. */
  close(): void {
    this.channel.close();
  }

  private call<K extends keyof Calls>(
    name: K,
    request: Calls[K][0],
    options: CallOptions | undefined,
  ): Promise<Calls[K][1]> {
    const defs = criDefinitions();
    const service: ServiceDefinition = IMAGE_CALLS.has(name) ? defs.image : defs.runtime;
    const method = methodOf(service, name);
    let wire: Record<string, unknown>;
    try {
      const type = defs.root.lookupType(`${CRI_PACKAGE}.${name}Request`);
      wire = checkRequest(name, type, request);
    } catch (error) {
      return Promise.reject(error);
    }
    const deadline = Date.now() + (options?.timeoutMs ?? this.timeoutMs);
    return new Promise((resolve, reject) => {
      this.channel.makeUnaryRequest(
        method.path,
        method.requestSerialize,
        method.responseDeserialize,
        wire,
        new Metadata(),
        { deadline },
        (error: ServiceError | null, response?: object) => {
          if (error) reject(new CriCallError(name, status[error.code] ?? String(error.code), error.details));
          else resolve(response as Calls[K][1]);
        },
      );
    });
  }
}
