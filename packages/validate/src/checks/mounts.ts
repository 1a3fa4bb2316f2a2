/** `mounts`: destinations, options valid for the mount type, bind sources, idmapped mounts, shadowing. */

import { cleanPath } from '@ocispec/core/internal';
import {
  conflictingFlags,
  fsMountOptions,
  genericMountFlags,
  genericMountKeys,
  idValued,
  octalValued,
} from '../data/mount-options.js';
import type { CheckContext, Obj } from '../util.js';
import { arr, emit, isAbs, isBindMount, isWindowsAbs, obj, q, str } from '../util.js';
import { checkMappings } from './namespaces.js';

const OCTAL = /^[0-7]{1,4}$/;
const DECIMAL = /^\d+$/;
const SIZE = /^\d+[kKmMgGtTpPeE%]?$/;

/** What is wrong with one option on one kind of mount: nothing, an unknown option, or a malformed value. */
type OptionVerdict = 'ok' | 'unknown' | 'value';

/**
 * Verdicts already reached, per mount kind and option string: a handful of options recur on every mount of every
 * spec. Bounded: cleared when it grows past {@link VERDICT_LIMIT} entries (untrusted specs can hold anything).
 */
const verdicts = new Map<ReadonlySet<string>, Map<string, OptionVerdict>>();
let verdictCount = 0;
const VERDICT_LIMIT = 4096;

function verdictOf(own: ReadonlySet<string>, option: string): OptionVerdict {
  let known = verdicts.get(own);
  const cached = known?.get(option);
  if (cached !== undefined) return cached;
  const verdict = judgeOption(own, option);
  if (verdictCount >= VERDICT_LIMIT) {
    verdicts.clear();
    verdictCount = 0;
    known = undefined;
  }
  if (known === undefined) {
    known = new Map();
    verdicts.set(own, known);
  }
  known.set(option, verdict);
  verdictCount++;
  return verdict;
}

function judgeOption(own: ReadonlySet<string>, option: string): OptionVerdict {
  if (genericMountFlags.has(option)) return 'ok';
  const eq = option.indexOf('=');
  const key = eq < 0 ? option : option.slice(0, eq);
  if (eq >= 0 && genericMountKeys.has(key)) return 'ok';
  if (!own.has(key)) return 'unknown';
  if (eq < 0) return 'ok';
  const value = option.slice(eq + 1);
  const malformed =
    (octalValued.has(key) && !OCTAL.test(value)) ||
    (idValued.has(key) && !DECIMAL.test(value)) ||
    (key === 'size' && !SIZE.test(value));
  return malformed ? 'value' : 'ok';
}

function checkOptions(
  ctx: CheckContext,
  type: string,
  list: readonly unknown[],
  bind: boolean,
  mount: number,
): void {
  const own = fsMountOptions.get(bind ? 'bind' : type);
  for (let i = 0; i < list.length; i++) {
    const option = list[i];
    if (typeof option !== 'string') continue;
    const opposite = conflictingFlags.get(option);
    if (opposite !== undefined && list.indexOf(opposite) > i) {
      emit(
        ctx,
        'mount-option-conflict',
        `/mounts/${mount}/options/${i}`,
        `both ${option} and ${opposite} are set`,
      );
    }
    if (own === undefined) continue; // unknown filesystem: its driver decides
    const verdict = verdictOf(own, option);
    if (verdict === 'unknown') {
      emit(
        ctx,
        'mount-option-unknown',
        `/mounts/${mount}/options/${i}`,
        `${q(option)} is not a valid option for a ${bind ? 'bind' : type} mount`,
      );
    } else if (verdict === 'value') {
      const key = option.slice(0, option.indexOf('='));
      emit(
        ctx,
        'mount-option-value',
        `/mounts/${mount}/options/${i}`,
        `${q(option)}: malformed value for ${key}`,
      );
    }
  }
}

function isUnder(child: string, parent: string): boolean {
  if (parent === '/') return child.startsWith('/');
  return child === parent || child.startsWith(`${parent}/`);
}

