/**
 * Copy-on-write drafts of JSON-shaped specs: what options edit.
 *
 * A draft is a state over a frozen value, seen by options through a Proxy (made on first use). Reading an object
 * or array through it gives a child draft (made once, listed in the parent's state); the first write to a draft
 * makes a shallow copy of its own node only, marks it and its ancestors modified and puts each copy in its
 * parent's copy. Finishing returns the base itself when nothing changed, otherwise the modified nodes' copies,
 * with child drafts replaced by their results and everything new deep-frozen; every untouched subtree is the
 * base's own object (structural sharing). Built-in options write through the same states without proxies
 * (`writableAt`, `writableChild`).
 *
 * Rules that differ from immer, on purpose (specs are plain JSON):
 * - a frozen value assigned into a draft (a frozen default spec, a frozen argument) is drafted when it is read
 *   back, so later in-place edits work; an unfrozen value assigned into a draft is taken over as it is (the option
 *   created it) and frozen at the finish;
 * - only plain objects and arrays are drafted; there are no Maps, Sets, classes, patches or auto-freeze settings;
 * - a draft must not be used after its composition finished: its copy is frozen then, so a late write throws.
 *
 * This replaces immer on the hot path: a composition touches a handful of nodes, and the finish walks only what
 * changed (docs/performance.md).
 */
import type { Draft, Immutable } from 'immer';

/** The spec-draft type: a mutable view of `T` (immer's `Draft`, kept as the public type of options). */
export type SpecDraft<T> = Draft<T>;

/**
 * A writable node ({@link writableNode}, {@link writableChild}): a plain object whose own fields take writes, while
 * the values nested in it are read-only (they may be frozen values shared with the base): replace them whole.
 */
export type WritableNode<T> = { -readonly [K in keyof T]: Immutable<T[K]> };

const STATE: unique symbol = Symbol('ocispec.draft');

type Node = Record<PropertyKey, unknown> | unknown[];

class DraftState {
  /** The shallow copy that takes writes and holds child drafts; `undefined` until needed. */
  copy: Node | undefined;
  modified: boolean;
  readonly isArray: boolean;
  /**
   * The keys of the copy that may hold a draft or a new value (set or drafted through this draft); `undefined`
   * means every key (an owned draft or a writable node: anything may have been written to it).
   */
  touched: PropertyKey[] | undefined;
  /**
   * The child drafts made under this one. The parent's node holds, at a child's key, the child's base until the
   * child is modified, then its copy (or its proxy, if that was assigned there); {@link kidAt} finds the child from
   * that value without a proxy trap.
   */
  kids: DraftState[] | undefined = undefined;
  /** The finished value, once finished (a draft reachable twice is finished once). */
  result: Node | undefined = undefined;
  #proxy: Node | undefined = undefined;

  constructor(
    /** The frozen value this draft reads through until it is written (for an owned draft, the object itself). */
    readonly base: Node,
    readonly parent: DraftState | undefined,
    /** This draft's key in its parent (object keys and array indices as strings). */
    readonly key: PropertyKey,
    owned: Node | undefined,
  ) {
    this.copy = owned;
    this.modified = owned !== undefined;
    this.touched = owned === undefined ? [] : undefined;
    this.isArray = Array.isArray(base);
  }

  /** The draft as options see it, made on first use: writable paths never need one. */
  get proxy(): Node {
    if (this.#proxy === undefined) {
      const target: Node = this.isArray ? [] : {};
      (target as unknown as { [STATE]: DraftState })[STATE] = this;
      this.#proxy = new Proxy(target, handler);
    }
    return this.#proxy;
  }

  /** The proxy if one was made, without making one. */
  get proxyIfMade(): Node | undefined {
    return this.#proxy;
  }

  /** Whether `value` is this draft as its parent may hold it: its proxy, its copy, or (unmodified) its base. */
  isHeldAs(value: unknown): boolean {
    return value === this.#proxy || value === this.copy || (!this.modified && value === this.base);
  }
}

