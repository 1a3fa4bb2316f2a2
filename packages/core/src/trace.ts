/**
 * Provenance: which layer set each field of a composed spec, and what it overwrote.
 *
 * Tracing is a plugin ({@link tracePlugin}) built from hook taps and an interceptor, never a branch in
 * `Pipeline.compose`: a pipeline without it runs no tracing code at all. With it:
 * - a `beforeApply` tap at {@link TRACE_STAGE} (after every other tap, so it sees the final option list) wraps each
 *   option: the option runs on its own immer draft over the spec as the previous step left it (a frozen value the
 *   tracer keeps); the finished value replaces the composition draft's contents (`replaceSpec`), and immer's
 *   patches say where the option wrote: each patched value (a whole list, for a patch inside one) is compared with
 *   the one before by the diff engine `diff` uses (`diff-engine.ts`: kept list elements matched by identity, keyed
 *   lists by key), leaf by leaf;
 * - a `register` interceptor on `afterApply` wraps every tap the same way (attributed to the tap's plugin);
 * - a `done` tap keeps the composition's record, turned into a {@link Provenance} on demand.
 * The cost when tracing is on is one draft, its patches and one diff of what it patched per option.
 */
import { createHash } from 'node:crypto';
import { type Draft, enablePatches, original, type Patch } from 'immer';
import type { FullTap } from 'tapable';
import { optName, replaceSpec, specOpt } from './compose.js';
import type { SpecContext, SpecOpt } from './contract.js';
import { keyedListAt } from './diff.js';
import { type DiffVisitor, diffJson } from './diff-engine.js';
import type { FrozenSpec } from './engine.js';
import { createSpecDraft, discardSpecDraft, finishSpecDraft } from './engine.js';
import type { JsonValue } from './json/index.js';
import { ANY_LAYOUT, isJsonObject, printJson } from './json/index.js';
import type { Spec } from './model/index.js';
import { escapePointerToken, toPointer } from './model/index.js';
import type { Plugin } from './pipeline.js';
import { formatPlatform } from './platform.js';
import type { ResolvedOpt } from './registry.js';
import { decodeSpec } from './spec-decode.js';
import { printSpec } from './spec-file.js';
import { isThenable } from './thenable.js';

// Patches are immer's plugin: loaded with the tracer (a composition without a patch listener generates none).
enablePatches();

/** Who set a value. */
export type ProvenanceSource =
  /** The platform's default spec (`hooks.defaultSpec`): the composition had no base. */
  | { readonly kind: 'default'; readonly platform: string; readonly digest: string }
  /** A base spec: `file` when the caller named it ({@link TracePlugin.labelBase}), otherwise an inline base. */
  | { readonly kind: 'base'; readonly file?: string; readonly digest: string }
  /** An option, by registry name, its index in the (final) option list, and the plugin that registered it. */
  | { readonly kind: 'option'; readonly option: string; readonly index: number; readonly plugin: string }
  /** A tap of the `afterApply` hook, by plugin (tap) name. */
  | { readonly kind: 'hook'; readonly hook: 'afterApply'; readonly plugin: string };

/** A value and who set it. */
export interface ProvenanceValue {
  readonly value: JsonValue;
  readonly setBy: ProvenanceSource;
}

/** One leaf of the printed result: its pointer, value, who set it last, and every earlier value it overwrote. */
export interface FieldProvenance extends ProvenanceValue {
  readonly pointer: string;
  /** Earlier values at this pointer, oldest first (the base's first when the base had one). */
  readonly overwrote: readonly ProvenanceValue[];
}

/** A leaf that was set (by the base or an option) and is absent from the result. */
export interface RemovedField extends FieldProvenance {
  readonly removedBy: ProvenanceSource;
}

/**
 * The provenance of a composed spec. `fields` has one entry per leaf (scalar, `[]` or `{}`) of the printed spec, in
 * printing order; `removed` lists the base's (or an earlier option's) leaves that the result no longer has.
 */
export interface Provenance {
  /** Where the composition started: the default spec or a base (with its digest). */
  readonly base: ProvenanceSource;
  readonly fields: readonly FieldProvenance[];
  readonly removed: readonly RemovedField[];
}

