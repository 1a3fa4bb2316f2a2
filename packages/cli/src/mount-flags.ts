/**
 * `--mount` in docker's syntax (`type=bind,source=/a,target=/b,readonly`, with the short keys `src`, `dst` and
 * `ro`, and ctr's `options=rbind:ro`) and `--tmpfs DST[:OPTIONS]`, as runtime-spec mounts.
 */
import * as path from 'node:path';
import type { Mount } from '@ocispec/core';
import { FlagError } from './command.js';

const KEYS = new Set([
  'type',
  'source',
  'src',
  'destination',
  'dst',
  'target',
  'readonly',
  'ro',
  'bind-propagation',
  'tmpfs-size',
  'tmpfs-mode',
  'options',
]);

const PROPAGATION = new Set(['private', 'rprivate', 'shared', 'rshared', 'slave', 'rslave']);

/** The options docker gives every tmpfs mount. */
const TMPFS_OPTIONS = ['nosuid', 'noexec', 'nodev'];

/** Parses one `--mount` value; the result resolves a relative bind source from the command's directory. */
export function parseMount(value: string): (cwd: string) => Mount {
  const fields = new Map<string, string>();
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).toLowerCase();
    if (!KEYS.has(key)) throw new FlagError(`unknown --mount key ${JSON.stringify(key)}`);
    if (fields.has(key)) throw new FlagError(`--mount key ${key} given twice`);
    fields.set(key, eq < 0 ? 'true' : part.slice(eq + 1));
  }
  const type = fields.get('type') ?? 'bind';
  if (type !== 'bind' && type !== 'tmpfs')
    throw new FlagError(`--mount type must be bind or tmpfs (got ${type})`);
  const destination = fields.get('destination') ?? fields.get('dst') ?? fields.get('target');
  if (destination === undefined || !destination.startsWith('/')) {
    throw new FlagError('--mount needs an absolute dst (destination, target)');
  }
  const readonly = ['readonly', 'ro'].some((k) => fields.has(k) && fields.get(k) !== 'false');
  const extra = (fields.get('options') ?? '').split(':').filter((o) => o !== '');
  if (type === 'tmpfs') {
    const options = [...TMPFS_OPTIONS, ...extra];
    const size = fields.get('tmpfs-size');
    const mode = fields.get('tmpfs-mode');
    if (size !== undefined) options.push(`size=${size}`);
    if (mode !== undefined) options.push(`mode=${mode}`);
    if (readonly) options.push('ro');
    return () => ({ destination, type: 'tmpfs', source: 'tmpfs', options });
  }
  const source = fields.get('source') ?? fields.get('src');
  if (source === undefined || source === '') throw new FlagError('--mount type=bind needs a src (source)');
  const propagation = fields.get('bind-propagation');
  if (propagation !== undefined && !PROPAGATION.has(propagation)) {
    throw new FlagError(`bad bind-propagation ${propagation}`);
  }
  const options = extra.length > 0 ? extra : ['rbind'];
  if (readonly && !options.includes('ro')) options.push('ro');
  if (propagation !== undefined) options.push(propagation);
  return (cwd) => ({ destination, type: 'bind', source: path.resolve(cwd, source), options });
}

/** `--tmpfs /run:size=64m,mode=755` → a tmpfs mount with docker's default options first. */
export function parseTmpfs(value: string): Mount {
  const colon = value.indexOf(':');
  const destination = colon < 0 ? value : value.slice(0, colon);
  if (!destination.startsWith('/')) throw new FlagError('--tmpfs needs an absolute destination');
  const extra =
    colon < 0
      ? []
      : value
          .slice(colon + 1)
          .split(',')
          .filter((o) => o !== '');
  return { destination, type: 'tmpfs', source: 'tmpfs', options: [...TMPFS_OPTIONS, ...extra] };
}