/** The child draft of `state` at `key`, if `value` (what the node holds there) is it. */
function kidAt(state: DraftState, key: PropertyKey, value: unknown): DraftState | undefined {
  const kids = state.kids;
  if (kids === undefined) return undefined;
  for (let i = 0; i < kids.length; i++) {
    const kid = kids[i]!;
    if (kid.key === key && kid.isHeldAs(value)) return kid;
  }
  return undefined;
}

/**
 * A child draft of `parent` at `key` over `base` (frozen, or the option's own `owned` object, which the parent
 * already holds there). Nothing is written: the parent keeps holding the base until the child is modified.
 */
function draftAt(parent: DraftState, key: PropertyKey, base: Node, owned: Node | undefined): DraftState {
  const child = new DraftState(base, parent, key, owned);
  if (parent.kids === undefined) parent.kids = [child];
  else parent.kids.push(child);
  touch(parent, key);
  return child;
}

function isNode(value: unknown): value is Node {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

// The draft looked up last: options ask for the root draft's state over and over, and each ask of a proxy is a trap.
// Cleared when a composition finishes, so no draft is kept alive by it.
let lastProxy: unknown;
let lastState: DraftState | undefined;

function stateOf(value: unknown): DraftState | undefined {
  if (value === lastProxy) return lastState;
  if (typeof value !== 'object' || value === null) return undefined;
  const state = (value as { [STATE]?: DraftState })[STATE];
  if (state !== undefined) {
    lastProxy = value;
    lastState = state;
  }
  return state;
}

/** True for a draft made by {@link createSpecDraft} (or a child of one). */
export function isSpecDraft(value: unknown): boolean {
  return stateOf(value) !== undefined;
}

function shallowCopy(node: Node): Node {
  // Object spread defines own data properties (an own `__proto__` key stays data, never the prototype setter).
  // Arrays are copied by spread, not `slice()`: V8's array builtins take a slow generic path on frozen arrays.
  return Array.isArray(node) ? [...node] : { ...node };
}

function writable(state: DraftState): Node {
  if (state.copy === undefined) state.copy = shallowCopy(state.base);
  return state.copy;
}

function touch(state: DraftState, key: PropertyKey): void {
  state.touched?.push(key);
}

/**
 * Marks `state` and its ancestors modified, giving each a copy, and puts each copy in its parent's copy in place of
 * the base it held (unless the parent holds something else there by now: a replaced draft stays detached).
 */
function markModified(state: DraftState | undefined): void {
  while (state !== undefined && !state.modified) {
    const parent = state.parent;
    const held =
      parent === undefined ? undefined : (source(parent) as Record<PropertyKey, unknown>)[state.key];
    const attached = parent !== undefined && state.isHeldAs(held);
    state.modified = true;
    const copy = writable(state);
    if (attached && held !== copy && held !== state.proxyIfMade) {
      (writable(parent) as Record<PropertyKey, unknown>)[state.key] = copy;
    }
    state = parent;
  }
}

function source(state: DraftState): Node {
  return state.copy ?? state.base;
}

function hasOwn(node: Node, key: PropertyKey): boolean {
  return Object.hasOwn(node, key);
}

const handler: ProxyHandler<Node> = {
  get(target, key) {
    const state = (target as unknown as { [STATE]: DraftState })[STATE];
    if (key === STATE) return state;
    const src = state.copy ?? state.base;
    const value = (src as Record<PropertyKey, unknown>)[key];
    // Primitives and methods come through as they are. A frozen JSON node (from the base, or frozen and assigned)
    // is drafted copy-on-write; an unfrozen one the option assigned is wrapped as an owned draft that writes to it
    // in place (so frozen values nested in it are drafted too). Reading twice gives the same draft.
    if (typeof value !== 'object' || value === null) return value;
    const kid = kidAt(state, key, value);
    if (kid !== undefined) return kid.proxy;
    if (Object.isFrozen(value)) {
      if (!isNode(value)) return value;
      return draftAt(state, key, value, undefined).proxy;
    }
    if ((value as { [STATE]?: DraftState })[STATE] !== undefined || !isNode(value)) return value;
    return draftAt(state, key, value, value).proxy;
  },
  set(target, key, value) {
    const state = stateFromTarget(target);
    const src = source(state) as Record<PropertyKey, unknown>;
    if (hasOwn(src, key) && src[key] === value && (value !== undefined || key in src)) return true;
    markModified(state);
    const copy = state.copy as Record<PropertyKey, unknown>;
    if (typeof value === 'object' && value !== null) touch(state, key);
    if (key === '__proto__') {
      Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
    } else copy[key] = value;
    return true;
  },
  deleteProperty(target, key) {
    const state = stateFromTarget(target);
    if (!hasOwn(source(state), key)) return true;
    markModified(state);
    delete (state.copy as Record<PropertyKey, unknown>)[key];
    return true;
  },
  has(target, key) {
    return key === STATE || key in source(stateFromTarget(target));
  },
  ownKeys(target) {
    return Reflect.ownKeys(source(stateFromTarget(target)));
  },
  getOwnPropertyDescriptor(target, key) {
    const state = stateFromTarget(target);
    const src = source(state);
    const desc = Reflect.getOwnPropertyDescriptor(src, key);
    if (desc === undefined) return undefined;
    if (state.isArray && key === 'length') {
      return { value: (src as unknown[]).length, writable: true, enumerable: false, configurable: false };
    }
    return { value: desc.value, writable: true, enumerable: desc.enumerable, configurable: true };
  },
  defineProperty(target, key, desc) {
    const state = stateFromTarget(target);
    markModified(state);
    if ('value' in desc) {
      (state.copy as Record<PropertyKey, unknown>)[key] = desc.value;
      touch(state, key);
      return true;
    }
    return false;
  },
  getPrototypeOf(target) {
    return Object.getPrototypeOf(stateFromTarget(target).base);
  },
  setPrototypeOf() {
    return false;
  },
  preventExtensions() {
    return false;
  },
};

/**
 * Proxy targets: an empty array for array drafts (so `Array.isArray(draft)` holds) or an empty object, carrying
 * the state under a private symbol (a configurable property the traps never report). The target never holds data,
 * so the Proxy invariants of frozen values do not apply.
 */
function stateFromTarget(target: Node): DraftState {
  return (target as unknown as { [STATE]: DraftState })[STATE];
}

/**
 * Deep-freezes a JSON value in place and returns it: every unfrozen node below it, then the value itself. A frozen
 * node is taken as frozen throughout and not entered, so freezing a value that shares frozen subtrees costs a scan
 * of what is new.
 */
export function freezeJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  for (const key of Object.keys(value)) {
    const child = (value as Record<string, unknown>)[key];
    if (typeof child === 'object' && child !== null && !Object.isFrozen(child)) freezeJson(child);
  }
  if (!Object.isFrozen(value)) Object.freeze(value);
  return value;
}