/** The stage of the tracer's `beforeApply` tap: after every other tap, so it wraps the final option list. */
export const TRACE_STAGE = Number.MAX_SAFE_INTEGER;

/** The tracing plugin; read a composition's provenance with {@link TracePlugin.provenance}. */
export interface TracePlugin extends Plugin {
  /** The provenance of a spec composed by a pipeline using this plugin (`undefined` for any other spec). */
  provenance(spec: FrozenSpec): Provenance | undefined;
  /** Names a base spec (matched by content digest), so that its fields are attributed to `file`. */
  labelBase(spec: Spec | FrozenSpec, file: string): void;
}

/** The digest of a spec: `sha256:` and the hex SHA-256 of its canonical compact JSON (`printSpec`). */
export function specDigest(spec: Spec | FrozenSpec): string {
  return `sha256:${createHash('sha256').update(printSpec(spec)).digest('hex')}`;
}

/**
 * Records, for every field of each composed spec, who set it last and what it overwrote. Add it to a pipeline's
 * plugins (it is off otherwise, and costs nothing):
 *
 * ```ts
 * const trace = tracePlugin();
 * const pipeline = new Pipeline({ plugins: [corePlugin(), linuxPlugin(), trace] });
 * const { spec } = await pipeline.compose({ opts: [['withHostname', 'web']] });
 * trace.provenance(spec)?.fields.find((f) => f.pointer === '/hostname')?.setBy;
 * // { kind: 'option', option: 'withHostname', index: 0, plugin: 'core' }
 * ```
 */
export function tracePlugin(): TracePlugin {
  const records = new WeakMap<SpecContext, TraceRecord>();
  const results = new WeakMap<object, { record: TraceRecord; spec: FrozenSpec; provenance?: Provenance }>();
  const labels = new Map<string, string>();
  return {
    name: 'trace',
    apply(pipeline) {
      pipeline.hooks.beforeApply.tap({ name: 'trace', stage: TRACE_STAGE }, (opts, ctx) => {
        const record = new TraceRecord(ctx);
        records.set(ctx, record);
        return opts.map((resolved, index) => traceOption(resolved, index, record));
      });
      pipeline.hooks.afterApply.intercept({
        register: (tap: FullTap) => ({ ...tap, fn: traceTap(tap, records) }) as FullTap,
      });
      pipeline.hooks.done.tap({ name: 'trace', stage: -TRACE_STAGE }, (spec, _report, ctx) => {
        const record = records.get(ctx);
        if (record === undefined) return;
        record.base ??= spec;
        results.set(spec, { record, spec });
      });
    },
    provenance(spec) {
      const entry = results.get(spec);
      if (entry === undefined) return undefined;
      entry.provenance ??= entry.record.provenance(entry.spec, labels);
      return entry.provenance;
    },
    labelBase(spec, file) {
      labels.set(specDigest(spec), file);
    },
  };
}

type Leaf = JsonValue;

/**
 * One change made by a step: a leaf set (`old` is the leaf it replaced in place, if any), a leaf removed, or the
 * elements of an array moved (each `[from, to]` pointer prefix; applied together).
 */
type Change =
  | { readonly kind: 'set'; readonly pointer: string; readonly value: Leaf; readonly old?: Leaf }
  | { readonly kind: 'remove'; readonly pointer: string; readonly old: Leaf }
  | { readonly kind: 'move'; readonly moves: readonly (readonly [from: string, to: string])[] };

interface History {
  readonly value: Leaf;
  readonly setBy: ProvenanceSource;
  readonly overwrote: readonly ProvenanceValue[];
  /** The step that set it (-1: the base). */
  readonly step: number;
}

/** One composition's steps, in order. */
class TraceRecord {
  base: FrozenSpec | undefined;
  readonly #steps: { source: ProvenanceSource; changes: Change[] }[] = [];
  readonly #ctx: SpecContext;
  #state: FrozenSpec | undefined;

  constructor(ctx: SpecContext) {
    this.#ctx = ctx;
  }

