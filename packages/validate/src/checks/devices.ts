/** `linux.devices`: paths, types, numbers, duplicates, file modes. */
import type { CheckContext } from '../util.js';
import { emit, int, intEq, isAbs, obj, q, str } from '../util.js';

const DEVICE_TYPES: ReadonlySet<string> = new Set(['b', 'c', 'u', 'p']);

export function checkDevices(ctx: CheckContext, list: readonly unknown[]): void {
  const paths = new Set<string>();
  const numbers = new Set<string>();
  for (let i = 0; i < list.length; i++) {
    const dev = obj(list[i]);
    if (dev === undefined) continue;
    const base = `/linux/devices/${i}`;
    const path = str(dev.path);
    if (path !== undefined) {
      if (!isAbs(path))
        emit(ctx, 'device-path-absolute', `${base}/path`, `device path ${q(path)} is not absolute`);
      if (paths.has(path))
        emit(ctx, 'device-duplicate-path', `${base}/path`, `device ${path} is listed twice`);
      paths.add(path);
    }
    const type = str(dev.type);
    const major = int(dev.major);
    const minor = int(dev.minor);
    if (type !== undefined && !DEVICE_TYPES.has(type)) {
      emit(ctx, 'device-type', `${base}/type`, `device type ${q(type)} is not b, c, u or p`);
    } else if (type === 'p') {
      if ((major !== undefined && !intEq(major, 0)) || (minor !== undefined && !intEq(minor, 0)))
        emit(ctx, 'device-number', base, 'a FIFO (p) has major and minor 0');
    } else if (type !== undefined) {
      if (major !== undefined && (major < 0 || major >= 4096))
        emit(ctx, 'device-number', `${base}/major`, `major ${q(major)} is outside 0..4095`);
      if (minor !== undefined && (minor < 0 || minor >= 1048576))
        emit(ctx, 'device-number', `${base}/minor`, `minor ${q(minor)} is outside 0..1048575`);
      if (major !== undefined && minor !== undefined) {
        const id = `${type === 'u' ? 'c' : type}:${major}:${minor}`;
        if (numbers.has(id)) emit(ctx, 'device-duplicate-number', base, `another device is ${id}`);
        numbers.add(id);
      }
    }
    const mode = int(dev.fileMode);
    if (mode !== undefined && mode > 0o777)
      emit(
        ctx,
        'device-file-mode',
        `${base}/fileMode`,
        `fileMode ${q(mode)} is above 0777 (511): type bits come from type`,
      );
  }
}