/** Starts a draft over a frozen spec (or any frozen JSON node). The base is never copied or changed. */
export function createSpecDraft<T extends object>(base: T): SpecDraft<T> {
  if (!Object.isFrozen(base)) throw new TypeError('createSpecDraft: the base must be frozen (freezeSpec)');
  return new DraftState(base as unknown as Node, undefined, '', undefined).proxy as unknown as SpecDraft<T>;
}

function finishState(state: DraftState): Node {
  if (state.result !== undefined) return state.result;
  if (!state.modified) {
    state.result = state.base;
    return state.base;
  }
  const copy = state.copy! as Record<PropertyKey, unknown>;
  if (state.touched === undefined && Array.isArray(copy)) {
    for (let i = 0; i < copy.length; i++) {
      const value: unknown = copy[i];
      if (typeof value === 'object' && value !== null) {
        const done = finishValue(value);
        if (done !== value) copy[i] = done;
      }
    }
  } else {
    for (const key of state.touched ?? Object.keys(copy)) {
      const value = copy[key];
      if (typeof value === 'object' && value !== null) {
        const kid = kidAt(state, key, value);
        const done = kid !== undefined ? finishState(kid) : finishValue(value);
        if (done !== value) copy[key] = done;
      }
    }
  }
  // A node made writable ({@link writableNode}), or whose children all finished as they were, may hold exactly what
  // its base holds: the base is kept then (structural sharing survives options that changed nothing).
  if (copy !== state.base && sameEntries(copy, state.base)) {
    state.result = state.base;
    return state.base;
  }
  Object.freeze(copy);
  state.result = copy;
  return copy;
}

