import type { FrozenSpec, Spec, SpecOpt } from '@ocispec/core';
import { createContext, ensureCapabilities, peekArray } from '@ocispec/core';
import { sparseSpecs } from '@ocispec/test-fixtures';
import { describe, expect, it } from 'vitest';
import {
  capabilitiesFromBitmap,
  parseCapEff,
  withAddedCapabilities,
  withAllCurrentCapabilities,
  withAllKnownCapabilities,
  withAmbientCapabilities,
  withCapabilities,
  withDroppedCapabilities,
} from '../src/capabilities.js';
import { knownCapabilities } from '../src/default-spec.js';
import { apply, failure, fakeContext, procStatus } from './fixtures/fake-host.js';

const known = [...knownCapabilities];

/** containerd's test helper withAllKnownCaps: all known caps, inheritable included. */
function allKnownWithInheritable(): Spec {
  return {
    process: { capabilities: { bounding: known, effective: known, permitted: known, inheritable: known } },
  };
}

const caps = (spec: FrozenSpec) => spec.process?.capabilities;

describe('sparse specs', () => {
  const opts: [string, () => SpecOpt][] = [
    ['withCapabilities', () => withCapabilities(['CAP_CHOWN'])],
    ['withCapabilities(null)', () => withCapabilities(null)],
    ['withAddedCapabilities', () => withAddedCapabilities(['CAP_CHOWN'])],
    ['withDroppedCapabilities', () => withDroppedCapabilities(['CAP_CHOWN'])],
    ['withAmbientCapabilities', () => withAmbientCapabilities(['CAP_CHOWN'])],
    ['withAllKnownCapabilities', () => withAllKnownCapabilities()],
  ];
  for (const [name, base] of Object.entries(sparseSpecs())) {
    it.each(opts)(`%s on ${name} creates process.capabilities`, (_, make) => {
      const out = apply(base, [make()]);
      expect(out.process?.capabilities).toBeTypeOf('object');
    });
  }
});

describe('withCapabilities (TestSetCaps, TestWithCapabilities, §5.2)', () => {
  it('sets B, E, P on an empty spec; inheritable stays empty', () => {
    const out = apply({}, [withCapabilities(['CAP_CHOWN'])]);
    expect(caps(out)).toEqual({
      bounding: ['CAP_CHOWN'],
      effective: ['CAP_CHOWN'],
      permitted: ['CAP_CHOWN'],
    });
  });
  it('filters a full inheritable set to the new caps (HEAD)', () => {
    const out = apply(allKnownWithInheritable(), [withCapabilities(['CAP_CHOWN'])]);
    expect(caps(out)).toEqual({
      bounding: ['CAP_CHOWN'],
      effective: ['CAP_CHOWN'],
      permitted: ['CAP_CHOWN'],
      inheritable: ['CAP_CHOWN'],
    });
  });
  it('drop CHOWN then set [CHOWN]: inheritable empty', () => {
    const out = apply(allKnownWithInheritable(), [
      withDroppedCapabilities(['CAP_CHOWN']),
      withCapabilities(['CAP_CHOWN']),
    ]);
    expect(caps(out)?.bounding).toEqual(['CAP_CHOWN']);
    expect(caps(out)?.inheritable ?? []).toEqual([]);
  });
  it('keeps the inheritable order when filtering', () => {
    const base: Spec = { process: { capabilities: { inheritable: ['CAP_B', 'CAP_X', 'CAP_A'] } } };
    const out = apply(base, [withCapabilities(['CAP_A', 'CAP_B'])]);
    expect(caps(out)?.inheritable).toEqual(['CAP_B', 'CAP_A']);
  });
  it.each([null, []])('withCapabilities(%j) clears B, E, P, I but keeps ambient (§5.2 item 13)', (arg) => {
    const base: Spec = {
      process: { capabilities: { ...allKnownWithInheritable().process!.capabilities, ambient: ['CAP_X'] } },
    };
    const out = apply(base, [withCapabilities(arg)]);
    const c = caps(out)!;
    expect(c.bounding ?? []).toEqual([]);
    expect(c.effective ?? []).toEqual([]);
    expect(c.permitted ?? []).toEqual([]);
    expect(c.inheritable).toBeUndefined();
    expect(c.ambient).toEqual(['CAP_X']);
  });
  it('TestWithCapabilities: CAP_SYS_ADMIN only', () => {
    const out = apply({}, [withCapabilities(['CAP_SYS_ADMIN'])]);
    expect(caps(out)?.bounding).toEqual(['CAP_SYS_ADMIN']);
    expect(caps(out)?.inheritable ?? []).toHaveLength(0);
  });
  it('shares one frozen list between B, E and P; an in-place edit of one set leaves the others', () => {
    const out = apply({}, [
      withCapabilities(['CAP_A']),
      (spec) => {
        const capabilities = ensureCapabilities(spec);
        capabilities.bounding = [...peekArray(capabilities, 'bounding'), 'CAP_B'];
      },
    ]);
    expect(caps(out)).toEqual({ bounding: ['CAP_A', 'CAP_B'], effective: ['CAP_A'], permitted: ['CAP_A'] });
    expect(caps(out)!.effective).toBe(caps(out)!.permitted);
  });
});

