/**
 * The decoding of spec text against what the reference's reader does with it: `fixtures/go-decoding.json` holds
 * YAML and JSON texts and what `sigs.k8s.io/yaml.UnmarshalStrict` (v1.6.0 over go.yaml.in/yaml/v2 v2.4.4, the
 * versions containerd HEAD vendors) decoded them into (`specs.Spec`, printed by encoding/json), or that it refused
 * them. Recorded once from Go; compared here without the fields Go prints empty (omitted here) and in any key order.
 */
import * as fs from 'node:fs';
import { parseJson } from '@ocispec/core';
import { describe, expect, it } from 'vitest';
import { decodeSpecDocument } from '../src/decode/decode.js';
import { SpecLayout } from '../src/decode/layout.js';

interface Recorded {
  readonly yaml: string;
  readonly decoded?: unknown;
  readonly error?: string;
}

const recorded = parseJson(
  fs.readFileSync(new URL('./fixtures/go-decoding.json', import.meta.url), 'utf8'),
) as unknown as Recorded[];

/** Where ocispec refuses what Go accepts, on purpose (docs/cdi.md, "Where this differs"). */
const DIFFERENCES = new Map<string, string>([
  [
    'cdiVersion: "0.3.0"\nkind: v.com/c\ndevices:\n  - name: d\n    containerEdits:\n      deviceNodes: [null]',
    'null is not allowed here',
  ],
  ['cdiVersion: "\\\'"', 'Invalid escape sequence'],
]);

/** Drops what Go prints for empty values (null, "", 0, false, empty lists and objects) and sorts keys. */
function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (value === null || typeof value !== 'object')
    return typeof value === 'bigint' && value === 0n ? 0 : value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const n = normalize((value as Record<string, unknown>)[key]);
    const empty =
      n === null ||
      n === '' ||
      n === 0 ||
      n === false ||
      (Array.isArray(n) && n.length === 0) ||
      (typeof n === 'object' && n !== null && !Array.isArray(n) && Object.keys(n).length === 0);
    if (!empty) out[key] = n;
  }
  return out;
}

describe('decoding as Go decodes (recorded)', () => {
  it('has the recorded cases', () => {
    expect(recorded.length).toBeGreaterThan(100);
  });

  it.each(recorded.map((r, i) => ({ ...r, i })))('case $i', ({ yaml, decoded, error }) => {
    const difference = DIFFERENCES.get(yaml);
    let mine: unknown;
    let refused: Error | undefined;
    try {
      mine = decodeSpecDocument(yaml, SpecLayout).value ?? null;
    } catch (e) {
      refused = e as Error;
    }
    if (difference !== undefined) {
      expect(refused?.message).toContain(difference);
      return;
    }
    if (error !== undefined) {
      expect(refused, `Go refused it: ${error}`).toBeDefined();
      return;
    }
    expect(refused).toBeUndefined();
    expect(normalize(mine)).toEqual(normalize(decoded));
  });
});
