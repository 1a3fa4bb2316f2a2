/**
 * The composition engine: immer. Every composition runs its options on one immer draft of its frozen base
 * (`createSpecDraft`) and finishes it into a deep-frozen spec that shares every untouched subtree with the base
 * (`finishSpecDraft`); the draft and every child draft are revoked then, so a write that comes late (an option
 * that kept the draft, a fire-and-forget promise) throws instead of being lost.
 *
 * ocispec uses a private `Immer` instance with auto-freeze off and freezes the result itself, in one walk over what
 * the composition made (frozen values, the base's included, are shared and never entered). The same walk holds a
 * result to plain JSON data, which immer does not: an accessor property an option assigned is replaced by its
 * value (read once, at the finish; an accessor element of an array too), and a symbol-keyed or non-enumerable
 * property, an enumerable named property on an array, or an object that is not a plain object or array (a `Map`,
 * a `Date`, a class instance), fails the composition with `NOT_JSON` naming the JSON pointer. (A non-enumerable
 * named property on an array is the one shape not looked for: finding it costs listing every index as a string.)
 * A node a section helper copied but left as the base had it is replaced by the base's node, so sharing survives
 * options that wrote nothing new.
 *
 * A composition made only of ocispec's own options (builtin-opts.ts) is finished without the per-property part of
 * that guard: each new node's kind is checked, its keys listed with `Object.keys` and its values read as data.
 *
 * Patches (for provenance) are immer's own, enabled where they are asked for (`trace.ts`).
 */
import { type Draft, Immer, type Immutable, type Patch } from 'immer';
import { OcispecError } from './errors.js';
import { describeObject, hasPlainArrayPrototype, hasPlainObjectPrototype } from './json/plain.js';
import { JsonNumber } from './json/value.js';
import type { Spec } from './model/index.js';
import { toPointer } from './model/pointer.js';

const immer = new Immer({ autoFreeze: false });

/** The draft an option edits: an immer draft of the spec. */
export type SpecDraft<T> = Draft<T>;

/**
 * A spec as compositions give it: deep-frozen, and typed so (deep-readonly), so that the compiler refuses what
 * would throw at run time. Every function that reads a spec takes one (a mutable `Spec` is one too).
 */
export type FrozenSpec = Frozen<Spec>;

/** A deep-frozen value, typed deep-readonly (a `FrozenSpec`'s sections: `Frozen<LinuxSeccomp>`). */
export type Frozen<T> = Immutable<T>;

/**
 * Starts a draft over a frozen spec (or any frozen JSON node): the base is never copied or changed.
 * containerd's counterpart is the in-place edit of its `*specs.Spec`; here the base stays shared and intact.
 */
export function createSpecDraft(base: FrozenSpec): Draft<Spec> {
  if (!Object.isFrozen(base)) throw new TypeError('createSpecDraft: the base must be frozen (freezeSpec)');
  const draft = immer.createDraft(base as Spec);
  openRoots.set(draft, (draft as { [DRAFT_STATE]?: DraftState })[DRAFT_STATE]!);
  return draft;
}

/** immer's draft-state key (`Symbol.for('immer-state')`, as immer defines it): reading it is the proxy's fast path. */
const DRAFT_STATE = Symbol.for('immer-state');

/**
 * The state of every root draft {@link createSpecDraft} made and no one has finished or discarded yet: most reads
 * of the section helpers are of the root, and a `WeakMap` lookup costs a fifth of the proxy's trap (N options of one
 * annotation each read the root N times). A finished root leaves the map, so a late read goes to the revoked proxy
 * and throws as before.
 */
const openRoots = new WeakMap<object, DraftState>();

/** The part of immer's draft state {@link peekDraft} reads (immer 11: the base, and the copy once written). */
interface DraftState {
  readonly base_: Record<PropertyKey, unknown>;
  readonly copy_: Record<PropertyKey, unknown> | null;
}

/**
 * The raw value of `parent[key]` without drafting it: for a draft, what its latest state holds (the base's frozen
 * value while untouched, an assigned value, or a child draft); for anything else, the property itself. This is
 * what `Reflect.getOwnPropertyDescriptor(draft, key).value` gives, without the proxy trap, which costs 10x a read
 * of the state (N options of one annotation each read the root N times; test/bench's scaling rows). Tested
 * against the descriptor path in engine.test.ts, so an immer upgrade that changes the state's shape fails there.
 */
