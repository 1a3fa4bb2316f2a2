import { readdirSync, readFileSync } from 'node:fs';

const root = new URL('../fixtures/schema-vectors/', import.meta.url);
const BIG = '@@bigint@@';

/**
 * Test-only JSON parsing that keeps integers beyond 2^53-1 exact, as bigints (the real lossless parser lives in
 * `src/json`; this keeps the model tests independent of it). Integer literals that are not safe integers are
 * wrapped in tagged strings before `JSON.parse` and revived as bigints.
 */
export function parseKeepingBigInts(text: string): unknown {
  const tagged = text.replace(/"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g, (token) =>
    /^-?\d+$/.test(token) && !Number.isSafeInteger(Number(token)) ? `"${BIG}${token}"` : token,
  );
  return JSON.parse(tagged, (_key, value: unknown) =>
    typeof value === 'string' && value.startsWith(BIG) ? BigInt(value.slice(BIG.length)) : value,
  ) as unknown;
}

/** Every JSON file of a fixture folder, as `[name, value]`. */
export function vectors(folder: string): [string, unknown][] {
  return readdirSync(new URL(`${folder}/`, root))
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => [name, vector(folder, name)]);
}

/** One fixture file. */
export function vector(folder: string, name: string): unknown {
  return parseKeepingBigInts(readFileSync(new URL(`${folder}/${name}`, root), 'utf8'));
}
