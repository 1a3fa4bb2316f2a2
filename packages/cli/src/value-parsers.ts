/** Parsers of quick-flag values that have a syntax of their own: sizes, id mappings, rlimits. */
import { FlagError } from './command.js';

const UNITS: Readonly<Record<string, number>> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** Bytes, with an optional binary unit suffix (`512m`, `1g`, `65536k`, `1024`). */
export function parseByteSize(value: string): number {
  const match = /^(\d+)([bkmg]?)$/i.exec(value);
  if (match === null) throw new FlagError('expected a size in bytes, optionally with k, m or g (512m)');
  const bytes = Number(match[1]) * UNITS[match[2]!.toLowerCase()]!;
  if (!Number.isSafeInteger(bytes)) throw new FlagError('size too large');
  return bytes;
}

const UINT32_MAX = 2 ** 32 - 1;

/** `CONTAINER:HOST:SIZE` → a runtime-spec id mapping. */
export function parseIdMapping(value: string): { containerID: number; hostID: number; size: number } {
  const parts = value.split(':');
  if (parts.length !== 3 || parts.some((p) => !/^(0|[1-9]\d*)$/.test(p) || Number(p) > UINT32_MAX)) {
    throw new FlagError('expected CONTAINER:HOST:SIZE (0:1000:1)');
  }
  const [containerID, hostID, size] = parts.map(Number) as [number, number, number];
  return { containerID, hostID, size };
}

/** RLIM_INFINITY, as runc and the kernel spell "unlimited". */
const UNLIMITED = 18446744073709551615n;

function rlimitValue(text: string): number | bigint {
  if (text === 'unlimited' || text === '-1') return UNLIMITED;
  if (!/^(0|[1-9]\d*)$/.test(text))
    throw new FlagError('expected TYPE=SOFT[:HARD] with integers or unlimited');
  const n = BigInt(text);
  if (n > UNLIMITED) throw new FlagError('rlimit beyond 2^64-1');
  return n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}

/** `nofile=1024:2048` (or `RLIMIT_NOFILE=1024`; HARD defaults to SOFT) → a runtime-spec rlimit. */
export function parseRlimit(value: string): { type: string; hard: number | bigint; soft: number | bigint } {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new FlagError('expected TYPE=SOFT[:HARD] (nofile=1024:2048)');
  const name = value.slice(0, eq).toUpperCase();
  if (!/^[A-Z]+$/.test(name.replace(/^RLIMIT_/, '')))
    throw new FlagError(`bad rlimit type ${value.slice(0, eq)}`);
  const type = name.startsWith('RLIMIT_') ? name : `RLIMIT_${name}`;
  const [soft = '', hard = soft, ...rest] = value.slice(eq + 1).split(':');
  if (rest.length > 0) throw new FlagError('expected TYPE=SOFT[:HARD]');
  return { type, hard: rlimitValue(hard), soft: rlimitValue(soft) };
}