  /**
   * Runs `step` on its own draft over the spec as the last step left it, puts its result into the composition's
   * `draft`, and records what it changed (from immer's patches and the diff engine).
   */
  run(
    draft: Draft<Spec>,
    source: ProvenanceSource,
    step: (inner: Draft<Spec>) => void | PromiseLike<void>,
  ): void | Promise<void> {
    // The record keeps the spec as of the last step (frozen, shared with the draft's base where untouched):
    // every write to the composition's draft goes through a step, so this is the draft's current value, with no
    // snapshot of the draft needed.
    if (this.base === undefined) this.base = original(draft) as FrozenSpec;
    const before = this.#state ?? this.base;
    const inner = createSpecDraft(before);
    const finish = (): void => {
      let patches: Patch[] = [];
      const after = finishSpecDraft(inner, before, {
        onPatches: (p) => {
          patches = p;
        },
      });
      if (after === before) return;
      // The composition's draft takes the step's result (top-level values; untouched ones are the same objects).
      replaceSpec(draft, after);
      this.#state = after;
      const changes = stepChanges(before, after, patches);
      if (changes.length > 0) this.#steps.push({ source, changes });
    };
    let result: void | PromiseLike<void>;
    try {
      result = step(inner);
    } catch (error) {
      discardSpecDraft(inner);
      throw error;
    }
    if (isThenable(result)) {
      return Promise.resolve(result).then(finish, (error: unknown) => {
        discardSpecDraft(inner);
        throw error;
      });
    }
    finish();
  }

  provenance(spec: FrozenSpec, labels: ReadonlyMap<string, string>): Provenance {
    const base = this.#baseSource(labels);
    // Every leaf's history, starting from the base's leaves.
    let at = new Map<string, History>();
    walkLeaves(this.base, '', (pointer, value) =>
      at.set(pointer, { value, setBy: base, overwrote: [], step: -1 }),
    );
    const removed: (RemovedField & { step: number })[] = [];
    for (const [step, { source, changes }] of this.#steps.entries()) {
      for (const change of changes) {
        if (change.kind === 'move') {
          at = moveHistories(at, change.moves);
          continue;
        }
        const prev = at.get(change.pointer);
        if (change.kind === 'remove') {
          at.delete(change.pointer);
          const value = prev?.value ?? change.old;
          if (!isContainer(value)) {
            removed.push({
              pointer: change.pointer,
              value,
              setBy: prev?.setBy ?? base,
              overwrote: prev?.overwrote ?? [],
              removedBy: source,
              step,
            });
          }
          continue;
        }
        const overwrote =
          prev === undefined || change.old === undefined
            ? []
            : [...prev.overwrote, { value: prev.value, setBy: prev.setBy }];
        at.set(change.pointer, { value: change.value, setBy: source, overwrote, step });
      }
    }
    const fields: FieldProvenance[] = [];
    let printedBase: Map<string, string> | undefined;
    walkLeaves(decodeSpec(printSpec(spec)).value, '', (pointer, value) => {
      const history = at.get(pointer);
      if (history !== undefined) {
        fields.push({ pointer, value, setBy: history.setBy, overwrote: history.overwrote });
        return;
      }
      // A leaf only the printed form has (Go always prints `process.user.uid`; `{}` for a section whose fields
      // are all null): the base's if the printed base has it with this value, else the last layer that wrote or
      // removed anything under it, or else under its closest parent.
      printedBase ??= leafValues(this.base);
      const setBy =
        printedBase.get(pointer) === formatLeaf(value) ? base : (lastWriter(at, removed, pointer) ?? base);
      fields.push({ pointer, value, setBy, overwrote: [] });
    });
    return { base, fields, removed: removed.map(({ step: _, ...r }) => r) };
  }