/** True when `copy` holds exactly `base`'s entries (same keys, identical values). */
function sameEntries(copy: Node, base: Node): boolean {
  if (Array.isArray(copy)) {
    const list = base as unknown[];
    if (copy.length !== list.length) return false;
    for (let i = 0; i < copy.length; i++) if (copy[i] !== list[i]) return false;
    return true;
  }
  const record = base as Record<string, unknown>;
  const keys = Object.keys(copy);
  if (keys.length !== Object.keys(record).length) return false;
  for (const key of keys) {
    if ((copy as Record<string, unknown>)[key] !== record[key] || !Object.hasOwn(record, key)) return false;
  }
  return true;
}

/** A value's final form: drafts finished, new objects deep-frozen, frozen (shared) values as they are. */
function finishValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  // Frozen values (the base's, frozen arguments) are the most common: checked first. A draft is never frozen.
  if (Object.isFrozen(value)) return value;
  const state = stateOf(value);
  if (state !== undefined) return finishState(state);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === 'object' && item !== null) {
        const done = finishValue(item);
        if (done !== item) value[i] = done;
      }
    }
    return Object.freeze(value);
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const item = record[key];
    if (typeof item === 'object' && item !== null) {
      const done = finishValue(item);
      if (done !== item) record[key] = done;
    }
  }
  return Object.freeze(value);
}

/**
 * Finishes a draft: the deep-frozen result, the base itself when nothing changed, sharing every untouched subtree
 * with the base otherwise.
 */
export function finishSpecDraft<T extends object>(draft: SpecDraft<T>): T {
  const state = stateOf(draft);
  if (state === undefined) throw new TypeError('finishSpecDraft: not a spec draft');
  lastProxy = undefined;
  lastState = undefined;
  return finishState(state) as unknown as T;
}

/**
 * Where an option writes without a proxy: a draft's state, or a plain object (one outside any draft, or the
 * option's own value inside one).
 */
type Slot = DraftState | Node;

function slotOf(value: object): Slot {
  return stateOf(value) ?? (value as Node);
}

/** The writable node of a slot: a draft's copy (the draft and its ancestors marked modified), or the object. */
function writableOf(slot: Slot): Node {
  if (!(slot instanceof DraftState)) return slot;
  markModified(slot);
  slot.touched = undefined;
  return slot.copy!;
}

/** The slot of `parent[key]`: see {@link draftChild}. A primitive where an object belongs is returned as it is. */
function childSlot(parent: Slot, key: PropertyKey, create: boolean): Slot | undefined {
  const inDraft = parent instanceof DraftState;
  const node = (inDraft ? (parent.copy ?? parent.base) : parent) as Record<PropertyKey, unknown>;
  const value = node[key];
  if (value == null) {
    if (!create) return undefined;
    const fresh = {};
    (writableOf(parent) as Record<PropertyKey, unknown>)[key] = fresh;
    return fresh;
  }
  if (typeof value !== 'object') return value as unknown as Node;
  if (inDraft) {
    const kid = kidAt(parent, key, value);
    if (kid !== undefined) return kid;
  }
  if (Object.isFrozen(value)) {
    if (!isNode(value)) return value as Node;
    if (inDraft) return draftAt(parent, key, value, undefined);
    const copy = shallowCopy(value);
    node[key] = copy;
    return copy;
  }
  return slotOf(value);
}

/** Array indices are string keys to a draft (as its traps see them). */
function keyOf(key: PropertyKey): PropertyKey {
  return typeof key === 'number' ? String(key) : key;
}

/**
 * The node behind `value`, writable without a proxy: a draft's own shallow copy (made now if needed; the draft and
 * its ancestors are marked modified, and the finish checks every key of the copy, keeping the base if nothing
 * differs), or `value` itself when it is not a draft. Writing plain properties of it costs no trap; its nested
 * values are read-only (see {@link WritableNode}).
 */
export function writableNode<T extends object>(value: T): WritableNode<T> {
  return writableOf(slotOf(value)) as WritableNode<T>;
}

