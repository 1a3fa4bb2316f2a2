// The CLI's process-level rows of `pnpm bench`: cold-start wall time of `ocispec spec` and `ocispec generate` of
// one pipeline beside `node -e 0` and `runc spec` (interleaved runs, medians), and the peak RSS of a 10,000-pipeline
// batch (≈ 38 MB) written to /dev/null.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function wallMs(command, args, options = {}) {
  const start = process.hrtime.bigint();
  const child = spawnSync(command, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    ...options,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (child.error !== undefined) return { ms: Number.NaN, error: child.error.message };
  if (child.status !== 0)
    throw new Error(`${command} ${args.join(' ')}: exit ${child.status}: ${child.stderr}`);
  return { ms };
}

/** Medians of `runs` interleaved rounds of each command (the first round warms the file cache and is dropped). */
export function coldStartRows({ root, work, runs }) {
  const bin = path.join(root, 'packages/cli/launcher/bin.cjs');
  const pipeline = path.join(work, 'one.json');
  writeFileSync(
    pipeline,
    JSON.stringify({
      opts: [
        ['withHostname', 'web'],
        ['withEnv', ['A=1']],
      ],
    }),
  );
  const runcDir = path.join(work, 'runc-spec');
  mkdirSync(runcDir, { recursive: true });
  const commands = [
    { name: 'node -e 0', run: () => wallMs(process.execPath, ['-e', '0']) },
    {
      name: 'runc spec',
      run: () => {
        const config = path.join(runcDir, 'config.json');
        spawnSync('rm', ['-f', config]);
        return wallMs('runc', ['spec', '--bundle', runcDir]);
      },
    },
    { name: 'ocispec spec', run: () => wallMs(process.execPath, [bin, 'spec']) },
    { name: 'ocispec generate', run: () => wallMs(process.execPath, [bin, 'generate', pipeline]) },
  ];
  const times = new Map(commands.map((c) => [c.name, []]));
  const missing = new Map();
  for (let round = 0; round <= runs; round++) {
    for (const c of commands) {
      const r = c.run();
      if (r.error !== undefined) missing.set(c.name, r.error);
      else if (round > 0) times.get(c.name).push(r.ms);
    }
  }
  const base = median(times.get('node -e 0'));
  return commands.map((c) => {
    const ms = times.get(c.name).length > 0 ? median(times.get(c.name)) : Number.NaN;
    return {
      name: c.name,
      ms,
      ratio: ms / base,
      samples: times.get(c.name).length,
      missing: missing.get(c.name),
    };
  });
}

/** Peak RSS (bytes) of `ocispec generate` over a batch of `count` pipelines, the output thrown away. */
export function batchRssRow({ root, work, pipelinesFile, count }) {
  const definitions = JSON.parse(readFileSync(pipelinesFile, 'utf8'));
  const batch = [];
  for (let i = 0; i < count; i++) {
    const d = definitions[i % definitions.length];
    batch.push({ ...d, name: `${d.name}-${i}`, id: `${d.id.slice(0, 56)}${String(i).padStart(8, '0')}` });
  }
  const file = path.join(work, `batch-${count}.json`);
  writeFileSync(file, JSON.stringify(batch));
  const rssFile = path.join(work, 'rss.txt');
  const start = process.hrtime.bigint();
  // Through standard input (read with the same bound as a file); the output goes to /dev/null.
  const child = spawnSync(
    process.execPath,
    [
      '--require',
      path.join(here, 'rss-probe.cjs'),
      path.join(root, 'packages/cli/launcher/bin.cjs'),
      'generate',
      '-',
      '--indent',
      '0',
    ],
    {
      input: readFileSync(file),
      stdio: ['pipe', 'ignore', 'pipe'],
      encoding: 'utf8',
      maxBuffer: 1 << 20,
      env: { ...process.env, OCISPEC_RSS_FILE: rssFile },
    },
  );
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (child.status !== 0)
    throw new Error(`batch of ${count}: exit ${child.status}: ${child.stderr.slice(0, 400)}`);
  return { bytes: Number(readFileSync(rssFile, 'utf8')), inputBytes: statSync(file).size, ms };
}
