/** Temporary directories of a test file, removed after its tests, and files written in them. */
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll } from 'vitest';

/**
 * A maker of fresh temporary directories named `ocispec-<prefix>-…` (their real paths: `/tmp` may be a link),
 * every one removed after the calling test file's tests. Call it once, at the top of the file.
 */
export function tempDirs(prefix: string): () => string {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(tmpdir(), `ocispec-${prefix}-`)));
    made.push(dir);
    return dir;
  };
}

/** Writes `content` (text, or a value as JSON) to `dir/name`, making its parent directories; returns the path. */
export function writeFile(dir: string, name: string, content: string | object): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}
