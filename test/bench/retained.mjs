// Retained memory of 10,000 specs derived from one base, against 10,000 independent copies.
// Run by run.mjs in its own process (node --expose-gc) so that nothing else lives in the heap:
//   node --expose-gc test/bench/retained.mjs PIPELINES.json [COUNT]
// Prints one JSON line: {"count","derivedBytesPerSpec","copyBytesPerSpec","ratio"}.
import { readFileSync } from 'node:fs';
import { corePlugin, Pipeline, parseJson, parseSpec, printSpec } from '@ocispec/core';
import { linuxPlugin } from '@ocispec/linux';
import { windowsPlugin } from '@ocispec/windows';

const gc = globalThis.gc;
if (typeof gc !== 'function') throw new Error('retained.mjs needs node --expose-gc');

const [file, countArg] = process.argv.slice(2);
const count = Number(countArg ?? 10_000);
const definition = parseJson(readFileSync(file, 'utf8')).find((p) => p.name === 'bench-base');
const pipeline = new Pipeline({ plugins: [corePlugin(), linuxPlugin(), windowsPlugin()] });
const prepared = pipeline.prepare({
  platform: definition.platform,
  namespace: definition.namespace,
  id: definition.id,
  base: definition.base,
  opts: definition.opts,
});
const first = (await prepared.run()).spec;

function heap() {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

// Derived: every composition shares its untouched subtrees with the one frozen base.
let kept = new Array(count);
const before = heap();
for (let i = 0; i < count; i++) kept[i] = (await prepared.run()).spec;
const derived = heap() - before;
if (printSpec(kept[count - 1]) !== printSpec(first)) throw new Error('compositions differ');
kept = new Array(count);
const beforeCopies = heap();
// Independent: what a deep copy per spec keeps alive, made as containerd makes it (a JSON round trip: nothing
// shared, not even lists the spec holds twice, which structuredClone would keep shared).
const text = printSpec(first);
for (let i = 0; i < count; i++) kept[i] = parseSpec(text).spec;
const copies = heap() - beforeCopies;
if (printSpec(kept[count - 1]) !== printSpec(first)) throw new Error('copies differ');
kept = undefined;

process.stdout.write(
  `${JSON.stringify({
    count,
    derivedBytesPerSpec: derived / count,
    copyBytesPerSpec: copies / count,
    ratio: derived / copies,
  })}\n`,
);
