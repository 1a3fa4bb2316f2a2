// Reading spec text, side by side in one run (after `pnpm build`): the lossless parse with a zod check of the value
// (`parseJsonBytes`, `SpecSchema.safeParse`, `findUnknownFields`: what spec files went through before the Go-exact
// decoder) against the Go-exact decoder (`parseSpec`, `decodeSpec`, `parsePipelineFile`). Five alternating rounds
// per pair; medians.
//
//   node test/bench/decode.mjs [--time MS]
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const { values: flags } = parseArgs({ options: { time: { type: 'string', default: '400' } } });
const timeMs = Number(flags.time);

const core = await import('@ocispec/core');
const { linuxPlugin } = await import('@ocispec/linux');

const encode = (text) => new TextEncoder().encode(text);
const pipeline = new core.Pipeline({ plugins: [core.corePlugin(), linuxPlugin()] });
const { spec: linuxDefault } = await pipeline.compose({
  platform: 'linux/amd64',
  namespace: 'k8s.io',
  id: 'c',
  opts: [['withProcessArgs', 'sh'], ['withDefaultSeccompProfile']],
});
const bases = {
  'the default linux spec with its seccomp profile': encode(core.printSpec(linuxDefault, { indent: 4 })),
  "base-spec's CRI base fixture": readFileSync(
    path.join(root, 'packages/base-spec/test/fixtures/cri-base.json'),
  ),
};
// The bench pipelines live next to the checkout (`../shared/bench`), as for run.mjs; a worktree is one level deeper.
const pipelinesFile = ['../shared', '../../shared']
  .map((dir) => path.resolve(root, dir, 'bench/bench-pipelines.json'))
  .find((file) => existsSync(file));
if (pipelinesFile === undefined) throw new Error('bench: ../shared/bench/bench-pipelines.json not found');
const definitions = core.parseJson(readFileSync(pipelinesFile, 'utf8'));
const batch = encode(
  JSON.stringify(Array.from({ length: 10_000 }, (_, i) => definitions[i % definitions.length])),
);

/** Nanoseconds per call of `fn`, over `ms` milliseconds. */
function nsPerCall(fn, ms) {
  const limit = BigInt(ms) * 1_000_000n;
  const start = process.hrtime.bigint();
  let now = start;
  let calls = 0;
  while (now - start < limit) {
    fn();
    calls++;
    now = process.hrtime.bigint();
  }
  return Number(now - start) / calls;
}

function compare(name, before, after, ms = timeMs) {
  for (let i = 0; i < 3; i++) {
    before();
    after();
  }
  const a = [];
  const b = [];
  for (let round = 0; round < 5; round++) {
    a.push(nsPerCall(before, ms));
    b.push(nsPerCall(after, ms));
  }
  const median = (xs) => xs.sort((x, y) => x - y)[2];
  const [ma, mb] = [median(a), median(b)];
  const us = (ns) => `${(ns / 1000).toFixed(1)} us`.padStart(13);
  console.log(`${name.padEnd(64)} ${us(ma)} ${us(mb)} ${(mb / ma).toFixed(2).padStart(6)}x`);
}

console.log(`${'reading'.padEnd(64)} ${'parse+zod'.padStart(13)} ${'Go-exact'.padStart(13)}  ratio`);
for (const [name, bytes] of Object.entries(bases)) {
  compare(
    `${name} (${bytes.length} B): a base spec`,
    () => {
      const value = core.parseJsonBytes(bytes);
      if (!core.SpecSchema.safeParse(value).success) throw new Error('bench: invalid spec');
      core.findUnknownFields(value);
    },
    () => core.parseSpec(bytes),
  );
  compare(
    `  the same, decoding alone against the bare parse`,
    () => core.parseJsonBytes(bytes),
    () => core.decodeSpec(bytes),
  );
}
compare(
  `a 10,000-pipeline batch file (${(batch.length / 1e6).toFixed(0)} MB), inline bases Go-decoded`,
  () => core.parseJsonBytes(batch),
  () => {
    // A batch this large is split at its elements and each pipeline parsed when reached: reach them all.
    const parsed = core.parsePipelineFile(batch, 'batch.json');
    let n = 0;
    for (const _ of parsed.text.elements?.() ?? parsed.pipelines) n++;
    if (n !== 10_000) throw new Error('bench: expected 10,000 pipelines');
  },
  Math.max(timeMs, 1500),
);
