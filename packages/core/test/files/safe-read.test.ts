/** The one safe read, on real files of every kind: FIFOs, devices, sockets, directories, /proc files, big files. */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOcispecError } from '../../src/errors.js';
import {
  fileKind,
  InputTooLargeError,
  READ_FLAGS,
  readRegularFile,
  readStreamBounded,
} from '../../src/files/index.js';
import { nodeHostFS } from '../../src/host.js';
import { readFileChecked } from '../../src/spec-file.js';

const root = fs.mkdtempSync(path.join(tmpdir(), 'ocispec-safe-read-'));
const at = (name: string) => path.join(root, name);
let server: net.Server;

beforeAll(async () => {
  fs.writeFileSync(at('regular.json'), '{"ociVersion":"1.3.0"}');
  fs.mkdirSync(at('dir'));
  execFileSync('mkfifo', [at('fifo')]);
  server = net.createServer();
  await new Promise<void>((resolve) => server.listen(at('socket'), resolve));
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  fs.rmSync(root, { recursive: true, force: true });
});

function failure(read: () => unknown): Error {
  try {
    read();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the read to fail');
}

describe('readRegularFile (nodeHostFS.readFile)', () => {
  it('reads a regular file', () => {
    expect(new TextDecoder().decode(readRegularFile(at('regular.json')))).toBe('{"ociVersion":"1.3.0"}');
  });

  it('handles are O_PATH descriptors, closed on exec (libuv adds O_CLOEXEC to every open)', () => {
    const handle = nodeHostFS.openPath!(at('regular.json'), { noFollow: true });
    try {
      const fd = Number(handle.at.slice('/proc/self/fd/'.length));
      const flags = Number.parseInt(
        /flags:\s+([0-7]+)/.exec(fs.readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))![1]!,
        8,
      );
      expect(flags & 0o10000000).toBe(0o10000000); // O_PATH
      expect(flags & 0o2000000).toBe(0o2000000); // O_CLOEXEC
      expect(handle.location()).toBe(fs.realpathSync(at('regular.json')));
    } finally {
      handle.close();
    }
  });

  it('opens without blocking and without taking a terminal (O_NONBLOCK | O_NOCTTY)', () => {
    expect(READ_FLAGS & fs.constants.O_NONBLOCK).toBe(fs.constants.O_NONBLOCK);
    expect(READ_FLAGS & fs.constants.O_NOCTTY).toBe(fs.constants.O_NOCTTY);
    expect(READ_FLAGS & (fs.constants.O_WRONLY | fs.constants.O_RDWR)).toBe(0);
  });

  // A FIFO with no writer: a blocking open would wait forever (the test timeout is the hang detector).
  it.each([
    ['a FIFO', () => at('fifo'), 'is a FIFO, not a regular file', 'open'],
    [
      'a character device (/dev/zero)',
      () => '/dev/zero',
      'is a character device, not a regular file',
      'open',
    ],
    [
      'a character device (/dev/null)',
      () => '/dev/null',
      'is a character device, not a regular file',
      'open',
    ],
    ['a socket', () => at('socket'), 'is a socket, not a regular file', 'open'],
    ['a directory', () => at('dir'), 'is a directory', 'read'],
  ])('refuses %s, naming what it is', (_kind, file, message, syscall) => {
    const error = failure(() => readRegularFile(file())) as NodeJS.ErrnoException;
    expect(error.message).toBe(message);
    expect(error.syscall).toBe(syscall);
  });

  it('a size over the limit (fstat) fails before reading', () => {
    const error = failure(() => readRegularFile(at('regular.json'), 5));
    expect(error).toBeInstanceOf(InputTooLargeError);
    expect(error.message).toBe('file is 22 bytes, over the limit of 5 bytes');
  });

  it('the limit is enforced on the bytes read: a /proc file says size 0 and is still cut off', () => {
    expect(fs.statSync('/proc/self/status').size).toBe(0);
    expect(new TextDecoder().decode(readRegularFile('/proc/self/status')).startsWith('Name:')).toBe(true);
    const error = failure(() => readRegularFile('/proc/self/status', 16));
    expect(error).toBeInstanceOf(InputTooLargeError);
    expect(error.message).toBe('file is over the limit of 16 bytes');
  });

  it('a file exactly at the limit is read; one byte more is not', () => {
    const file = at('exact.txt');
    fs.writeFileSync(file, 'x'.repeat(100_000));
    expect(readRegularFile(file, 100_000).length).toBe(100_000);
    expect(() => readRegularFile(file, 99_999)).toThrow('over the limit of 99999 bytes');
  });

  it('missing files keep their errno', () => {
    expect((failure(() => readRegularFile(at('missing'))) as NodeJS.ErrnoException).code).toBe('ENOENT');
  });
});

describe('readFileChecked: one line naming the file', () => {
  it.each([
    ['fifo', 'is a FIFO, not a regular file'],
    ['socket', 'is a socket, not a regular file'],
    ['dir', 'is a directory'],
    ['missing', 'no such file or directory'],
  ])('%s', (name, message) => {
    const error = failure(() => readFileChecked(at(name)));
    expect(isOcispecError(error, 'FILE_ERROR')).toBe(true);
    expect(error.message).toBe(`${at(name)}: ${message}`);
  });

  it('/dev/zero is refused, not read until memory runs out', () => {
    expect(() => readFileChecked('/dev/zero', nodeHostFS, 1 << 30)).toThrow(
      '/dev/zero: is a character device, not a regular file',
    );
  });

  it('a fake HostFS that ignores maxBytes is still held to it', () => {
    const fake = { ...nodeHostFS, readFile: () => new Uint8Array(11) };
    expect(() => readFileChecked('/x', fake, 10)).toThrow('/x: file is 11 bytes, over the limit of 10 bytes');
  });
});

describe('readStreamBounded (standard input)', () => {
  it('stops reading /dev/zero at the limit', async () => {
    const stream = fs.createReadStream('/dev/zero');
    await expect(readStreamBounded(stream, 1 << 20)).rejects.toThrow(
      'input is over the limit of 1048576 bytes',
    );
    expect(stream.destroyed).toBe(true);
  });

  it('reads a stream within the limit whole', async () => {
    async function* chunks() {
      yield new TextEncoder().encode('ab');
      yield 'cd';
    }
    expect(new TextDecoder().decode(await readStreamBounded(chunks(), 4))).toBe('abcd');
    await expect(readStreamBounded(chunks(), 3)).rejects.toThrow('input is over the limit of 3 bytes');
  });
});

describe('fileKind', () => {
  it.each([
    ['regular.json', 'a regular file'],
    ['dir', 'a directory'],
    ['fifo', 'a FIFO'],
    ['socket', 'a socket'],
  ])('%s is %s', (name, kind) => expect(fileKind(fs.lstatSync(at(name)))).toBe(kind));
  it('/dev/null is a character device; a block device and a symlink are named', () => {
    expect(fileKind(fs.statSync('/dev/null'))).toBe('a character device');
    const stat = (which: string) => ({
      ...fs.statSync('/dev/null'),
      isFile: () => false,
      isDirectory: () => false,
      isSymbolicLink: () => which === 'link',
      isFIFO: () => false,
      isCharacterDevice: () => false,
      isBlockDevice: () => which === 'block',
      isSocket: () => false,
    });
    expect(fileKind(stat('block'))).toBe('a block device');
    expect(fileKind(stat('link'))).toBe('a symbolic link');
  });
});
