/**
 * The real process's input and output. Standard output and error are written by descriptor (`fs.writeSync`), not
 * through `process.stdout` / `process.stderr`: creating those streams loads Node's stream, net and tty modules,
 * 2–4 ms of a cold start (docs/performance.md) that a command writing one spec does not need. A write blocks until
 * the whole text is written, at the pace of the reader. On a descriptor someone made non-blocking, a full pipe
 * (`EAGAIN`) hands the rest, and every later write, to Node's stream, which waits for the reader; an error the
 * stream reports after the write ends the process as a failed write does.
 */
import { writeSync } from 'node:fs';
import type { ModuleImporter } from '@ocispec/core';
import { readStreamBounded } from '@ocispec/core/internal';
import type { CliIO } from './io.js';
import { colourFor, EXIT_EPIPE, errnoOf, OutputError } from './io.js';

/** The real process's streams; a failed write throws an {@link OutputError}. */
export function processIO(importModule?: ModuleImporter): CliIO {
  return {
    stdout: descriptorWriter(1, 'standard output'),
    stderr: descriptorWriter(2, 'standard error'),
    stdin: (maxBytes) => readStreamBounded(process.stdin, maxBytes),
    cwd: process.cwd(),
    // Asked only when help or an error is printed: finding out creates the streams.
    colour: {
      get stdout() {
        return colourFor(process.stdout.isTTY === true, process.env);
      },
      get stderr() {
        return colourFor(process.stderr.isTTY === true, process.env);
      },
    },
    importModule,
  };
}

/** Writes `text` whole to descriptor `fd` (1 or 2), by `writeSync` until a full non-blocking pipe says `EAGAIN`. */
export function descriptorWriter(fd: 1 | 2, name: string): (text: string) => void {
  let stream: NodeJS.WriteStream | undefined;
  return (text) => {
    if (stream !== undefined) return streamWrite(stream, text, name);
    const bytes = Buffer.from(text, 'utf8');
    let offset = 0;
    while (offset < bytes.length) {
      try {
        offset += writeSync(fd, bytes, offset);
      } catch (error) {
        const code = errnoOf(error) ?? 'EIO';
        if (code !== 'EAGAIN') throw new OutputError(name, code, error);
        stream = nodeStream(fd, name);
        return streamWrite(stream, bytes.subarray(offset), name);
      }
    }
  };
}

function streamWrite(stream: NodeJS.WriteStream, chunk: string | Uint8Array, name: string): void {
  try {
    stream.write(chunk);
  } catch (error) {
    throw new OutputError(name, errnoOf(error) ?? 'EIO', error);
  }
}

/** Node's stream of `fd`, with the handler of the errors it reports after a write. */
function nodeStream(fd: 1 | 2, name: string): NodeJS.WriteStream {
  const stream = fd === 1 ? process.stdout : process.stderr;
  stream.on('error', exitOnLateError(name));
  return stream;
}

/**
 * Ends the process on an error a stream reported after the write (a closed pipe, a full disk) the way `main` ends
 * a command whose write failed: quietly with 141 for EPIPE, one line and exit 1 otherwise.
 */
function exitOnLateError(name: string) {
  return (error: unknown) => {
    const code = errnoOf(error) ?? 'EIO';
    if (code === 'EPIPE') process.exit(EXIT_EPIPE);
    if (name !== 'standard error') {
      try {
        writeSync(2, `ocispec: ${new OutputError(name, code, error).message}\n`);
      } catch {
        // Nothing left to report to.
      }
    }
    process.exit(1);
  };
}
