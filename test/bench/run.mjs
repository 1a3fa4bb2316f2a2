// ocispec's benchmark (`pnpm bench`, after `pnpm build`): plain ESM over the built packages (dist/), so that it
// runs on Node 20 without a TypeScript loader and measures the code users run. See README.md here.
//
//   node --expose-gc test/bench/run.mjs [--json FILE] [--time MS] [--only NAME,...] [--no-go] [--profile]
//
// Prints a table; with --json FILE also writes {"results":[{"name","meanNs","opsPerSec","samples"}...]}.
// When Go and Debian's golang-github-containerd-containerd-dev are present, go/main.go replays the same pipelines
// through containerd 1.6.20 in the same run and the table gains the ocispec/containerd ratios.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const { values: flags } = parseArgs({
  options: {
    pipelines: { type: 'string' },
    json: { type: 'string' },
    time: { type: 'string', default: '1500' },
    only: { type: 'string' },
    'no-go': { type: 'boolean', default: false },
    'cli-runs': { type: 'string', default: '5' },
  },
});
// The shared bench pipelines: beside the repository's checkout by default (`--pipelines FILE`, or the
// OCISPEC_BENCH_PIPELINES variable, to name another).
const pipelinesFile =
  flags.pipelines === undefined
    ? (process.env.OCISPEC_BENCH_PIPELINES ?? path.resolve(root, '../shared/bench/bench-pipelines.json'))
    : path.resolve(process.cwd(), flags.pipelines);
const only = flags.only === undefined ? undefined : new Set(flags.only.split(','));
const wanted = (name) => only === undefined || only.has(name);
/** A scaling group (`scale-annotations`, ...): selected by its own name or by `scaling` (all four). */
const wantedScaling = (group) => wanted('scaling') || wanted(group);
const anyScaling = ['scale-annotations', 'scale-mounts', 'scale-env', 'scale-base-mounts'].some(
  wantedScaling,
);
const timeMs = Number(flags.time);

for (const pkg of ['core', 'linux', 'windows', 'cli', 'base-spec', 'validate']) {
  if (!existsSync(path.join(root, 'packages', pkg, 'dist', 'index.js'))) {
    console.error(`bench: packages/${pkg}/dist is missing: run \`pnpm build\` first`);
    process.exit(2);
  }
}

const { Bench } = await import('tinybench');
const core = await import('@ocispec/core');
const { linuxPlugin } = await import('@ocispec/linux');
const { windowsPlugin } = await import('@ocispec/windows');
const { loadBaseSpec } = await import('@ocispec/base-spec');
const { validateSpec } = await import('@ocispec/validate');
const { corePlugin, Pipeline, parseJson, printSpec } = core;

const definitions = parseJson(readFileSync(pipelinesFile, 'utf8'));
const byName = new Map(definitions.map((d) => [d.name, d]));
const pipeline = new Pipeline({ plugins: [corePlugin(), linuxPlugin(), windowsPlugin()] });

function inputOf(definition) {
  return {
    platform: definition.platform,
    namespace: definition.namespace,
    id: definition.id,
    base: definition.base,
    opts: definition.opts,
  };
}

