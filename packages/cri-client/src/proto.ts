/**
 * The project's CRI v1 proto (`proto/cri-v1.proto`, field numbers of kubernetes/cri-api), loaded once: the gRPC
 * service definitions (proto-loader) and the message reflection (protobufjs) that checks requests before they are
 * encoded.
 */
import { fileURLToPath } from 'node:url';
import type { MethodDefinition, PackageDefinition, ServiceDefinition } from '@grpc/proto-loader';
import { loadSync } from '@grpc/proto-loader';
import protobuf from 'protobufjs';

/** The proto file: beside `src/` in the sources and beside `dist/` in the published package. */
export const CRI_PROTO = fileURLToPath(new URL('../proto/cri-v1.proto', import.meta.url));

/** The proto package. */
export const CRI_PACKAGE = 'runtime.v1';

/**
 * How messages are converted: camelCase field names (the CRI proto JSON names @ocispec/cri reads), enums by name,
 * int64 as decimal strings (exact), absent fields as their zero values, bytes as Buffers.
 */
const LOADER_OPTIONS = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
  arrays: true,
  objects: true,
} as const;

export interface CriDefinitions {
  readonly runtime: ServiceDefinition;
  readonly image: ServiceDefinition;
  /** The message types, for checking requests (`lookupType('runtime.v1.ContainerConfig')`). */
  readonly root: protobuf.Root;
}

let loaded: CriDefinitions | undefined;

/** The service definitions and message reflection, loaded on first use. */
export function criDefinitions(): CriDefinitions {
  if (loaded !== undefined) return loaded;
  const pkg = loadSync(CRI_PROTO, LOADER_OPTIONS);
  const root = new protobuf.Root().loadSync(CRI_PROTO, { keepCase: false });
  root.resolveAll();
  const definitions: CriDefinitions = {
    runtime: serviceOf(pkg, `${CRI_PACKAGE}.RuntimeService`),
    image: serviceOf(pkg, `${CRI_PACKAGE}.ImageService`),
    root,
  };
  loaded = definitions;
  return definitions;
}

function serviceOf(pkg: PackageDefinition, name: string): ServiceDefinition {
  const def = pkg[name];
  if (def === undefined || 'format' in def) throw new Error(`${CRI_PROTO}: no service ${name}`);
  return def as ServiceDefinition;
}

/** One method of a service, by its proto name (`CreateContainer`). */
export function methodOf(service: ServiceDefinition, name: string): MethodDefinition<object, object> {
  const method = service[name];
  if (method === undefined) throw new Error(`${CRI_PROTO}: no method ${name}`);
  return method;
}
