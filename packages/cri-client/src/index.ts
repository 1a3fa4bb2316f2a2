/**
 * @ocispec/cri-client: a small client of the Kubernetes CRI v1 API (RuntimeService, ImageService) over a
 * runtime's unix socket, whose requests take @ocispec/cri's input types, and readers of containerd's verbose
 * status info (the spec it generated).
 */
export type { CallOptions, CriClientOptions } from './client.js';
export { CriCallError, CriClient, DEFAULT_CALL_TIMEOUT_MS } from './client.js';
export type { ContainerdContainerInfo, ContainerdImageInfo, ContainerdSandboxInfo } from './containerd.js';
export { containerdContainerInfo, containerdImageInfo, containerdSandboxInfo } from './containerd.js';
export type * from './messages.js';
export { CRI_PROTO } from './proto.js';
export { CriRequestError } from './request.js';
