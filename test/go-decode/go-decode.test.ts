/**
 * The differential test of the Go-exact decoder: every spec text goes through Go's encoding/json (`driver/`, over
 * Debian's specs-go) and through ocispec's `decodeSpec`; ocispec's print of what both know must equal Go's
 * `json.Marshal` byte for byte, and where Go fails, ocispec must fail at the same field. See README.md.
 */
import { decodeSpec } from '@ocispec/core';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { specText } from './arbitrary.js';
import { HAND_WRITTEN } from './corpus.js';
import type { GoVerdict } from './go-driver.js';
import { buildGoDriver, goDecode } from './go-driver.js';
import { ocispecDecode } from './ocispec-side.js';

/** Generated texts per run (CI runs this many; OCISPEC_GO_DECODE_RUNS overrides, e.g. for a long soak). */
const RUNS = Number(process.env.OCISPEC_GO_DECODE_RUNS ?? 10_000);
/** The seed of the generated texts: printed with every failure, set OCISPEC_GO_DECODE_SEED to replay it. */
const SEED = Number(process.env.OCISPEC_GO_DECODE_SEED ?? Date.now() % 2 ** 31);

/** The driver, built on first use; a failed build fails every test with its reason (never a skip). */
let built: ReturnType<typeof buildGoDriver> | Error | undefined;
function driverBinary(): string {
  if (built === undefined) {
    try {
      built = buildGoDriver();
    } catch (error) {
      built = error instanceof Error ? error : new Error(String(error));
    }
  }
  if (built instanceof Error) throw built;
  return built.binary;
}
afterAll(() => {
  if (built !== undefined && !(built instanceof Error)) built.dispose();
});

/** The first test builds the driver: a cold Go build cache takes tens of seconds on CI's two cores. */
const BUILD_TIMEOUT_MS = 300_000;

/** A readable form of a text for failure messages. */
function show(text: string | Uint8Array): string {
  return typeof text === 'string' ? text : `bytes(${Buffer.from(text).toString('hex')})`;
}

/** The verdicts, compared as far as both can tell: the print exactly, the failing field, or a syntax error. */
function comparable(verdict: GoVerdict): string {
  switch (verdict.kind) {
    case 'ok':
      return `ok ${verdict.printed}`;
    case 'type':
      return `type error at ${JSON.stringify(verdict.field)}`;
    case 'syntax':
      return 'syntax error';
    case 'other':
      return `other error: ${verdict.message}`;
  }
}

function mismatches(texts: readonly (string | Uint8Array)[]): string[] {
  const go = goDecode(driverBinary(), texts);
  const found: string[] = [];
  texts.forEach((text, i) => {
    const want = comparable(go[i]!);
    const got = comparable(ocispecDecode(text));
    if (got !== want) found.push(`${show(text)}\n  Go:      ${want}\n  ocispec: ${got}`);
  });
  return found;
}

describe('ocispec decodes spec JSON exactly as Go does', () => {
  it.each(HAND_WRITTEN)(
    '%s',
    (_name, text) => {
      expect(mismatches([text])).toEqual([]);
    },
    BUILD_TIMEOUT_MS,
  );

  it('agrees with Go on every hand-written text at once (one driver process)', {
    timeout: BUILD_TIMEOUT_MS,
  }, () => {
    const go = goDecode(
      driverBinary(),
      HAND_WRITTEN.map(([, text]) => text),
    );
    // The corpus exercises both outcomes: texts Go decodes, and texts it refuses for each reason.
    expect(new Set(go.map((v) => v.kind))).toEqual(new Set(['ok', 'type', 'syntax']));
  });

  it(`agrees with Go on ${RUNS} generated texts (seed ${SEED})`, () => {
    const texts = fc.sample(specText, { numRuns: RUNS, seed: SEED });
    const found = mismatches(texts);
    expect(
      found.slice(0, 5),
      `${found.length} of ${RUNS} texts differ (seed ${SEED}; OCISPEC_GO_DECODE_SEED=${SEED} replays them)`,
    ).toEqual([]);
    // The generator reaches what it is for: most texts decode whole, some fail in Go, and repeated keys, case
    // variants, Unicode folds and invalid UTF-8 are common.
    const go = goDecode(driverBinary(), texts);
    expect(go.filter((v) => v.kind === 'ok').length).toBeGreaterThan(RUNS / 2);
    expect(go.filter((v) => v.kind === 'type').length).toBeGreaterThan(RUNS / 20);
    const kinds = texts.map((text) => new Set(decodeSpec(text).ambiguities.map((a) => a.kind)));
    for (const kind of ['duplicate', 'fold', 'spelling', 'invalid-utf8'] as const) {
      expect(kinds.filter((set) => set.has(kind)).length, kind).toBeGreaterThan(RUNS / 20);
    }
  }, 600_000);
});
