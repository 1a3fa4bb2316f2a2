/**
 * Defensive accessors for semantic checks. The validator reports every problem of a spec, so semantic checks run
 * on values the schema check may already have rejected: they read fields through these guards and skip what has
 * the wrong JSON type (the schema check reports that).
 */
import type { Platform, ValidationReport } from '@ocispec/core';
import { escapePointerToken } from '@ocispec/core/internal';
import type { ValidationRuleId } from './rules.js';
import { validationRules } from './rules.js';

/** A JSON object. */
export type Obj = Readonly<Record<string, unknown>>;

export function obj(value: unknown): Obj | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : undefined;
}

export function arr(value: unknown): readonly unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** An integer as the lossless parser gives it (`number` or `bigint`); other values are `undefined`. */
export function int(value: unknown): number | bigint | undefined {
  if (typeof value === 'bigint') return value;
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

/** The strings of a string array (other elements skipped), with their indexes. */
export function strings(value: unknown): Array<[string, number]> {
  const list = arr(value);
  const out: Array<[string, number]> = [];
  if (list === undefined) return out;
  for (let i = 0; i < list.length; i++) {
    const s = list[i];
    if (typeof s === 'string') out.push([s, i]);
  }
  return out;
}

/** Joins a pointer and more reference tokens (escaped). */
export function ptr(base: string, ...tokens: Array<string | number>): string {
  let out = base;
  for (const token of tokens) out += `/${typeof token === 'number' ? token : escapePointerToken(token)}`;
  return out;
}

/** What every check gets: where to report, the target platform and the spec's namespaces. */
export interface CheckContext {
  readonly report: ValidationReport;
  readonly platform: Platform;
  /** `linux.namespaces` by type: `undefined` path = a new namespace. Only the first entry of a type. */
  readonly namespaces: ReadonlyMap<string, string | undefined>;
}

/** True when the spec creates a new namespace of `type` (an entry without `path`). */
export function newNamespace(ctx: CheckContext, type: string): boolean {
  return ctx.namespaces.has(type) && ctx.namespaces.get(type) === undefined;
}

/** A POSIX absolute path. */
export function isAbs(path: string): boolean {
  return path.charCodeAt(0) === 47;
}

/** A Windows absolute path: `C:\…`, `C:/…`, `\\server\share…`, `\\?\…`. */
export function isWindowsAbs(path: string): boolean {
  return /^(?:[A-Za-z]:[\\/]|\\\\)/.test(path);
}

/** An absolute path on the target OS (Windows or POSIX). */
export function isAbsOn(windows: boolean, path: string): boolean {
  return windows ? isWindowsAbs(path) : isAbs(path);
}

/** A bind mount: type `bind`, or a `bind`/`rbind` option (the type is then the filesystem's, often `none`). */
export function isBindMount(type: string | undefined, options: readonly unknown[] | undefined): boolean {
  return (
    type === 'bind' || (options !== undefined && (options.includes('bind') || options.includes('rbind')))
  );
}

/** Quotes a value for a message, as JSON. */
export function q(value: unknown): string {
  return typeof value === 'bigint' ? value.toString() : JSON.stringify(value);
}

/** A list syntax `0-3,5,7-8` (cpuset and NUMA node lists). */
const LIST_SYNTAX = /^\d+(?:-\d+)?(?:,\d+(?:-\d+)?)*$/;

/** A CPU or NUMA node list `0-3,5,7-8`: the list syntax, and every range `a-b` with a ≤ b. */
export function isNumberList(list: string): boolean {
  if (!LIST_SYNTAX.test(list)) return false;
  for (const part of list.split(',')) {
    const dash = part.indexOf('-');
    if (dash > 0 && Number(part.slice(0, dash)) > Number(part.slice(dash + 1))) return false;
  }
  return true;
}

/** Reports a finding of `rule` with the rule's severity. */
export function emit(ctx: CheckContext, rule: ValidationRuleId, pointer: string, message: string): void {
  if (validationRules[rule].severity === 'error') ctx.report.error(pointer, rule, message);
  else ctx.report.warning(pointer, rule, message);
}

/** `KEY=VALUE` with a non-empty key (`env-format`); returns the key or `undefined`. */
export function envKey(entry: string): string | undefined {
  const eq = entry.indexOf('=');
  return eq > 0 ? entry.slice(0, eq) : undefined;
}

/** Integer equality across `number` and `bigint`. */
export function intEq(a: number | bigint, b: number | bigint): boolean {
  return typeof a === typeof b ? a === b : BigInt(a) === BigInt(b);
}