  #baseSource(labels: ReadonlyMap<string, string>): ProvenanceSource {
    const base = this.base ?? {};
    const digest = specDigest(base);
    const file = labels.get(digest);
    if (file !== undefined) return { kind: 'base', file, digest };
    let isDefault = false;
    try {
      isDefault = specDigest(this.#ctx.defaultSpec(this.#ctx.platform)) === digest;
    } catch {
      // No default spec for this platform (or no namespace): the base was given.
    }
    return isDefault
      ? { kind: 'default', platform: formatPlatform(this.#ctx.platform), digest }
      : { kind: 'base', digest };
  }
}

/** Wraps a resolved option so that it runs through the record; keeps its name for error messages. */
function traceOption(resolved: ResolvedOpt, index: number, record: TraceRecord): ResolvedOpt {
  const { opt } = resolved;
  const source: ProvenanceSource = {
    kind: 'option',
    option: resolved.name,
    index,
    plugin: resolved.plugin,
  };
  const traced: SpecOpt = (draft, ctx) => record.run(draft, source, (inner) => opt(inner, ctx));
  return { ...resolved, opt: specOpt(optName(opt), traced) };
}

type Callback = (error?: unknown, result?: unknown) => void;
type TapFn = (...args: unknown[]) => unknown;

/** Wraps an `afterApply` tap (sync, promise or callback style) so that its edits are recorded under its plugin. */
function traceTap(tap: FullTap, records: WeakMap<SpecContext, TraceRecord>): TapFn {
  const fn = tap.fn as TapFn;
  const source: ProvenanceSource = { kind: 'hook', hook: 'afterApply', plugin: tap.name };
  if (tap.type === 'async') {
    return (draft, ctx, callback) => {
      const record = records.get(ctx as SpecContext);
      const done = callback as Callback;
      if (record === undefined) return fn(draft, ctx, done);
      const pending = record.run(
        draft as Draft<Spec>,
        source,
        (inner) =>
          new Promise<void>((resolve, reject) => {
            fn(inner, ctx, (error?: unknown) => (error ? reject(error) : resolve()));
          }),
      );
      Promise.resolve(pending).then(
        () => done(),
        (error: unknown) => done(error),
      );
    };
  }
  return (draft, ctx) => {
    const record = records.get(ctx as SpecContext);
    if (record === undefined) return fn(draft, ctx);
    return record.run(draft as Draft<Spec>, source, (inner) => fn(inner, ctx) as void | PromiseLike<void>);
  };
}

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return Array.isArray(value) || isJsonObject(value);
}

function isEmptyContainer(value: Record<string, unknown> | unknown[]): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
}

/** Calls `visit` for every leaf under `value`: scalars, and empty arrays and objects. */
function walkLeaves(value: unknown, pointer: string, visit: (pointer: string, leaf: Leaf) => void): void {
  if (value === undefined) return;
  if (!isContainer(value) || isEmptyContainer(value)) {
    visit(pointer, value as Leaf);
    return;
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) walkLeaves(item, `${pointer}/${i}`, visit);
    return;
  }
  for (const [key, item] of Object.entries(value))
    walkLeaves(item, `${pointer}/${escapePointerToken(key)}`, visit);
}

function leafValues(spec: FrozenSpec | undefined): Map<string, string> {
  const values = new Map<string, string>();
  walkLeaves(decodeSpec(printSpec(spec ?? {})).value, '', (pointer, leaf) =>
    values.set(pointer, formatLeaf(leaf)),
  );
  return values;
}

/** The last step's source that set or removed a leaf under `pointer`, or else under its closest parent. */
function lastWriter(
  at: ReadonlyMap<string, History>,
  removed: readonly {
    readonly pointer: string;
    readonly removedBy: ProvenanceSource;
    readonly step: number;
  }[],
  pointer: string,
): ProvenanceSource | undefined {
  for (let scope = pointer; ; scope = scope.slice(0, scope.lastIndexOf('/'))) {
    let best: { step: number; source: ProvenanceSource } | undefined;
    const consider = (key: string, step: number, source: ProvenanceSource) => {
      if (
        step >= 0 &&
        (key === scope || key.startsWith(`${scope}/`)) &&
        (best === undefined || step > best.step)
      )
        best = { step, source };
    };
    for (const [key, history] of at) consider(key, history.step, history.setBy);
    for (const r of removed) consider(r.pointer, r.step, r.removedBy);
    if (best !== undefined) return best.source;
    if (scope === '') return undefined;
  }
}

