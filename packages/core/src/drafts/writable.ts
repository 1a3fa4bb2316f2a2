/**
 * Writable paths: where built-in options write without proxy traps. They walk the same draft states as the proxies
 * (so both see one another) and hand out a node's own shallow copy; what is nested in it stays read-only.
 */
import type { Immutable } from 'immer';
import {
  DraftState,
  draftAt,
  isNode,
  kidAt,
  markModified,
  type Node,
  shallowCopy,
  stateOf,
} from './state.js';

/**
 * A writable node ({@link writableNode}, {@link writableChild}): a plain object whose own fields take writes, while
 * the values nested in it are read-only (they may be frozen values shared with the base): replace them whole.
 */
export type WritableNode<T> = { -readonly [K in keyof T]: Immutable<T[K]> };

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
