/**
 * Builds and runs `driver/` (Go's encoding/json over Debian's runtime-spec specs-go, GOPATH mode): what Go itself
 * reads from each spec text. Fails loudly when Go or the Go package is missing: this suite has no skip.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const GOCODE = process.env.OCISPEC_GOCODE ?? '/usr/share/gocode';
const SPECS_GO = path.join(GOCODE, 'src/github.com/opencontainers/runtime-spec/specs-go/config.go');
const INSTALL = 'apt-get install golang-go golang-github-opencontainers-specs-dev';

/** What Go read from one text. */
export type GoVerdict =
  | { readonly kind: 'ok'; readonly printed: string }
  | { readonly kind: 'syntax'; readonly message: string }
  /** `field`: Go's `UnmarshalTypeError.Field` (struct field names joined by `.`, `""` at the top level). */
  | { readonly kind: 'type'; readonly field: string; readonly message: string }
  | { readonly kind: 'other'; readonly message: string };

function goEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GO111MODULE: 'off',
    GOPATH: GOCODE,
    GOFLAGS: '',
    GOCACHE: process.env.GOCACHE ?? path.join(os.tmpdir(), 'ocispec-go-build-cache'),
  };
}

/** Builds the driver into a temporary directory; returns its path and a cleanup. */
export function buildGoDriver(): { readonly binary: string; readonly dispose: () => void } {
  const version = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (version.error !== undefined || version.status !== 0) {
    throw new Error(`the Go differential test needs the go command (${INSTALL})`);
  }
  if (!existsSync(SPECS_GO)) {
    throw new Error(`the Go differential test needs runtime-spec's specs-go at ${SPECS_GO} (${INSTALL})`);
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ocispec-go-decode-'));
  const binary = path.join(dir, 'driver');
  const build = spawnSync('go', ['build', '-o', binary, './driver'], {
    cwd: here,
    env: goEnv(),
    encoding: 'utf8',
  });
  if (build.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`building the Go driver failed: ${build.stderr || build.error?.message}`);
  }
  return { binary, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs every text through one driver process; verdicts in input order. */
export function goDecode(binary: string, texts: readonly (string | Uint8Array)[]): GoVerdict[] {
  const input = texts.map((t) => Buffer.from(t).toString('base64')).join('\n');
  const run = spawnSync(binary, [], { input: `${input}\n`, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (run.status !== 0) throw new Error(`the Go driver failed: ${run.stderr || run.error?.message}`);
  const lines = run.stdout.split('\n').filter((line) => line !== '');
  if (lines.length !== texts.length) {
    throw new Error(`the Go driver answered ${lines.length} lines for ${texts.length} texts`);
  }
  return lines.map(parseVerdict);
}

/**
 * Go's output in Go ≥ 1.22's escaping, which containerd HEAD and ocispec print: Go 1.19's encoder writes
 * backspace and form feed as `\u0008` and `\u000c`, Go 1.22+ as `\b` and `\f` (golang.org/cl/521675). Every
 * other byte is kept.
 */
export function goEscapesAs122(printed: string): string {
  let out = '';
  for (let i = 0; i < printed.length; i++) {
    const c = printed[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const sequence = printed.slice(i, i + 6);
    if (sequence === '\\u0008') out += '\\b';
    else if (sequence === '\\u000c') out += '\\f';
    else {
      out += printed.slice(i, i + 2);
      i++;
      continue;
    }
    i += 5;
  }
  return out;
}

function parseVerdict(line: string): GoVerdict {
  if (line.startsWith('ok ')) {
    return { kind: 'ok', printed: goEscapesAs122(Buffer.from(line.slice(3), 'base64').toString('utf8')) };
  }
  if (line.startsWith('err syntax ')) return { kind: 'syntax', message: line.slice(11) };
  if (line.startsWith('err type ')) {
    const rest = line.slice(9);
    const end = rest.indexOf('" ');
    return {
      kind: 'type',
      field: JSON.parse(rest.slice(0, end + 1)) as string,
      message: rest.slice(end + 2),
    };
  }
  return { kind: 'other', message: line };
}
