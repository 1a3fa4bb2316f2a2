/** What the suite needs on the host, checked once with every problem named (nothing is skipped). */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { BUSYBOX, hasInterpreter } from '../harness.js';
import { oneLine } from './process.js';

/** The tools the suite needs, found by {@link preflight}. */
export interface Tools {
  /** `containerd --version`'s version (`1.6.20~ds1`). */
  readonly containerdVersion: string;
  /** `[major, minor]`. */
  readonly containerdRelease: readonly [number, number];
}

/**
 * Checks what the suite needs (root, containerd, ctr, runc, the runc v2 shim, tar, a static busybox) and throws
 * one message naming everything missing.
 */
export function preflight(): Tools {
  const problems: string[] = [];
  if (process.getuid?.() !== 0) problems.push(`the suite must run as root (uid ${process.getuid?.()})`);
  const version = (cmd: string, args: string[]): string | undefined => {
    const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 10_000 });
    if (r.error !== undefined || r.status !== 0) {
      problems.push(`${cmd} does not run (${r.error?.message ?? oneLine(r.stderr)})`);
      return undefined;
    }
    return r.stdout;
  };
  const containerd = version('containerd', ['--version']);
  version('ctr', ['--version']);
  version('runc', ['--version']);
  version('containerd-shim-runc-v2', ['-v']);
  version('tar', ['--version']);
  if (!fs.existsSync(BUSYBOX)) problems.push(`${BUSYBOX} is missing`);
  else if (hasInterpreter(BUSYBOX)) problems.push(`${BUSYBOX} is dynamically linked (need busybox-static)`);
  const match = /containerd\S*\s+\S+\s+v?(\d+)\.(\d+)\.\S+/.exec(containerd ?? '');
  if (containerd !== undefined && match === null) {
    problems.push(`cannot read containerd's version from ${JSON.stringify(oneLine(containerd))}`);
  }
  if (problems.length > 0) {
    throw new Error(
      `containerd e2e: ${problems.join('; ')}. On Debian: apt-get install containerd runc busybox-static`,
    );
  }
  const [, major, minor] = match!;
  const full = /\s(v?\d+\.\d+\.\S+)/.exec(containerd!)![1]!;
  return { containerdVersion: full.replace(/^v/, ''), containerdRelease: [Number(major), Number(minor)] };
}
