import { describe, expect, it } from 'vitest';
import type { SpecOpt } from '../../src/compose.js';
import { applyOpts, compose } from '../../src/compose.js';
import { createContext } from '../../src/context.js';
import { withEnv, withHostname } from '../../src/options/index.js';
import { apply } from './helpers.js';

/** An async option that records its tag (after a tick) and sets nothing. */
function later(tag: string, log: string[]): SpecOpt {
  return async () => {
    await Promise.resolve();
    log.push(tag);
  };
}

describe('compose', () => {
  it('is named compose; composing nothing does nothing', () => {
    expect(compose().name).toBe('compose');
    expect(apply({ hostname: 'h' }, compose())).toEqual({ hostname: 'h' });
  });

  it('runs sync options in order, synchronously', () => {
    const opt = compose(withEnv(['A=1']), withEnv(['A=2', 'B=1']), withHostname('web'));
    expect(apply({}, opt)).toEqual({ hostname: 'web', process: { env: ['A=2', 'B=1'] } });
  });

  it('continues after an async option with the next one, in order, each once', async () => {
    const log: string[] = [];
    const record =
      (tag: string): SpecOpt =>
      () => {
        log.push(tag);
      };
    const opt = compose(record('a'), later('b', log), record('c'), later('d', log), record('e'));
    const out = await applyOpts({}, [opt, withHostname('after')], createContext());
    expect(log).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(out).toEqual({ hostname: 'after' });
  });

  it('stops at the first failure, sync or async', async () => {
    const log: string[] = [];
    const fail: SpecOpt = () => {
      throw new Error('boom');
    };
    const never: SpecOpt = () => {
      log.push('never');
    };
    expect(() => apply({}, compose(fail, never))).toThrow('option 0 (compose): boom');
    await expect(applyOpts({}, [compose(later('x', log), fail, never)], createContext())).rejects.toThrow(
      'option 0 (compose): boom',
    );
    expect(log).toEqual(['x']);
  });
});