const work = mkdtempSync(path.join(tmpdir(), 'ocispec-bench-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

/** @type {{name: string, meanNs: number, opsPerSec: number, samples: number, note?: string}[]} */
const results = [];

/** The mean latency of each task of a finished tinybench run, in ns. */
function meansOf(bench) {
  return bench.tasks.map((task) => {
    const r = task.result;
    if (r.state !== 'completed') throw new Error(`${task.name}: ${r.state} ${r.error ?? ''}`);
    return { name: task.name, meanNs: r.latency.mean * 1e6, samples: r.latency.samplesCount };
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// 1. The two pipelines, each prepared once (options resolved and validated once) and composed per iteration,
// and containerd's counterparts: in ROUNDS alternating rounds (containerd, then ocispec), each side's figure the
// median of its rounds, so that the machine's drift during the run falls on both sides alike.
const ROUNDS = 5;
const pipelineNames = ['bench-generate', 'bench-base'].filter(wanted);
const goBench = flags['no-go']
  ? { ran: false, why: '--no-go' }
  : pipelineNames.length === 0 && !anyScaling
    ? { ran: false, why: 'no pipeline selected' }
    : buildGo();
const rounds = { ocispec: new Map(), containerd: new Map() };
if (pipelineNames.length > 0) {
  const pipelineBench = new Bench({ time: timeMs / ROUNDS, warmupTime: 300, throws: true });
  for (const name of pipelineNames) {
    const prepared = pipeline.prepare(inputOf(byName.get(name)));
    // The prepared composition must give exactly what a one-off compose gives.
    const once = printSpec((await pipeline.compose(inputOf(byName.get(name)))).spec);
    if (printSpec((await prepared.run()).spec) !== once) throw new Error(`${name}: prepared run differs`);
    pipelineBench.add(name, () => prepared.run());
  }
  for (let round = 0; round < ROUNDS; round++) {
    if (goBench.ran) {
      for (const r of runGo(goBench.exe, timeMs / ROUNDS)) {
        if (!rounds.containerd.has(r.name)) rounds.containerd.set(r.name, []);
        rounds.containerd.get(r.name).push(r.nsPerOp);
      }
    }
    // A tinybench task runs once until reset: each round must measure afresh.
    pipelineBench.reset();
    await pipelineBench.run();
    for (const r of meansOf(pipelineBench)) {
      if (!rounds.ocispec.has(r.name)) rounds.ocispec.set(r.name, []);
      rounds.ocispec.get(r.name).push(r);
    }
  }
  for (const name of pipelineNames) {
    const runs = rounds.ocispec.get(name);
    const meanNs = median(runs.map((r) => r.meanNs));
    const samples = runs.reduce((sum, r) => sum + r.samples, 0);
    results.push({ name, meanNs, opsPerSec: 1e9 / meanNs, samples });
  }
}
const containerd = goBench.ran
  ? {
      ran: true,
      results: [...rounds.containerd].map(([name, values]) => ({ name, nsPerOp: median(values) })),
    }
  : goBench;

const bench = new Bench({ time: timeMs, warmupTime: 300, throws: true });

// 2. Validating a full spec: the default linux spec of bench-generate's container.
const { spec: defaultSpec } = await pipeline.compose({
  platform: 'linux/amd64',
  namespace: 'k8s.io',
  id: byName.get('bench-generate').id,
});
if (wanted('validate-default')) bench.add('validate-default', () => validateSpec(defaultSpec));

// 3. Printing canonical JSON.
if (wanted('serialize-default')) bench.add('serialize-default', () => printSpec(defaultSpec));

// 4. Loading a base file: bench-base's base, parsed, checked and frozen.
const baseFile = path.join(work, 'bench-base.json');
writeFileSync(baseFile, printSpec(byName.get('bench-base').base, { indent: 4 }));
if (wanted('load-base')) bench.add('load-base', () => loadBaseSpec(baseFile));

if (bench.tasks.length > 0) await bench.run();
for (const r of meansOf(bench)) results.push({ ...r, opsPerSec: 1e9 / r.meanNs });

// 5. The CLI on a batch of 1,000 pipelines (both bench pipelines alternately), timed whole, start-up included.
if (wanted('cli-batch-1000')) {
  const batch = [];
  for (let i = 0; i < 1000; i++) {
    const definition = definitions[i % definitions.length];
    batch.push({
      ...definition,
      name: `${definition.name}-${i}`,
      id: `${definition.id.slice(0, 56)}${String(i).padStart(8, '0')}`,
    });
  }
  const batchFile = path.join(work, 'batch-1000.json');
  // The bench pipelines hold no integer beyond 2^53 (a bigint would make JSON.stringify throw).
  writeFileSync(batchFile, JSON.stringify(batch));
  const bin = path.join(root, 'packages/cli/launcher/bin.cjs');
  const runs = Number(flags['cli-runs']);
  const times = [];
  for (let i = 0; i < runs + 1; i++) {
    const start = process.hrtime.bigint();
    const child = spawnSync(process.execPath, [bin, 'generate', batchFile, '--indent', '0'], {
      cwd: root,
      maxBuffer: 1 << 30,
      encoding: 'utf8',
    });
    const ns = Number(process.hrtime.bigint() - start);
    if (child.status !== 0)
      throw new Error(`cli-batch-1000: exit ${child.status}: ${child.stderr.slice(0, 400)}`);
    if (i === 0) {
      const out = JSON.parse(child.stdout);
      if (out.length !== 1000 || out.some((r) => r.error !== null))
        throw new Error('cli-batch-1000: bad output');
      continue; // the first run warms the file cache
    }
    times.push(ns);
  }
  const meanNs = times.reduce((a, b) => a + b, 0) / times.length;
  results.push({ name: 'cli-batch-1000', meanNs, opsPerSec: 1e9 / meanNs, samples: times.length });
}

// 5b. Cold start (process wall time, medians beside node -e 0 and runc spec) and a 10,000-pipeline batch's peak RSS.
let coldStart;
if (wanted('cli-cold-start')) {
  const { coldStartRows } = await import('./cli-start.mjs');
  coldStart = coldStartRows({ root, work, runs: Math.max(10, Number(flags['cli-runs'])) });
}
let batchRss;
if (wanted('cli-batch-10k')) {
  const { batchRssRow } = await import('./cli-start.mjs');
  batchRss = batchRssRow({ root, work, pipelinesFile, count: 10_000 });
  results.push({ name: 'cli-batch-10k', meanNs: batchRss.ms * 1e6, opsPerSec: 0, samples: 1 });
}

// 6. Retained memory, in a process of its own (bytes per spec are reported in meanNs's place, see README.md).
let retained;
if (wanted('retained-10k')) {
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', path.join(here, 'retained.mjs'), pipelinesFile, '10000'],
    { cwd: root, encoding: 'utf8' },
  );
  if (child.status !== 0) throw new Error(`retained-10k: ${child.stderr}`);
  retained = JSON.parse(child.stdout);
  results.push({
    name: 'retained-10k',
    meanNs: retained.derivedBytesPerSpec,
    opsPerSec: 0,
    samples: retained.count,
  });
}

// 7. Scaling: N = 10 … 10,000 of (a) withAnnotations calls of one key each, (b) withMounts calls of one mount each,
// (c) one withEnv of N entries then one withEnv overriding N/2 of them, (d) a base of N (+ the default) mounts
// edited by one withDevShmSize (the /dev/shm mount last, so both sides scan all N). (a)-(c) compose on the default
// linux spec (containerd: oci.GenerateSpec), (d) on a base (containerd: JSON deep copy then oci.ApplyOpts, the
// bench-base path). Each prepared once; containerd's counterparts through go/main.go on the same definitions.
const SCALES = [10, 100, 1000, 10000];
const scaling = [];
if (anyScaling) {
  const common = { platform: 'linux/amd64', namespace: 'k8s.io', id: byName.get('bench-generate').id };
  const mountAt = (i) => ({
    destination: `/mnt/v${i}`,
    type: 'bind',
    source: `/var/lib/v/${i}`,
    options: ['rbind', 'ro'],
  });
  const { spec: linuxDefault } = await pipeline.compose(common);
  for (const n of SCALES) {
    const keys = Array.from({ length: n }, (_, i) => `VAR_${i}`);
    const rows = [
      {
        ...common,
        name: `scale-annotations-${n}`,
        opts: keys.map((k, i) => ['withAnnotations', { [`example.com/${k}`]: String(i) }]),
      },
      { ...common, name: `scale-mounts-${n}`, opts: keys.map((_, i) => ['withMounts', [mountAt(i)]]) },
      {
        ...common,
        name: `scale-env-${n}`,
        opts: [
          ['withEnv', keys.map((k, i) => `${k}=${i}`)],
          ['withEnv', keys.filter((_, i) => i % 2 === 1).map((k) => `${k}=override`)],
        ],
      },
      {
        ...common,
        name: `scale-base-mounts-${n}`,
        base: {
          ...JSON.parse(printSpec(linuxDefault)),
          mounts: [...keys.map((_, i) => mountAt(i)), ...linuxDefault.mounts],
        },
        opts: [['withDevShmSize', 65536]],
      },
    ];
    scaling.push(...rows.filter((row) => wantedScaling(row.name.slice(0, row.name.lastIndexOf('-')))));
  }
  const scalingFile = path.join(work, 'scaling.json');
  writeFileSync(scalingFile, JSON.stringify(scaling));
  // Alternating rounds, as for the pipelines: each side's figure is the median of its rounds.
  const SCALE_ROUNDS = 3;
  const scaleBench = new Bench({ time: timeMs / 6, warmupTime: 100, throws: true });
  for (const definition of scaling) {
    const prepared = pipeline.prepare(inputOf(definition));
    const once = printSpec((await pipeline.compose(inputOf(definition))).spec);
    if (printSpec((await prepared.run()).spec) !== once)
      throw new Error(`${definition.name}: prepared run differs`);
    scaleBench.add(definition.name, () => prepared.run());
  }
  const scaleRounds = { ocispec: new Map(), containerd: new Map() };
  const record = (map, name, value) => {
    if (!map.has(name)) map.set(name, []);
    map.get(name).push(value);
  };
  for (let round = 0; round < SCALE_ROUNDS; round++) {
    if (goBench.ran) {
      for (const r of runGo(goBench.exe, timeMs / 6, scalingFile))
        record(scaleRounds.containerd, r.name, r.nsPerOp);
    }
    scaleBench.reset();
    await scaleBench.run();
    for (const r of meansOf(scaleBench)) record(scaleRounds.ocispec, r.name, r);
  }
  for (const definition of scaling) {
    const runs = scaleRounds.ocispec.get(definition.name);
    const meanNs = median(runs.map((r) => r.meanNs));
    const samples = runs.reduce((sum, r) => sum + r.samples, 0);
    results.push({ name: definition.name, meanNs, opsPerSec: 1e9 / meanNs, samples });
    if (containerd.ran) {
      const nsPerOp = median(scaleRounds.containerd.get(definition.name));
      containerd.results.push({ name: definition.name, nsPerOp });
    }
  }
}

// The table.
const fmt = (n, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const targets = {
  'bench-generate': 'ratio ≤ 2.5',
  'bench-base': 'ratio ≤ 0.5',
  'validate-default': '≤ 20 µs',
  'cli-batch-1000': '< 2 s',
  'cli-batch-10k': 'RSS ≤ 300 MB',
  'retained-10k': '< 25% of copies',
};
/** A scaling row at N = 10,000: the target (≤ 3× containerd) and its growth over N = 1,000 (≤ 20×). */
function scalingTarget(r) {
  const m = /^(scale-.*)-10000$/.exec(r.name);
  if (m === null) return '';
  const k = results.find((x) => x.name === `${m[1]}-1000`);
  return `ratio ≤ 3; ${k === undefined ? '?' : fmt(r.meanNs / k.meanNs, 1)}× of 1k (≤ 20)`;
}
const rows = [['name', 'ocispec', 'containerd', 'ratio', 'target', 'samples']];
for (const r of results) {
  let value = `${fmt(r.meanNs / 1000, 2)} µs`;
  let go = '';
  let ratio = '';
  if (r.name === 'retained-10k') {
    value = `${fmt(r.meanNs)} B/spec`;
    go = `${fmt(retained.copyBytesPerSpec)} B/copy`;
    ratio = `${fmt(retained.ratio * 100, 1)}%`;
  } else if (r.name === 'cli-batch-1000' || r.name === 'cli-batch-10k') {
    value = `${fmt(r.meanNs / 1e6, 0)} ms`;
  }
  const g = containerd.ran ? containerd.results.find((x) => x.name === r.name) : undefined;
  if (g !== undefined) {
    go = `${fmt(g.nsPerOp / 1000, 2)} µs`;
    ratio = `${fmt(r.meanNs / g.nsPerOp, 2)}×`;
  }
  rows.push([r.name, value, go, ratio, targets[r.name] ?? scalingTarget(r), String(r.samples)]);
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
const line = (row) =>
  `| ${row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
console.log(`\nmachine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}`);
console.log(line(rows[0]));
console.log(
  `|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
);
for (const row of rows.slice(1)) console.log(line(row));
if (!containerd.ran) console.log(`\ncontainerd: not run (${containerd.why})`);
if (coldStart !== undefined) {
  console.log(
    '\ncold start (process wall time, median of interleaved runs; target: ocispec ≤ 1.5× node -e 0)',
  );
  for (const r of coldStart) {
    const figure = Number.isNaN(r.ms)
      ? `not run (${r.missing})`
      : `${fmt(r.ms, 1)} ms  ${fmt(r.ratio, 2)}× node -e 0`;
    console.log(`  ${r.name.padEnd(18)} ${figure}  (${r.samples} runs)`);
  }
}
if (batchRss !== undefined) {
  console.log(
    `\ncli-batch-10k: peak RSS ${fmt(batchRss.bytes / 2 ** 20, 0)} MB (target ≤ 300 MB) for ${fmt(batchRss.inputBytes / 1e6, 1)} MB of pipelines, ${fmt(batchRss.ms, 0)} ms`,
  );
}

if (flags.json !== undefined) {
  const out = {
    results: results.map(({ name, meanNs, opsPerSec, samples }) => ({ name, meanNs, opsPerSec, samples })),
  };
  if (containerd.ran) out.containerd = containerd.results;
  if (coldStart !== undefined) out.coldStart = coldStart;
  if (batchRss !== undefined) out.batchRss = batchRss;
  writeFileSync(path.resolve(process.cwd(), flags.json), `${JSON.stringify(out, null, 2)}\n`);
}

/** Builds go/main.go against Debian's containerd 1.6.20 (GOPATH mode) and runs it; never fails the bench. */
/** Builds the Go counterpart (containerd 1.6.20 from Debian's package), or says why it cannot. */
function buildGo() {
  const gocode = process.env.OCISPEC_GOCODE ?? '/usr/share/gocode';
  const hasGo = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (hasGo.error !== undefined || hasGo.status !== 0) return { ran: false, why: 'go not found' };
  if (!existsSync(path.join(gocode, 'src/github.com/containerd/containerd/oci/spec_opts.go'))) {
    return {
      ran: false,
      why: `containerd's oci package not under ${gocode} (golang-github-containerd-containerd-dev)`,
    };
  }
  const exe = path.join(work, 'containerd-bench');
  const env = { ...process.env, GO111MODULE: 'off', GOPATH: gocode, GOFLAGS: '' };
  if (env.GOCACHE === undefined && env.HOME === undefined) env.GOCACHE = path.join(work, 'gocache');
  const build = spawnSync('go', ['build', '-o', exe, './go'], { cwd: here, env, encoding: 'utf8' });
  if (build.status !== 0)
    return { ran: false, why: `go build failed: ${build.stderr.trim().split('\n')[0]}` };
  return { ran: true, exe };
}

/** One run of containerd's counterparts of `file`'s pipelines for `ms` each: `[{name, nsPerOp}]`. */
function runGo(exe, ms, file = pipelinesFile) {
  const run = spawnSync(exe, ['-benchtime', `${Math.max(100, Math.round(ms))}ms`, file], {
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`containerd bench failed: ${run.stderr.trim()}`);
  return run.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
}
