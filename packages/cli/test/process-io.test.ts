/**
 * Standard output and error written by descriptor (process-io.ts): the whole text, however the kernel splits the
 * writes; a full non-blocking pipe (`EAGAIN`) hands the rest, and every later write, to Node's stream, in order; any
 * other error is an OutputError naming the stream. The kernel's answers are scripted here (`writeSync` mocked);
 * the real ones (a closed pipe, /dev/full) are in hostile.test.ts, through the built CLI.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

const script = vi.hoisted(() => ({ answers: [] as (number | string)[], written: [] as Uint8Array[] }));

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return {
    ...real,
    // Takes what the next scripted answer says: a byte count (at most what was asked), or an errno code to throw.
    writeSync: (_fd: number, bytes: Uint8Array, offset = 0) => {
      const answer = script.answers.shift() ?? Number.POSITIVE_INFINITY;
      if (typeof answer === 'string') throw Object.assign(new Error(answer), { code: answer });
      const n = Math.min(answer, bytes.length - offset);
      script.written.push(Uint8Array.from(bytes.subarray(offset, offset + n)));
      return n;
    },
  };
});

const { descriptorWriter } = await import('../src/process-io.js');
const { OutputError } = await import('../src/io.js');

/** What the descriptor received, as text. */
const written = () => Buffer.concat(script.written).toString('utf8');

afterEach(() => {
  script.answers = [];
  script.written = [];
  vi.restoreAllMocks();
});

describe('descriptorWriter', () => {
  it('writes the whole text when the kernel takes it in pieces', () => {
    script.answers = [3, 1, 5];
    descriptorWriter(1, 'standard output')('{"ociVersion": "1.3.0"}\n');
    expect(written()).toBe('{"ociVersion": "1.3.0"}\n');
    expect(script.written.length).toBe(4);
  });

  it('counts bytes, not characters: pieces cut inside a multi-byte character add up to the text', () => {
    script.answers = [1, 2, 1];
    descriptorWriter(2, 'standard error')('é✓ ok\n');
    expect(script.written.map((piece) => piece.length)).toEqual([1, 2, 1, 5]);
    expect(written()).toBe('é✓ ok\n');
  });

  it('hands the rest, and every later write, to the stream after EAGAIN, in order', () => {
    const streamed: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      streamed.push(Buffer.from(chunk).toString('utf8'));
      return true;
    });
    script.answers = [4, 'EAGAIN'];
    const out = descriptorWriter(1, 'standard output');
    out('first part\n');
    out('second\n');
    expect(written()).toBe('firs');
    expect(streamed).toEqual(['t part\n', 'second\n']);
    expect(write).toHaveBeenCalledTimes(2);
  });

  it.each([
    ['EPIPE', 'cannot write standard output: broken pipe (EPIPE)'],
    ['ENOSPC', 'cannot write standard output: no space left on device (ENOSPC)'],
  ])('turns %s into an OutputError naming the stream', (code, message) => {
    script.answers = [code, code];
    const write = () => descriptorWriter(1, 'standard output')('x\n');
    expect(write).toThrow(OutputError);
    expect(write).toThrow(message);
  });
});