describe('withAddedCapabilities (TestAddCaps, §5.2 item 10)', () => {
  it('gives equal sets one shared result; a set that differs gets its own', () => {
    const base: Spec = {
      process: { capabilities: { bounding: ['CAP_A'], effective: ['CAP_A'], permitted: ['CAP_Z'] } },
    };
    const out = caps(apply(base, [withAddedCapabilities(['CAP_B'])]))!;
    expect(out).toEqual({
      bounding: ['CAP_A', 'CAP_B'],
      effective: ['CAP_A', 'CAP_B'],
      permitted: ['CAP_Z', 'CAP_B'],
    });
    expect(out.bounding).toBe(out.effective);
    const dropped = caps(apply(base, [withDroppedCapabilities(['CAP_Z'])]))!;
    expect(dropped).toEqual({ bounding: ['CAP_A'], effective: ['CAP_A'] });
    expect(dropped.bounding).toBe(caps(base)!.bounding);
  });
  it('adds to B, E, P only', () => {
    const out = apply({}, [withAddedCapabilities(['CAP_CHOWN'])]);
    expect(caps(out)).toEqual({
      bounding: ['CAP_CHOWN'],
      effective: ['CAP_CHOWN'],
      permitted: ['CAP_CHOWN'],
    });
  });
  it('skips present and duplicate caps; ALL is literal', () => {
    const base: Spec = {
      process: { capabilities: { bounding: ['CAP_A'], inheritable: ['CAP_I'], ambient: ['CAP_I'] } },
    };
    const out = apply(base, [withAddedCapabilities(['ALL', 'CAP_A', 'CAP_C', 'CAP_C'])]);
    expect(caps(out)).toEqual({
      bounding: ['CAP_A', 'ALL', 'CAP_C'],
      effective: ['ALL', 'CAP_A', 'CAP_C'],
      permitted: ['ALL', 'CAP_A', 'CAP_C'],
      inheritable: ['CAP_I'],
      ambient: ['CAP_I'],
    });
  });
});

describe('withDroppedCapabilities (TestDropCaps, §5.2 items 11, 14)', () => {
  it('removes from B, E, P and I', () => {
    const out = apply(allKnownWithInheritable(), [withDroppedCapabilities(['CAP_CHOWN'])]);
    for (const list of [
      caps(out)!.bounding,
      caps(out)!.effective,
      caps(out)!.permitted,
      caps(out)!.inheritable,
    ]) {
      expect(list).not.toContain('CAP_CHOWN');
      expect(list).toHaveLength(40);
    }
  });
  it('keeps the other caps', () => {
    const out = apply(allKnownWithInheritable(), [withDroppedCapabilities(['CAP_FOWNER'])]);
    expect(caps(out)!.inheritable).toContain('CAP_CHOWN');
    expect(caps(out)!.inheritable).not.toContain('CAP_FOWNER');
  });
  it('removes every duplicate; emptied lists are removed', () => {
    const out = apply(allKnownWithInheritable(), [
      withCapabilities(['CAP_CHOWN', 'CAP_CHOWN']),
      withDroppedCapabilities(['CAP_CHOWN']),
    ]);
    expect(caps(out)).toEqual({});
  });
  it('never drops ambient (HEAD: inheritable emptied)', () => {
    const base: Spec = { process: { capabilities: { inheritable: ['CAP_X'], ambient: ['CAP_X'] } } };
    const out = apply(base, [withDroppedCapabilities(['CAP_X'])]);
    expect(caps(out)).toEqual({ ambient: ['CAP_X'] });
  });
  it('ALL only removes a literal ALL', () => {
    const base: Spec = { process: { capabilities: { bounding: ['ALL', 'CAP_A'] } } };
    expect(caps(apply(base, [withDroppedCapabilities(['ALL'])]))!.bounding).toEqual(['CAP_A']);
  });
});