/** Re-keys the histories under each `from` prefix to its `to` prefix, all moves at once. */
function moveHistories(
  at: Map<string, History>,
  moves: readonly (readonly [from: string, to: string])[],
): Map<string, History> {
  const target = (pointer: string): string | undefined => {
    for (const [from, to] of moves) {
      if (pointer === from || pointer.startsWith(`${from}/`)) return to + pointer.slice(from.length);
    }
    return undefined;
  };
  const next = new Map<string, History>();
  const moved: [string, History][] = [];
  for (const [pointer, history] of at) {
    const to = target(pointer);
    if (to === undefined) next.set(pointer, history);
    else moved.push([to, history]);
  }
  for (const [to, history] of moved) next.set(to, history);
  return next;
}

/**
 * Where a step wrote, from its patches: each patched path cut at the first list on it (a list is compared whole, so
 * that its removed, moved and added elements are told apart), paths under another dropped.
 */
function patchedPaths(before: unknown, after: unknown, patches: readonly Patch[]): (string | number)[][] {
  const paths: (string | number)[][] = [];
  for (const patch of patches) {
    const path: (string | number)[] = [];
    let b: unknown = before;
    let a: unknown = after;
    for (const key of patch.path) {
      if (Array.isArray(b) || Array.isArray(a)) break;
      path.push(key as string | number);
      b = isContainer(b) ? (b as Record<string | number, unknown>)[key as string] : undefined;
      a = isContainer(a) ? (a as Record<string | number, unknown>)[key as string] : undefined;
    }
    paths.push(path);
  }
  paths.sort((x, y) => x.length - y.length);
  const kept: (string | number)[][] = [];
  for (const path of paths) {
    if (!kept.some((k) => k.length <= path.length && k.every((key, i) => key === path[i]))) kept.push(path);
  }
  return kept;
}

/** The value at `path` below `value`, or `undefined`. */
function at(value: unknown, path: readonly (string | number)[]): JsonValue | undefined {
  let node = value;
  for (const key of path) {
    if (!isContainer(node) || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node as JsonValue | undefined;
}

const STEP_DIFF = { keyed: keyedListAt, kept: true, removalsFirst: true, emptyIsValue: true } as const;

/** A step's changes, leaf by leaf: the diff engine on each value it patched. */
function stepChanges(before: FrozenSpec, after: FrozenSpec, patches: readonly Patch[]): Change[] {
  const out: Change[] = [];
  const set = (pointer: string, value: unknown) =>
    walkLeaves(value, pointer, (p, leaf) => out.push({ kind: 'set', pointer: p, value: leaf }));
  const remove = (pointer: string, value: unknown) =>
    walkLeaves(value, pointer, (p, leaf) => out.push({ kind: 'remove', pointer: p, old: leaf }));
  const isLeaf = (value: unknown) => !isContainer(value) || isEmptyContainer(value);
  const visitor: DiffVisitor = {
    added: (site, value) => set(site.pointer, value),
    removed: (site, value) => remove(site.from, value),
    changed: (site, old, value) => {
      if (isLeaf(old) && isLeaf(value)) {
        out.push({ kind: 'set', pointer: site.pointer, value, old });
        return;
      }
      remove(site.from, old);
      set(site.pointer, value);
    },
    moved: (moves) => out.push({ kind: 'move', moves }),
  };
  for (const path of patchedPaths(before, after, patches)) {
    const pointer = toPointer(path);
    diffJson(at(before, path), at(after, path), visitor, STEP_DIFF, {
      pointer,
      from: pointer,
      path: pointer,
    });
  }
  return out;
}

/** A source as one line: `default spec (linux/amd64)`, `base cri.json`, `option 2 withEnv [core]`, … */
export function formatSource(source: ProvenanceSource): string {
  switch (source.kind) {
    case 'default':
      return `default spec (${source.platform})`;
    case 'base':
      return source.file === undefined
        ? `inline base (${source.digest.slice(0, 19)})`
        : `base ${source.file}`;
    case 'option':
      return `option ${source.index} ${source.option}${source.plugin === '' ? '' : ` [${source.plugin}]`}`;
    case 'hook':
      return `${source.hook} [${source.plugin}]`;
  }
}

/** A leaf value as compact, lossless JSON. */
export function formatLeaf(value: Leaf): string {
  return printJson(value, ANY_LAYOUT);
}
