/**
 * Contract checks a plugin author runs in one line (`await checkPluginContract(myPlugin())`): what every plugin
 * owes the pipelines that apply it, whatever its options do.
 *
 * - **never mutates the base**: a composition leaves its base, and a result composed on again, as they were;
 * - **sparse specs**: no option call and no hook throws a raw `TypeError`/`RangeError` on a spec with sections
 *   absent, `null` or empty (it creates what it writes, skips, or fails with a message);
 * - **deterministic**: the same input composes to the same spec and findings, in fresh pipelines;
 * - **idempotent where declared**: applying a declared option twice gives what applying it once gives;
 * - **argument schemas reject what the bodies cannot handle**: arguments generated from each option's
 *   `.jsonSchema()` (and near misses), kept when the zod schema accepts them, never make a body throw a raw
 *   `TypeError`/`RangeError` (fast-check, reproducible with `seed`).
 *
 * Each check throws node's `AssertionError` naming the call, the base and what went wrong.
 */
import type { Composition, HostAccess, Plugin, RegisteredOpt, Spec } from '@ocispec/core';
import { isOcispecError, printSpec } from '@ocispec/core';
import fc from 'fast-check';
import { argumentsArbitrary } from './arbitrary.js';
import { cloneJson, fail, jsonEqual, show } from './assertion.js';
import { testPipeline } from './compose.js';
import { fakeHost } from './host.js';
import { pointerOf } from './pointer.js';
import { isAnyRealmError } from './realm.js';
import { populatedSpec, sparseSpecs } from './specs.js';

/** An option call as a pipeline file writes it: `['withTeam', 'infra']`. */
export type Call = readonly [name: string, ...args: unknown[]];

/** How the contract checks exercise a plugin. */
export interface ContractOptions {
  /** Calls to run besides those generated from the options' schemas (`[['withTeam', 'infra']]`). */
  readonly calls?: readonly Call[];
  /** Options (by name) whose second application changes nothing. */
  readonly idempotent?: readonly string[];
  /** Plugins the plugin needs, applied before it (`linuxPlugin()` for options that run linux's by name). */
  readonly with?: readonly Plugin[];
  /** The host (default: an empty fake host: a check never reads this machine). */
  readonly host?: HostAccess;
  /** The target platform (default `linux/amd64`). */
  readonly platform?: string;
  /** The bases to compose over (default: {@link sparseSpecs}, which include a populated spec). */
  readonly bases?: Readonly<Record<string, Spec>>;
  /** Generated argument lists per option for the schema check (default 100). */
  readonly numRuns?: number;
  /** fast-check's seed, to replay a run (default: a fixed seed, so runs are reproducible). */
  readonly seed?: number;
  /** Generated calls per option that the other checks run (default 3). */
  readonly samplesPerOption?: number;
}

/** What the checks ran. */
export interface ContractSummary {
  /** The plugin's options, by name. */
  readonly options: readonly string[];
  /** The calls run over every base (given and generated). */
  readonly calls: readonly Call[];
  /** Per option, how many generated argument lists its schema accepted (0: the schema check proved nothing). */
  readonly accepted: Readonly<Record<string, number>>;
}

const DEFAULT_SEED = 20;
/**
 * The raw JavaScript errors, by name: a test runner may run the plugin in a realm of its own (jest's vm contexts),
 * whose `TypeError` is not this module's, so neither `instanceof` nor the prototype can say what an error is.
 */
const RAW_ERRORS: ReadonlySet<string> = new Set([
  'TypeError',
  'RangeError',
  'ReferenceError',
  'SyntaxError',
  'URIError',
  'EvalError',
]);

interface Setup {
  readonly plugin: Plugin;
  readonly options: ContractOptions;
  readonly bases: Readonly<Record<string, Spec>>;
  readonly host: HostAccess;
}

function setupOf(plugin: Plugin, options: ContractOptions): Setup {
  return { plugin, options, bases: options.bases ?? sparseSpecs(), host: options.host ?? fakeHost().build() };
}

async function composeCalls(setup: Setup, base: Spec, calls: readonly Call[]): Promise<Composition> {
  const pipeline = testPipeline([...(setup.options.with ?? []), setup.plugin], { host: setup.host });
  return pipeline.compose({ base, opts: calls as never, platform: setup.options.platform ?? 'linux/amd64' });
}

async function outcome(
  setup: Setup,
  base: Spec,
  calls: readonly Call[],
): Promise<{ spec?: Composition; error?: unknown }> {
  try {
    return { spec: await composeCalls(setup, base, calls) };
  } catch (error) {
    return { error };
  }
}

/** The raw JavaScript error (`TypeError`, `RangeError` …) behind a failure, looking through `OcispecError` causes. */
export function rawErrorOf(error: unknown): Error | undefined {
  let current = error;
  for (let depth = 0; depth < 8 && current !== undefined && current !== null; depth++) {
    if (isOcispecError(current)) {
      current = current.cause;
      continue;
    }
    if (isAnyRealmError(current) && RAW_ERRORS.has(current.constructor?.name ?? '')) return current;
    return undefined;
  }
  return undefined;
}

