/**
 * containerd CRI's small helpers around the builders (`internal/cri/server/helpers.go`, `internal/cri/util`):
 * cgroup paths, user strings, input parsing.
 */
import { OcispecError, SpecOptError } from '@ocispec/core';
import { cleanPath, firstProblem, goQuote } from '@ocispec/core/internal';

/**
 * The container's cgroups path under the pod's cgroup parent: `slice:cri-containerd:<id>` for a systemd parent
 * (`*.slice`), `<parent>/<id>` otherwise. containerd: `getCgroupsPath`.
 */
export function getCgroupsPath(cgroupsParent: string, id: string): string {
  const trimmed = cgroupsParent.replace(/\/+$/, '');
  const base =
    trimmed === '' ? (cgroupsParent === '' ? '.' : '/') : trimmed.slice(trimmed.lastIndexOf('/') + 1);
  if (base.endsWith('.slice')) return [base, 'cri-containerd', id].join(':');
  return cleanPath(`${cgroupsParent}/${id}`);
}

/**
 * The USER string of a security context: the name (else the uid), then `:gid` when a group is set; `""` when none;
 * a group without a user is an error. containerd: `util.GenerateUserString`.
 */
export function generateUserString(
  username: string,
  uid: number | bigint | undefined,
  gid: number | bigint | undefined,
): string {
  let user = uid === undefined ? '' : String(uid);
  if (username !== '') user = username;
  const group = gid === undefined ? '' : String(gid);
  if (user === '') {
    if (group !== '') throw new SpecOptError(`user group ${goQuote(group)} is specified without user`);
    return '';
  }
  return group === '' ? user : `${user}:${group}`;
}

type ZodErrorLike = Parameters<typeof firstProblem>[0];

/**
 * A copy of a parsed input as plain JSON data, frozen all the way down: properties whose value is `undefined` (an
 * optional field given as `undefined` in code) are dropped, as `JSON.stringify` drops them, so that every step's
 * call is JSON and a plan printed and parsed back is the same plan. Own `__proto__` keys (a map's) stay own data
 * properties. Frozen, the plan's calls share it safely, and each call's argument check sees it once.
 */
export function jsonData<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return Object.freeze(value.map((item: unknown) => jsonData(item))) as T;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (child === undefined) continue;
    Object.defineProperty(out, key, {
      value: jsonData(child),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return Object.freeze(out) as T;
}

/**
 * Parses (and checks) a CRI input: a `BAD_PIPELINE` error naming the JSON pointer when it is malformed. The result
 * is plain JSON data, deep-frozen ({@link jsonData}).
 */
export function parseInput<T>(
  schema: { safeParse(input: unknown): { success: true; data: T } | { success: false; error: ZodErrorLike } },
  input: unknown,
): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const { pointer, message } = firstProblem(parsed.error);
    throw new OcispecError('BAD_PIPELINE', `${pointer}: ${message}`, { pointer });
  }
  return jsonData(parsed.data);
}
