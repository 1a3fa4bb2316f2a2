/**
 * Finishing a draft: the base itself where nothing changed, the modified nodes' copies otherwise, with child drafts
 * replaced by their results and everything new deep-frozen.
 */
import { type DraftState, forgetLastLookup, kidAt, type Node, type SpecDraft, stateOf } from './state.js';

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
  forgetLastLookup();
  return finishState(state) as unknown as T;
}