export function peekDraft(parent: object, key: PropertyKey): unknown {
  const state = openRoots.get(parent) ?? (parent as { [DRAFT_STATE]?: DraftState })[DRAFT_STATE];
  if (state === undefined) return (parent as Record<PropertyKey, unknown>)[key];
  const latest = state.copy_ ?? state.base_;
  return Object.hasOwn(latest, key) ? latest[key] : undefined;
}

/**
 * Finishes a draft made by {@link createSpecDraft}: the deep-frozen result (the base itself when nothing changed),
 * sharing every untouched subtree with `base`. Every draft of the composition is revoked. `onPatches` receives
 * immer's patches (call `enablePatches()` first); `builtinOnly` says that only ocispec's own options wrote to the
 * draft (`allBuiltin`; nothing else had it), which skips the per-property guard.
 */
export function finishSpecDraft(draft: Draft<Spec>, base: FrozenSpec, how: FinishOptions = {}): FrozenSpec {
  openRoots.delete(draft);
  const { onPatches } = how;
  const result = immer.finishDraft(draft, onPatches === undefined ? undefined : (p) => onPatches(p));
  return finishValue(result, base, [], how.builtinOnly === true ? 'builtin' : 'guarded') as FrozenSpec;
}

/** How {@link finishSpecDraft} finishes. */
export interface FinishOptions {
  readonly onPatches?: (patches: Patch[]) => void;
  readonly builtinOnly?: boolean;
}

/**
 * How a finish walks: `thorough` ({@link freezeJson}) enters frozen nodes not known to be deep-frozen and guards
 * every property of the nodes it finishes; `guarded` (a composition's finish, {@link freezeTrusted}) skips frozen
 * nodes and guards the new ones; `builtin` (a composition of ocispec's own options) skips frozen nodes and checks
 * only each new node's kind, reading its values as data.
 */
type Walk = 'thorough' | 'guarded' | 'builtin';

/**
 * Drops a draft whose composition failed: revokes it and every child draft (a late write throws), keeps nothing.
 */
export function discardSpecDraft(draft: Draft<Spec>): void {
  openRoots.delete(draft);
  try {
    immer.finishDraft(draft);
  } catch {
    // Finishing only revokes here; whatever it would have built is dropped.
  }
}

/**
 * The values known to be frozen all the way down: every node {@link freezeJson} walked (so a value made of known
 * parts costs a walk of its own new nodes only, and a base given again costs nothing). A composition's result is
 * not added (a `WeakSet.add` per composition costs more than the rare walk of a result given back as a base).
 * `Object.isFrozen` says nothing of a node's children (a base given as `Object.freeze({ process: { env } })` has
 * a mutable `env`, which the section helpers would take for a value of the composition and edit in place).
 */
const deepFrozen = new WeakSet<object>();

/**
 * Deep-freezes a JSON value in place (no copy) and returns it, holding it to plain JSON data as a composition's
 * result is (see the module comment; an accessor becomes a data property with its value, except on a node frozen
 * already, where it is `NOT_JSON`). Frozen nodes are entered too, unless freezeJson walked them before: a value
 * frozen only at the top is frozen below it here, once.
 */
export function freezeJson<T>(value: T): T {
  return finishValue(value, undefined, [], 'thorough') as T;
}

/**
 * Deep-freezes a value whose frozen nodes are known to be frozen all the way down, without entering them: what a
 * plugin's `defaultSpec` tap gives, by the hook's contract (a `FrozenSpec` is deep-frozen; linux's default spec is
 * a shallow frozen copy of a deep-frozen template, per container). Its new nodes are walked and frozen as a
 * composition's result is. User input goes through {@link freezeJson}.
 */
export function freezeTrusted<T>(value: T): T {
  return finishValue(value, undefined, [], 'guarded') as T;
}