function describeFailure(error: unknown): string {
  const raw = rawErrorOf(error);
  const outer = isAnyRealmError(error) ? error.message : show(error);
  return raw === undefined || raw === error ? outer : `${outer} (a raw ${raw.name})`;
}

/** The plugin's registered options (those it registered itself, not those of `with`). */
export function pluginOptions(
  plugin: Plugin,
  options: Pick<ContractOptions, 'with' | 'host'> = {},
): RegisteredOpt[] {
  const pipeline = testPipeline([...(options.with ?? []), plugin], {
    host: options.host ?? fakeHost().build(),
  });
  return pipeline.registry.list().filter((entry) => entry.plugin === plugin.name);
}

/** Calls generated from each option's schema that the schema accepts (a few per option), plus the given ones. */
export function sampleCalls(plugin: Plugin, options: ContractOptions = {}): Call[] {
  const calls: Call[] = [...(options.calls ?? [])];
  const per = options.samplesPerOption ?? 3;
  for (const { name, definition } of pluginOptions(plugin, options)) {
    const samples = fc.sample(argumentsArbitrary(definition.jsonSchema()), {
      numRuns: per * 20,
      seed: options.seed ?? DEFAULT_SEED,
    });
    let kept = 0;
    for (const args of samples) {
      if (kept >= per) break;
      try {
        definition.build(args);
      } catch {
        continue;
      }
      calls.push([name, ...args]);
      kept++;
    }
  }
  return calls;
}

/** Every case: each call alone, and no call at all (the hooks alone), over each base. */
function* cases(
  setup: Setup,
  calls: readonly Call[],
): Generator<{ baseName: string; calls: readonly Call[]; label: string }> {
  const lists: (readonly Call[])[] = [[], ...calls.map((c) => [c])];
  for (const baseName of Object.keys(setup.bases)) {
    for (const list of lists) {
      yield {
        baseName,
        calls: list,
        label: `${list.length === 0 ? 'no options' : show(list[0])} over the "${baseName}" base`,
      };
    }
  }
}

function firstDifference(a: unknown, b: unknown, path: (string | number)[] = []): string | undefined {
  if (jsonEqual(a, b)) return undefined;
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const found = firstDifference(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        [...path, key],
      );
      if (found !== undefined) return found;
    }
  }
  return pointerOf(...path) || '(the whole spec)';
}

function report(name: string, problems: readonly string[]): void {
  if (problems.length === 0) return;
  const shown = problems.slice(0, 10);
  const more = problems.length > shown.length ? [`… and ${problems.length - shown.length} more`] : [];
  fail([`${name}:`, ...shown.map((p) => `  ${p}`), ...more].join('\n'));
}

/** A composition never changes its base, nor a result it is given as a base. */
export async function checkNeverMutatesBase(plugin: Plugin, options: ContractOptions = {}): Promise<void> {
  const setup = setupOf(plugin, options);
  const problems: string[] = [];
  for (const c of cases(setup, sampleCalls(plugin, options))) {
    const base = cloneJson(setup.bases[c.baseName] as Spec);
    const before = cloneJson(base);
    const first = await outcome(setup, base, c.calls);
    const changed = firstDifference(before, base);
    if (changed !== undefined) problems.push(`${c.label}: the base changed at ${changed}`);
    if (first.spec === undefined) continue;
    const result = first.spec.spec;
    const kept = cloneJson(result);
    await outcome(setup, result as Spec, c.calls);
    const changedResult = firstDifference(kept, result);
    if (changedResult !== undefined)
      problems.push(`${c.label}, composed again on its result: the result changed at ${changedResult}`);
  }
  report(`plugin ${plugin.name} mutates a base`, problems);
}

/** No call and no hook throws a raw TypeError/RangeError on any base (sparse specs by default). */
export async function checkSparseSpecs(plugin: Plugin, options: ContractOptions = {}): Promise<void> {
  const setup = setupOf(plugin, options);
  const problems: string[] = [];
  for (const c of cases(setup, sampleCalls(plugin, options))) {
    const { error } = await outcome(setup, cloneJson(setup.bases[c.baseName] as Spec), c.calls);
    if (error !== undefined && rawErrorOf(error) !== undefined)
      problems.push(`${c.label}: ${describeFailure(error)}`);
  }
  report(`plugin ${plugin.name} throws raw errors on sparse specs`, problems);
}

function fingerprint(result: { spec?: Composition; error?: unknown }): string {
  if (result.spec === undefined)
    return `error: ${isAnyRealmError(result.error) ? result.error.message : show(result.error)}`;
  return `${printSpec(result.spec.spec)}\n${show(result.spec.report.findings)}`;
}

/** The same input composes to the same spec and findings (or the same error), twice, in fresh pipelines. */
export async function checkDeterministic(plugin: Plugin, options: ContractOptions = {}): Promise<void> {
  const setup = setupOf(plugin, options);
  const problems: string[] = [];
  for (const c of cases(setup, sampleCalls(plugin, options))) {
    const base = setup.bases[c.baseName] as Spec;
    const a = fingerprint(await outcome(setup, cloneJson(base), c.calls));
    const b = fingerprint(await outcome(setup, cloneJson(base), c.calls));
    if (a !== b) problems.push(`${c.label}: two runs differ (${firstLineDiff(a, b)})`);
  }
  report(`plugin ${plugin.name} is not deterministic`, problems);
}

