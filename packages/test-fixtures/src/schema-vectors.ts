/** The runtime-spec schema test vectors (`schema-vectors/`): specs the model must accept, reject or only partly take. */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The folder of the vectors (`good/`, `bad/`, `accepted/`, `model-only/`; see its README). */
export const schemaVectorsDir = fileURLToPath(new URL('../schema-vectors/', import.meta.url));

const BIG = '@@bigint@@';

/**
 * Test-only JSON parsing that keeps integers beyond 2^53-1 exact, as bigints (the real lossless parser lives in
 * core's `src/json`; this keeps the model tests independent of it). Integer literals that are not safe integers
 * are wrapped in tagged strings before `JSON.parse` and revived as bigints.
 */
export function parseKeepingBigInts(text: string): unknown {
  const tagged = text.replace(/"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g, (token) =>
    /^-?\d+$/.test(token) && !Number.isSafeInteger(Number(token)) ? `"${BIG}${token}"` : token,
  );
  return JSON.parse(tagged, (_key, value: unknown) =>
    typeof value === 'string' && value.startsWith(BIG) ? BigInt(value.slice(BIG.length)) : value,
  ) as unknown;
}

/** Every JSON file of a vector folder, as `[name, value]`. */
export function vectors(folder: string): [string, unknown][] {
  return readdirSync(new URL(`../schema-vectors/${folder}/`, import.meta.url))
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => [name, vector(folder, name)]);
}

/** One vector file. */
export function vector(folder: string, name: string): unknown {
  return parseKeepingBigInts(
    readFileSync(new URL(`../schema-vectors/${folder}/${name}`, import.meta.url), 'utf8'),
  );
}