/**
 * `parent[key]` as something to write through, without a proxy trap: under a draft, the child draft (made now from
 * a frozen value, as reading it would) or the option's own unfrozen value; under a plain object, the value itself,
 * a frozen value being replaced by a shallow copy of it. An absent or `null` value becomes a new `{}` when `create`
 * is set (Go's create-if-nil) and gives `undefined` otherwise (nothing is written then). Writes nothing else.
 */
export function draftChild<T extends object, K extends keyof T>(
  parent: T,
  key: K,
  create: true,
): NonNullable<T[K]>;
export function draftChild<T extends object, K extends keyof T>(
  parent: T,
  key: K,
  create: boolean,
): NonNullable<T[K]> | undefined;
export function draftChild(parent: object, key: PropertyKey, create: boolean): object | undefined {
  const slot = childSlot(slotOf(parent), keyOf(key), create);
  return slot instanceof DraftState ? slot.proxy : slot;
}

/**
 * `parent[key]` as a writable node ({@link draftChild}, then {@link writableNode}): an option sets the child's own
 * fields directly. With `create`, an absent or `null` child becomes `{}`; without it, `undefined` is returned.
 */
export function writableChild<T extends object, K extends keyof T>(
  parent: T,
  key: K,
  create: true,
): WritableNode<NonNullable<T[K]>>;
export function writableChild<T extends object, K extends keyof T>(
  parent: T,
  key: K,
  create: boolean,
): WritableNode<NonNullable<T[K]>> | undefined;
export function writableChild(parent: object, key: PropertyKey, create: boolean): object | undefined {
  const slot = childSlot(slotOf(parent), keyOf(key), create);
  return slot === undefined ? undefined : writableOf(slot);
}

/**
 * The node at `path` below `root`, writable ({@link writableNode}), walked without proxy traps. The first
 * `mustExist` sections must be there (else `undefined`, nothing written); the rest are created when absent or
 * `null`. `writableAt(spec, ['linux', 'resources', 'cpu'], 1)` is containerd's `setCPU`: nothing without `linux`.
 */
export function writableAt(root: object, path: readonly string[], mustExist = 0): object | undefined {
  let slot: Slot | undefined = slotOf(root);
  for (let i = 0; i < path.length; i++) {
    slot = childSlot(slot, path[i]!, i >= mustExist);
    if (slot === undefined) return undefined;
  }
  return writableOf(slot);
}

/** The element type of an array-valued property (Go's nil slice allowed). */
type ElementOf<V> = NonNullable<V> extends readonly (infer E)[] ? E : never;

/**
 * The current contents of an array, read-only and without drafting anything: options compute a new value from it
 * and assign that once. `peekArray(draft.process, 'env')` reads the property without making a draft of the array
 * (cheapest); `peekArray(array)` takes an array already read. An element drafted earlier is a draft, which reads
 * the same. `null`/`undefined` (Go's nil slice) gives an empty array. Never write to the result.
 */
export function peekArray<T>(value: readonly T[] | null | undefined): readonly T[];
export function peekArray<O extends object, K extends keyof O>(
  container: O,
  key: K,
): readonly ElementOf<O[K]>[];
export function peekArray(value: unknown, key?: PropertyKey): readonly unknown[] {
  if (key !== undefined) {
    const state = stateOf(value);
    const raw =
      state === undefined ? (value as Record<PropertyKey, unknown>)[key] : source(state)[key as never];
    return peekArray(raw as readonly unknown[] | null | undefined);
  }
  if (value == null) return [];
  const state = stateOf(value);
  const array = state === undefined ? (value as readonly unknown[]) : (source(state) as readonly unknown[]);
  // V8's array builtins (`slice`, `filter`, `some`, `findIndex`, `join`, ...) take a slow generic path on frozen
  // arrays, 10-35x slower than on a plain array of the same length; a spread copy is cheaper than any one of them.
  return Object.isFrozen(array) ? [...array] : array;
}

/** The frozen value a draft reads through (its base), or the value itself when it is not a draft. */
export function originalOf<T>(value: T): T {
  const state = stateOf(value);
  return state === undefined ? value : (state.base as unknown as T);
}