/** A node's final form: frozen values as they are; a new node checked, its children finished, then frozen. */
// `path` is the node's path from the root, a stack the walk pushes and pops: the JSON pointer is only built for
// an error.
function finishValue(value: unknown, base: unknown, path: (string | number)[], walk: Walk): unknown {
  if (typeof value !== 'object' || value === null || !needsWalk(value, walk)) return value;
  if (Array.isArray(value)) {
    return walk === 'builtin' ? finishBuiltinArray(value, base, path) : finishArray(value, base, path, walk);
  }
  const record = value as Record<string, unknown>;
  return walk === 'builtin'
    ? finishBuiltinObject(record, base, path)
    : finishObject(record, base, path, walk);
}

function needsWalk(node: object, walk: Walk): boolean {
  if (walk !== 'thorough') return !Object.isFrozen(node);
  // A number kept as its text (an unknown field's `1e400`) is a JSON leaf, frozen when made.
  return !(node instanceof JsonNumber) && !deepFrozen.has(node);
}

function finishArray(list: unknown[], base: unknown, path: (string | number)[], walk: Walk): unknown[] {
  if (!hasPlainArrayPrototype(list)) throw notJson(path, 'an array subclass');
  const from = Array.isArray(base) ? base : undefined;
  let same = from !== undefined && from.length === list.length;
  for (let i = 0; i < list.length; i++) {
    // An accessor element is read once and kept as data, as an object's accessor property is.
    // (A setter-only accessor reads as `undefined`, which no JSON array holds: only then is the setter looked up.)
    let item: unknown = lookupGetter.call(list, i) === undefined ? list[i] : accessorToData(list, i, path);
    if (item === undefined && lookupSetter.call(list, i) !== undefined) item = accessorToData(list, i, path);
    if (typeof item === 'object' && item !== null && needsWalk(item, walk)) {
      path.push(i);
      const done = finishValue(item, from?.[i], path, walk);
      path.pop();
      if (done !== item) list[i] = done;
    }
    if (same && list[i] !== from![i]) same = false;
  }
  checkArrayKeys(list, path);
  // A copy left as the base had it gives way to the base's node; frozen too, so a late write to it throws.
  Object.freeze(list);
  if (walk === 'thorough') deepFrozen.add(list);
  return same ? (from as unknown[]) : list;
}

/**
 * An own accessor's getter or setter without allocating a descriptor (`Object.prototype.__lookupGetter__` and
 * `__lookupSetter__`; an own data property gives `undefined`): per element of a new array this costs half of
 * `Reflect.getOwnPropertyDescriptor`, and arrays of 10,000 entries are the scaling rows' usual case.
 */
const { __lookupGetter__: lookupGetter, __lookupSetter__: lookupSetter } =
  Object.prototype as unknown as Record<
    '__lookupGetter__' | '__lookupSetter__',
    (this: object, key: PropertyKey) => ((this: unknown, value?: unknown) => unknown) | undefined
  >;

/** Replaces the accessor at `record[key]` by a data property holding what its getter gives (read once). */
function accessorToData(record: object, key: string | number, path: readonly (string | number)[]): unknown {
  if (Object.isFrozen(record)) throw notJson([...path, key], 'an accessor property on a frozen object');
  const value = lookupGetter.call(record, key)?.call(record);
  Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
  return value;
}

/**
 * An array holds its elements only: a symbol-keyed or enumerable named property on it (which JSON would drop) is
 * `NOT_JSON`. `Object.keys` of a plain array lists its indices from the elements (a few ns each), then its named
 * keys: only the last key needs a look.
 */
function checkArrayKeys(list: readonly unknown[], path: readonly (string | number)[]): void {
  const symbols = Object.getOwnPropertySymbols(list);
  if (symbols.length > 0) throw notJson(path, `a symbol-keyed property (${String(symbols[0])})`);
  const keys = Object.keys(list);
  const last = keys[keys.length - 1];
  if (last === undefined || ARRAY_INDEX.test(last)) return;
  const named = keys.find((key) => !ARRAY_INDEX.test(key)) ?? last;
  throw notJson([...path, named], 'a named property on an array');
}

const ARRAY_INDEX = /^(?:0|[1-9][0-9]*)$/;

