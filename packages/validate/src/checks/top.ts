/** The top level: ociVersion, platform sections, root, annotations, windows. */
import type { CheckContext, Obj } from '../util.js';
import { arr, emit, obj, ptr, q, str } from '../util.js';

/** SemVer 2.0.0 (semver.org's regular expression). */
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;
const VOLUME_GUID =
  /^\\\\\?\\Volume\{[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}\\?$/;
const DNS_LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?';
const REVERSE_DNS = new RegExp(`^${DNS_LABEL}(?:\\.${DNS_LABEL})+(?:[./][^\\s]*)?$`);

export function checkVersion(ctx: CheckContext, spec: Obj): void {
  const version = str(spec.ociVersion);
  if (spec.ociVersion === undefined || version === '') {
    emit(ctx, 'oci-version-required', '/ociVersion', 'ociVersion is required');
    return;
  }
  if (version === undefined) return;
  const match = SEMVER.exec(version);
  if (match === null) {
    emit(ctx, 'oci-version-semver', '/ociVersion', `${q(version)} is not a SemVer version`);
    return;
  }
  const major = Number(match[1]);
  const minor = Number(match[2]);
  if (major !== 1 || minor > 3)
    emit(
      ctx,
      'oci-version-unsupported',
      '/ociVersion',
      `${version}: ocispec knows runtime-spec 1.0.0 to 1.3.x`,
    );
}

export function checkRootAndPlatform(ctx: CheckContext, spec: Obj): void {
  const windows = ctx.platform.os === 'windows';
  const win = obj(spec.windows);
  const hyperv = windows && win !== undefined && win.hyperv != null;
  if (windows && spec.windows == null)
    emit(ctx, 'windows-section-required', '/windows', 'a windows target needs the windows section');
  if (win !== undefined && windows) {
    const layers = arr(win.layerFolders);
    if (layers === undefined || layers.length === 0)
      emit(ctx, 'windows-layer-folders', '/windows/layerFolders', 'layerFolders needs at least one entry');
  }
  const root = obj(spec.root);
  if (spec.root == null) {
    if (!hyperv) emit(ctx, 'root-required', '/root', 'root is required');
    return;
  }
  if (hyperv) emit(ctx, 'root-hyperv', '/root', 'a Hyper-V container must not set root');
  if (root === undefined) return;
  const path = str(root.path);
  if (root.path === undefined || path === '') {
    emit(ctx, 'root-path-required', '/root/path', 'root.path is required');
  } else if (path !== undefined) {
    if (windows) {
      if (!hyperv && !VOLUME_GUID.test(path))
        emit(ctx, 'root-path-windows', '/root/path', `${q(path)} is not a \\\\?\\Volume{GUID}\\ path`);
    } else {
      const name = path.replace(/\/+$/, '').split('/').pop();
      if (name !== 'rootfs')
        emit(ctx, 'root-path-name', '/root/path', `the root path ${q(path)} SHOULD end in rootfs`);
    }
  }
  if (windows && root.readonly === true)
    emit(ctx, 'root-readonly-windows', '/root/readonly', 'root.readonly must be false on Windows');
}

/** RFC 3339 section 5.6 `date-time` (the image spec's `created`). */
const RFC3339 =
  /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])[Tt ](?:[01]\d|2[0-3]):[0-5]\d:(?:[0-5]\d|60)(?:\.\d+)?(?:[Zz]|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;
/** A signal name (`SIGTERM`, `SIGRTMIN+3`) or number (1 to 64): the image spec's `StopSignal`. */
const SIGNAL = /^(?:SIG[A-Z0-9]+|SIGRT(?:MIN|MAX)(?:[+-]\d{1,2})?|[1-9]|[1-5]\d|6[0-4])$/;
const IMAGE_PREFIX = 'org.opencontainers.image.';

/**
 * The `org.opencontainers.image.*` keys runtime-spec v1.3.0 lists, each with a check of its value against the
 * image spec's property (`undefined`: any string).
 */
const IMAGE_ANNOTATIONS: ReadonlyMap<string, ((value: string) => boolean) | undefined> = new Map([
  ['os', (v: string) => v !== ''],
  ['os.version', undefined],
  ['os.features', undefined],
  ['architecture', (v: string) => v !== ''],
  ['variant', undefined],
  ['author', undefined],
  ['created', (v: string) => RFC3339.test(v)],
  ['stopSignal', (v: string) => SIGNAL.test(v)],
]);

function checkImageAnnotation(ctx: CheckContext, key: string, value: unknown, pointer: string): void {
  const name = key.slice(IMAGE_PREFIX.length);
  if (!IMAGE_ANNOTATIONS.has(name)) {
    emit(
      ctx,
      'annotation-image-unlisted',
      pointer,
      `${q(key)} is not one of the image annotations runtime-spec lists`,
    );
    return;
  }
  const valid = IMAGE_ANNOTATIONS.get(name);
  const text = str(value);
  if (valid !== undefined && text !== undefined && !valid(text))
    emit(ctx, 'annotation-image-value', pointer, `${q(text)} is not a valid image ${name}`);
}

export function checkAnnotations(ctx: CheckContext, annotations: Obj): void {
  for (const key in annotations) {
    const pointer = ptr('/annotations', key);
    if (key === '') emit(ctx, 'annotation-key-empty', pointer, 'empty annotation key');
    else if (key.startsWith(IMAGE_PREFIX)) checkImageAnnotation(ctx, key, annotations[key], pointer);
    else if (key.startsWith('org.opencontainers')) {
      emit(ctx, 'annotation-reserved', pointer, `${q(key)} uses the reserved org.opencontainers namespace`);
    } else if (!REVERSE_DNS.test(key))
      emit(ctx, 'annotation-key-format', pointer, `${q(key)} is not in reverse domain notation`);
  }
}