describe('withAmbientCapabilities', () => {
  it('replaces inheritable and ambient', () => {
    const base: Spec = { process: { capabilities: { bounding: ['CAP_A'], inheritable: ['CAP_Z'] } } };
    const out = apply(base, [withAmbientCapabilities(['CAP_B'])]);
    expect(caps(out)).toEqual({ bounding: ['CAP_A'], inheritable: ['CAP_B'], ambient: ['CAP_B'] });
  });
  it('null removes both', () => {
    const base: Spec = { process: { capabilities: { inheritable: ['CAP_Z'], ambient: ['CAP_Z'] } } };
    expect(caps(apply(base, [withAmbientCapabilities(null)]))).toEqual({});
  });
});

describe('withAllKnownCapabilities', () => {
  it('sets the 41 known caps in kernel order on linux', () => {
    const out = apply({}, [withAllKnownCapabilities()]);
    expect(caps(out)!.bounding).toEqual(known);
    expect(known).toHaveLength(41);
    expect(known[0]).toBe('CAP_CHOWN');
    expect(known[40]).toBe('CAP_CHECKPOINT_RESTORE');
  });
  it.each(['windows/amd64', 'darwin/arm64', 'freebsd/amd64'])(
    'is withCapabilities(nil) for %s',
    (platform) => {
      const base = allKnownWithInheritable();
      const out = apply(base, [withAllKnownCapabilities()], createContext({ platform }));
      expect(caps(out)).toEqual({});
    },
  );
});

describe('withAllCurrentCapabilities', () => {
  const status = (capEff: string) => ({
    '/proc/self/status': { kind: 'file' as const, data: procStatus(capEff) },
  });

  it('names CapEff bits in kernel order (root: all 41)', () => {
    const out = apply({}, [withAllCurrentCapabilities()], fakeContext(status('000001ffffffffff')));
    expect(caps(out)!.bounding).toEqual(known);
  });
  it('skips unknown bits', () => {
    const out = apply({}, [withAllCurrentCapabilities()], fakeContext(status('ffffffffffffffff')));
    expect(caps(out)!.bounding).toEqual(known);
  });
  it('a few bits', () => {
    // CAP_CHOWN (0), CAP_KILL (5), CAP_SYS_ADMIN (21)
    const out = apply({}, [withAllCurrentCapabilities()], fakeContext(status('0000000000200021')));
    expect(caps(out)!.bounding).toEqual(['CAP_CHOWN', 'CAP_KILL', 'CAP_SYS_ADMIN']);
  });
  it('an empty CapEff clears the caps and inheritable', () => {
    const out = apply(
      allKnownWithInheritable(),
      [withAllCurrentCapabilities()],
      fakeContext(status('0000000000000000')),
    );
    expect(caps(out)).toEqual({});
  });
  it("a bad CapEff line is containerd's parse error", () => {
    const error = failure({}, [withAllCurrentCapabilities()], fakeContext(status('xyz')));
    expect(error.message).toBe('failed to parse line "CapEff:\\txyz"');
  });
  it("a missing /proc/self/status is Go's open error", () => {
    const error = failure({}, [withAllCurrentCapabilities()], fakeContext({}));
    expect(error.message).toBe('open /proc/self/status: no such file or directory');
  });
  it('does not read the host for a non-linux target', () => {
    const out = apply(
      allKnownWithInheritable(),
      [withAllCurrentCapabilities()],
      fakeContext({}, { platform: 'windows/amd64' }),
    );
    expect(caps(out)).toEqual({});
  });
  it('reads the real /proc/self/status on this machine', () => {
    const out = apply({}, [withAllCurrentCapabilities()]);
    for (const c of caps(out)?.bounding ?? []) expect(known).toContain(c);
  });
});

describe('CapEff parsing helpers', () => {
  it('parseCapEff: last occurrence wins, absent is 0, CRLF tolerated', () => {
    expect(parseCapEff('CapEff:\t1\nCapEff:\t3\n')).toBe(3n);
    expect(parseCapEff('Name:\tx\n')).toBe(0n);
    expect(parseCapEff('CapEff:\t0000000000000001\r\n')).toBe(1n);
  });
  it('parseCapEff: a value beyond 64 bits is an error', () => {
    expect(() => parseCapEff('CapBnd:\t10000000000000000\n')).toThrow(
      'failed to parse line "CapBnd:\\t10000000000000000"',
    );
  });
  it('capabilitiesFromBitmap', () => {
    expect(capabilitiesFromBitmap(0n)).toEqual([]);
    expect(capabilitiesFromBitmap(1n << 40n)).toEqual(['CAP_CHECKPOINT_RESTORE']);
    expect(capabilitiesFromBitmap(1n << 41n)).toEqual([]);
  });
});
