/**
 * Replays every conformance case through ocispec and compares with the golden that containerd 1.6.20 produced
 * (normalised to HEAD, or HEAD's hand-written expectation where they differ). See README.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HostAccess, HostFS, OptCall, Spec } from '@ocispec/core';
import {
  corePlugin,
  isOcispecError,
  nodeHost,
  Pipeline,
  parseJson,
  parseJsonBytes,
  parsePipelineFile,
  printSpec,
} from '@ocispec/core';
import { markOwnHost } from '@ocispec/core/internal';
import { linuxPlugin } from '@ocispec/linux';
import { windowsPlugin } from '@ocispec/windows';
import { describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOTFS = '<ROOTFS>';

interface Case {
  name: string;
  platform?: string;
  namespace?: string;
  id?: string;
  base?: Spec | null;
  opts?: OptCall[];
  rootfs?: string;
  containerdPanics?: boolean;
  /**
   * Where ocispec deliberately differs from containerd HEAD: what it gives instead, and why. Where containerd
   * panics, the section it dereferences (`missingSection`, a pointer) and the option ocispec names.
   */
  ocispec?: {
    spec?: Spec | null;
    error?: string | null;
    missingSection?: string;
    option?: string;
    why: string;
  };
}

interface Golden {
  name: string;
  source: 'containerd-1.6.20' | 'head-expectation' | 'containerd-panics';
  spec: Spec | null;
  error: string | null;
  host?: { capEff?: string };
}

function readJson<T>(file: string): T {
  return parseJsonBytes(readFileSync(file)) as T;
}

/** The real host, with relative paths resolved against this directory and `/proc/self/status` faked when asked. */
function conformanceHost(capEff: string | undefined): HostAccess {
  const at = (p: string) => (path.isAbsolute(p) ? p : path.join(here, p));
  const real = nodeHost.fs;
  const fs: HostFS = {
    readFile: (p) =>
      capEff !== undefined && p === '/proc/self/status'
        ? new TextEncoder().encode(
            `Name:\tnode\nCapInh:\t0000000000000000\nCapPrm:\t${capEff}\nCapEff:\t${capEff}\n`,
          )
        : real.readFile(at(p)),
    lstat: (p) => real.lstat(at(p)),
    stat: (p) => real.stat(at(p)),
    readdir: (p) => real.readdir(at(p)),
    readlink: (p) => real.readlink(at(p)),
    realpath: (p) => real.realpath(at(p)),
  };
  return { fs, runningInUserNS: () => nodeHost.runningInUserNS() };
}

/**
 * The pipeline of a case. Over a host of its own (`finish: 'builtin'`, a wrapper of the real host counted as
 * ocispec's), a composition of ocispec's options alone is finished without the per-property guard; over a host of
 * someone's code (`'guarded'`), with it. Every case runs both ways and must give the same outcome.
 */
function pipelineFor(capEff: string | undefined, finish: 'builtin' | 'guarded'): Pipeline {
  const host = conformanceHost(capEff);
  return new Pipeline({
    plugins: [corePlugin(), linuxPlugin(), windowsPlugin()],
    host: finish === 'builtin' ? markOwnHost(host) : host,
    platformDefaults: { os: 'linux', architecture: 'amd64' },
  });
}

interface Outcome {
  spec: unknown;
  error: string | null;
  /** The error's code, option and pointer (an OcispecError's details). */
  code?: string;
  option?: string;
  pointer?: string;
}

async function run(c: Case, golden: Golden, finish: 'builtin' | 'guarded'): Promise<Outcome> {
  const rootfs = c.rootfs === undefined ? undefined : path.join(here, 'fixtures', 'rootfs', c.rootfs);
  const opts: OptCall[] = [
    ...(rootfs === undefined ? [] : [['withRootFSPath', rootfs] as OptCall]),
    ...(c.opts ?? []),
  ];
  try {
    const { spec } = await pipelineFor(golden.host?.capEff, finish).compose({
      platform: c.platform ?? 'linux/amd64',
      namespace: c.namespace ?? 'default',
      id: c.id ?? '',
      base: c.base ?? null,
      opts,
    });
    const printed = printSpec(spec);
    return {
      spec: parseJson(rootfs === undefined ? printed : printed.split(rootfs).join(ROOTFS)),
      error: null,
    };
  } catch (error) {
    if (error instanceof TypeError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    return {
      spec: null,
      error: rootfs === undefined ? message : message.split(rootfs).join(ROOTFS),
      ...(isOcispecError(error) ? { code: error.code, option: error.option, pointer: error.pointer } : {}),
    };
  }
}

const files = readdirSync(path.join(here, 'cases')).filter((f) => f.endsWith('.json'));

describe.each(files)('%s', (file) => {
  // Inline bases are read as the driver reads them (json.Unmarshal into specs.Spec): as a pipeline file's bases.
  const parsed = parsePipelineFile(readFileSync(path.join(here, 'cases', file)), file);
  const cases = (parsed.kind === 'batch' ? parsed.pipelines : []) as Case[];
  const goldens = readJson<Golden[]>(path.join(here, 'goldens', file));

  it('has one golden per case, in order', () => {
    expect(goldens.map((g) => g.name)).toEqual(cases.map((c) => c.name));
  });

  it.each(cases.map((c, i) => [c.name, c, goldens[i]!] as const))('%s', async (_name, c, golden) => {
    const result = await run(c, golden, 'builtin');
    // The guard finds nothing to change or refuse in what ocispec's own options write (builtin-opts.ts).
    expect(await run(c, golden, 'guarded'), 'the same outcome with the per-property guard').toEqual(result);
    if (c.containerdPanics === true || golden.source === 'containerd-panics') {
      // containerd panics here (a nil section) and produces no spec: neither does ocispec. It fails with
      // MISSING_SECTION naming the option and the section the case states (never a TypeError: run() rethrows those).
      expect(c.ocispec?.missingSection, 'a panicking case names the missing section').toBeDefined();
      expect(result.spec).toBeNull();
      expect(result).toMatchObject({
        code: 'MISSING_SECTION',
        option: c.ocispec?.option,
        pointer: c.ocispec?.missingSection,
      });
      expect(result.error).toMatch(
        /^option \d+ \(\w+\): the spec has no [\w.]+: containerd dereferences it here and panics/,
      );
      return;
    }
    const expected =
      c.ocispec === undefined ? golden : { spec: c.ocispec.spec ?? null, error: c.ocispec.error ?? null };
    if (expected.error !== null) {
      // containerd returns the partly built spec with its error; ocispec returns nothing half-built and names
      // the option and its index before containerd's message.
      expect(result.error, 'expected an error').not.toBeNull();
      expect(result.error).toContain(expected.error);
      return;
    }
    expect(result.error).toBeNull();
    expect(result.spec).toEqual(expected.spec);
  });
});

it('no case is silently dropped: every case file has a golden file', () => {
  const goldens = readdirSync(path.join(here, 'goldens')).filter((f) => f.endsWith('.json'));
  expect(goldens.sort()).toEqual(files.sort());
});