function finishObject(
  record: Record<string, unknown>,
  base: unknown,
  path: (string | number)[],
  walk: Walk,
): object {
  if (!hasPlainObjectPrototype(record)) throw notJson(path, describeObject(record));
  // One enumeration of the keys (large maps: every pass over a dictionary-mode object costs per key).
  const keys = Reflect.ownKeys(record);
  const from = baseObject(base);
  let same = from !== undefined;
  for (const key of keys) {
    if (typeof key === 'symbol') throw notJson(path, `a symbol-keyed property (${String(key)})`);
    const descriptor = Object.getOwnPropertyDescriptor(record, key)!;
    if (!descriptor.enumerable) {
      throw notJson([...path, key], 'a non-enumerable property');
    }
    let item: unknown;
    if (descriptor.get !== undefined || descriptor.set !== undefined) {
      // An accessor is read once and kept as data: a frozen spec never holds a live getter.
      if (Object.isFrozen(record)) throw notJson([...path, key], 'an accessor property on a frozen object');
      item = descriptor.get?.call(record);
      Object.defineProperty(record, key, {
        value: item,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    } else item = descriptor.value;
    item = finishProperty(record, key, item, from, path, walk);
    if (same && (item !== from![key] || !Object.hasOwn(from!, key))) same = false;
  }
  if (same && keys.length !== Object.keys(from!).length) same = false;
  Object.freeze(record);
  if (walk === 'thorough') deepFrozen.add(record);
  return same ? from! : record;
}

/**
 * A new array of a composition of ocispec's own options: a plain array (the kind is checked), whose elements are
 * data (read as such). Shares the base's node when the copy left it as it was, as {@link finishArray} does.
 */
function finishBuiltinArray(list: unknown[], base: unknown, path: (string | number)[]): unknown[] {
  if (!hasPlainArrayPrototype(list)) throw notJson(path, 'an array subclass');
  const from = Array.isArray(base) ? base : undefined;
  let same = from !== undefined && from.length === list.length;
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (typeof item === 'object' && item !== null && !Object.isFrozen(item)) {
      path.push(i);
      const done = finishValue(item, from?.[i], path, 'builtin');
      path.pop();
      if (done !== item) list[i] = done;
    }
    if (same && list[i] !== from![i]) same = false;
  }
  Object.freeze(list);
  return same ? (from as unknown[]) : list;
}

/**
 * A new object of a composition of ocispec's own options: a plain object (the kind is checked) whose properties
 * are enumerable data under string keys, as those options write them; `Object.keys` lists them (about half the
 * cost of `Reflect.ownKeys` on a large map) and no descriptor is read.
 */
function finishBuiltinObject(
  record: Record<string, unknown>,
  base: unknown,
  path: (string | number)[],
): object {
  if (!hasPlainObjectPrototype(record)) throw notJson(path, describeObject(record));
  const keys = Object.keys(record);
  const from = baseObject(base);
  let same = from !== undefined;
  for (const key of keys) {
    const item = finishProperty(record, key, record[key], from, path, 'builtin');
    if (same && (item !== from![key] || !Object.hasOwn(from!, key))) same = false;
  }
  if (same && keys.length !== Object.keys(from!).length) same = false;
  Object.freeze(record);
  return same ? from! : record;
}

/** The base's node at a new object's place, when it is an object: the object is compared with it, to share it. */
function baseObject(base: unknown): Record<string, unknown> | undefined {
  return typeof base === 'object' && base !== null && !Array.isArray(base)
    ? (base as Record<string, unknown>)
    : undefined;
}

/** The final form of `item`, `record[key]`: a new node is finished (against `from[key]`) and put back in place. */
function finishProperty(
  record: Record<string, unknown>,
  key: string,
  item: unknown,
  from: Record<string, unknown> | undefined,
  path: (string | number)[],
  walk: Walk,
): unknown {
  if (typeof item !== 'object' || item === null || !needsWalk(item, walk)) return item;
  path.push(key);
  const done = finishValue(item, from?.[key], path, walk);
  path.pop();
  if (done !== item) setData(record, key, done);
  return done;
}

/** `record[key] = value`, as a data property even for the key `__proto__` (which assignment would not create). */
function setData(record: Record<string, unknown>, key: string, value: unknown): void {
  if (key !== '__proto__') record[key] = value;
  else Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
}

function notJson(path: readonly (string | number)[], what: string): OcispecError {
  const pointer = toPointer(path);
  return new OcispecError(
    'NOT_JSON',
    `${pointer === '' ? '/' : pointer}: ${what} was written; a spec holds plain JSON data only (plain objects and arrays, string keys)`,
    { pointer },
  );
}