/** Idmapped mounts: both mappings or neither; `idmap`/`ridmap` with mappings, or a user namespace to take them from. */
function checkIdmap(ctx: CheckContext, mount: Obj, i: number): void {
  const uid = (arr(mount.uidMappings)?.length ?? 0) > 0;
  const gid = (arr(mount.gidMappings)?.length ?? 0) > 0;
  if (uid !== gid)
    emit(ctx, 'mount-idmap', `/mounts/${i}`, 'an idmapped mount needs both uidMappings and gidMappings');
  for (const key of ['uidMappings', 'gidMappings'] as const) {
    const list = arr(mount[key]);
    if (list !== undefined) checkMappings(ctx, list, `/mounts/${i}/${key}`);
  }
  const options = arr(mount.options) ?? [];
  const option = options.find((o) => o === 'idmap' || o === 'ridmap');
  if (option !== undefined && !uid && !gid && !ctx.namespaces.has('user')) {
    emit(
      ctx,
      'mount-idmap-userns',
      `/mounts/${i}/options/${options.indexOf(option)}`,
      `${option} without uidMappings/gidMappings needs the container's user namespace, and there is none`,
    );
  } else if (option === undefined && (uid || gid)) {
    emit(
      ctx,
      'mount-idmap-option',
      `/mounts/${i}`,
      'uidMappings/gidMappings without an idmap or ridmap option',
    );
  }
}

export function checkMounts(ctx: CheckContext, mounts: readonly unknown[]): void {
  const windows = ctx.platform.os === 'windows';
  const destinations: Array<string | undefined> = [];
  for (let i = 0; i < mounts.length; i++) {
    const mount = obj(mounts[i]);
    if (mount === undefined) {
      destinations.push(undefined);
      continue;
    }
    const destination = str(mount.destination);
    if (destination === undefined || destination === '') {
      if (mount.destination === undefined || destination === '')
        emit(ctx, 'mount-destination-required', `/mounts/${i}/destination`, 'mount destination is empty');
      destinations.push(undefined);
    } else if (windows) {
      if (!isWindowsAbs(destination))
        emit(
          ctx,
          'mount-destination-windows',
          `/mounts/${i}/destination`,
          `${q(destination)} is not an absolute Windows path`,
        );
      destinations.push(destination.toLowerCase().replace(/\\/g, '/'));
    } else {
      if (!isAbs(destination))
        emit(
          ctx,
          ctx.platform.os === 'linux' ? 'mount-destination-absolute' : 'mount-destination-absolute-required',
          `/mounts/${i}/destination`,
          ctx.platform.os === 'linux'
            ? `${q(destination)} is relative (deprecated: resolved against /)`
            : `${q(destination)} is relative: ${ctx.platform.os} needs an absolute destination`,
        );
      // As the runtime resolves it inside the rootfs: from `/`, `.`, `..` and repeated slashes cleaned.
      destinations.push(cleanPath(isAbs(destination) ? destination : `/${destination}`));
    }
    const type = str(mount.type) ?? '';
    if (!windows) {
      const options = arr(mount.options);
      const bind = isBindMount(type, options);
      if (options !== undefined) checkOptions(ctx, type, options, bind, i);
      if (bind && (str(mount.source) ?? '') === '')
        emit(ctx, 'mount-bind-source', `/mounts/${i}/source`, 'bind mount without a source');
    }
    checkIdmap(ctx, mount, i);
  }
  // Shadowing / nesting, quadratic over the (short) mount list.
  for (let j = 1; j < destinations.length; j++) {
    const later = destinations[j];
    if (later === undefined) continue;
    for (let i = 0; i < j; i++) {
      const earlier = destinations[i];
      if (earlier === undefined) continue;
      if (windows) {
        if (isUnder(later, earlier) || isUnder(earlier, later)) {
          emit(ctx, 'mount-nested-windows', `/mounts/${j}/destination`, `nested in mount ${i} (${earlier})`);
          break;
        }
      } else if (isUnder(earlier, later)) {
        emit(ctx, 'mount-shadowed', `/mounts/${j}/destination`, `hides mount ${i} (${earlier})`);
        break;
      }
    }
  }
}
