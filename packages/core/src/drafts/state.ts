/**
 * Draft states and the proxy options see: a state per drafted node (its frozen base, its copy once written, its
 * child drafts), the copy-on-write rules, and the Proxy handler that applies them to reads and writes. See
 * `../draft.ts` for the rules as a whole.
 */
import type { Draft } from 'immer';

/** The spec-draft type: a mutable view of `T` (immer's `Draft`, kept as the public type of options). */
export type SpecDraft<T> = Draft<T>;

const STATE: unique symbol = Symbol('ocispec.draft');

export type Node = Record<PropertyKey, unknown> | unknown[];

export class DraftState {
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
export function kidAt(state: DraftState, key: PropertyKey, value: unknown): DraftState | undefined {
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
export function draftAt(
  parent: DraftState,
  key: PropertyKey,
  base: Node,
  owned: Node | undefined,
): DraftState {
  const child = new DraftState(base, parent, key, owned);
  if (parent.kids === undefined) parent.kids = [child];
  else parent.kids.push(child);
  touch(parent, key);
  return child;
}

export function isNode(value: unknown): value is Node {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

// The draft looked up last: options ask for the root draft's state over and over, and each ask of a proxy is a trap.
// Cleared when a composition finishes ({@link forgetLastLookup}), so no draft is kept alive by it.
let lastProxy: unknown;
let lastState: DraftState | undefined;

/** Drops the cached last lookup (a finished composition's draft must not stay reachable from here). */
export function forgetLastLookup(): void {
  lastProxy = undefined;
  lastState = undefined;
}

export function stateOf(value: unknown): DraftState | undefined {
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

export function shallowCopy(node: Node): Node {
  // Object spread defines own data properties (an own `__proto__` key stays data, never the prototype setter).
  // Arrays are copied by spread, not `slice()`: V8's array builtins take a slow generic path on frozen arrays.
  return Array.isArray(node) ? [...node] : { ...node };
}

export function writable(state: DraftState): Node {
  if (state.copy === undefined) state.copy = shallowCopy(state.base);
  return state.copy;
}

export function touch(state: DraftState, key: PropertyKey): void {
  state.touched?.push(key);
}

/**
 * Marks `state` and its ancestors modified, giving each a copy, and puts each copy in its parent's copy in place of
 * the base it held (unless the parent holds something else there by now: a replaced draft stays detached).
 */
export function markModified(state: DraftState | undefined): void {
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

export function source(state: DraftState): Node {
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

/** Starts a draft over a frozen spec (or any frozen JSON node). The base is never copied or changed. */
export function createSpecDraft<T extends object>(base: T): SpecDraft<T> {
  if (!Object.isFrozen(base)) throw new TypeError('createSpecDraft: the base must be frozen (freezeSpec)');
  return new DraftState(base as unknown as Node, undefined, '', undefined).proxy as unknown as SpecDraft<T>;
}
