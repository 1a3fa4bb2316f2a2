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
 * - an array is its elements: a named property set on an array is not finished (JSON cannot carry it, the printer
 *   drops it), as with immer;
 * - a draft must not be used after its composition finished: its copy is frozen then, so a late write throws.
 *
 * This replaces immer on the hot path: a composition touches a handful of nodes, and the finish walks only what
 * changed (docs/performance.md).
 */
export { finishSpecDraft, freezeJson } from './drafts/finish.js';
export { originalOf, peekArray } from './drafts/peek.js';
export { createSpecDraft, isSpecDraft, type SpecDraft } from './drafts/state.js';
export {
  draftChild,
  type WritableNode,
  writableAt,
  writableChild,
  writableNode,
} from './drafts/writable.js';