function firstLineDiff(a: string, b: string): string {
  const la = a.split('\n');
  const lb = b.split('\n');
  const i = la.findIndex((line, n) => line !== lb[n]);
  return `first: ${(la[i] ?? '').trim()} / then: ${(lb[i] ?? '').trim()}`;
}

/** For each option named in `idempotent`: applying a call twice gives what applying it once gives. */
export async function checkIdempotent(plugin: Plugin, options: ContractOptions = {}): Promise<void> {
  const declared = new Set(options.idempotent ?? []);
  if (declared.size === 0) return;
  const setup = setupOf(plugin, options);
  const known = new Set(pluginOptions(plugin, options).map((o) => o.name));
  const problems = [...declared]
    .filter((n) => !known.has(n))
    .map((n) => `${n} is declared idempotent but plugin ${plugin.name} registers no such option`);
  const calls = sampleCalls(plugin, options).filter(([name]) => declared.has(name));
  for (const c of cases(setup, calls)) {
    if (c.calls.length === 0) continue;
    const base = setup.bases[c.baseName] as Spec;
    const once = await outcome(setup, cloneJson(base), c.calls);
    if (once.spec === undefined) continue;
    const twice = await outcome(setup, cloneJson(base), [...c.calls, ...c.calls]);
    const a = fingerprint(once);
    const b = fingerprint(twice);
    if (a !== b) problems.push(`${c.label}: applied twice differs from once (${firstLineDiff(a, b)})`);
  }
  report(`plugin ${plugin.name} has options that are not idempotent`, problems);
}

/**
 * For each option: argument lists generated from its `.jsonSchema()` (and near misses) that its zod schema
 * accepts never make its body throw a raw TypeError/RangeError, over an empty, a sparse and a populated base.
 * Returns, per option, how many generated lists were accepted.
 */
export async function checkArgumentSchemas(
  plugin: Plugin,
  options: ContractOptions = {},
): Promise<Record<string, number>> {
  const setup = setupOf(plugin, options);
  const bases: [string, Spec][] = [
    ['empty', {}],
    ['emptySections', { process: {}, root: {}, linux: {}, mounts: [], annotations: {} }],
    ['populated', populatedSpec()],
  ];
  const accepted: Record<string, number> = {};
  const problems: string[] = [];
  for (const { name, definition } of pluginOptions(plugin, options)) {
    accepted[name] = 0;
    let failure = '';
    const property = fc.asyncProperty(argumentsArbitrary(definition.jsonSchema()), async (args) => {
      for (const [baseName, base] of bases) {
        const { error } = await outcome(setup, cloneJson(base), [[name, ...args]]);
        if (isOcispecError(error, 'BAD_ARGUMENT')) return true; // the schema rejects it: fine
        if (baseName === 'empty') accepted[name] = (accepted[name] ?? 0) + 1;
        if (error !== undefined && rawErrorOf(error) !== undefined) {
          failure = `over the "${baseName}" base: ${describeFailure(error)}`;
          return false;
        }
      }
      return true;
    });
    const run = await fc.check(property, {
      numRuns: options.numRuns ?? 100,
      seed: options.seed ?? DEFAULT_SEED,
    });
    if (run.failed) {
      const [args] = (run.counterexample ?? [[]]) as [unknown[]];
      problems.push(
        `${name}: its schema accepts ${show([name, ...args])} but its body cannot handle it ${failure} (fast-check seed ${run.seed}, path ${JSON.stringify(run.counterexamplePath)})`,
      );
    }
  }
  report(`plugin ${plugin.name} has argument schemas that accept what the option cannot handle`, problems);
  return accepted;
}

/**
 * Runs every contract check and fails with one `AssertionError` listing what each broken check found; returns what
 * was run. `await checkPluginContract(teamPolicy(), { calls: [['withTeam', 'infra']], idempotent: ['withTeam'] })`.
 */
export async function checkPluginContract(
  plugin: Plugin,
  options: ContractOptions = {},
): Promise<ContractSummary> {
  const problems: string[] = [];
  let accepted: Record<string, number> = {};
  const run = async (check: () => Promise<unknown>) => {
    try {
      await check();
    } catch (error) {
      problems.push(isAnyRealmError(error) ? error.message : show(error));
    }
  };
  await run(() => checkNeverMutatesBase(plugin, options));
  await run(() => checkSparseSpecs(plugin, options));
  await run(() => checkDeterministic(plugin, options));
  await run(() => checkIdempotent(plugin, options));
  await run(async () => {
    accepted = await checkArgumentSchemas(plugin, options);
  });
  if (problems.length > 0) fail(problems.join('\n'));
  return {
    options: pluginOptions(plugin, options).map((o) => o.name),
    calls: sampleCalls(plugin, options),
    accepted,
  };
}
