/**
 * Plain JSON containers across realms. A value made in another realm — a `vm` context, jest's test environment,
 * `structuredClone` or `JSON.parse` of the realm a test runner copied in — has that realm's `Object.prototype` and
 * `Array.prototype`: it is as plain as one of this realm's, while `proto === Object.prototype` would call it a
 * class instance. A realm's own prototype is recognised by its shape: its prototype is `null` (objects) or a root
 * object prototype (arrays), and its `constructor` is that realm's built-in `Object` / `Array`.
 */

const nativeCode = /\{\s*\[native code\]\s*\}\s*$/;

function isBuiltinConstructor(proto: object, name: 'Object' | 'Array'): boolean {
  const ctor = Object.getOwnPropertyDescriptor(proto, 'constructor')?.value as unknown;
  return (
    typeof ctor === 'function' &&
    ctor.name === name &&
    (ctor as { prototype?: unknown }).prototype === proto &&
    nativeCode.test(Function.prototype.toString.call(ctor))
  );
}

/** A realm's `Object.prototype` (this realm's at no cost). */
export function isObjectPrototype(proto: unknown): boolean {
  if (proto === Object.prototype) return true;
  return (
    typeof proto === 'object' &&
    proto !== null &&
    Object.getPrototypeOf(proto) === null &&
    isBuiltinConstructor(proto, 'Object')
  );
}

/** An object whose prototype is `null` or a realm's `Object.prototype`: a JSON object. */
export function hasPlainObjectPrototype(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === null || isObjectPrototype(proto);
}

/** An array (of any realm) whose prototype is its realm's `Array.prototype`, not a subclass's. */
export function hasPlainArrayPrototype(value: readonly unknown[]): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Array.prototype) return true;
  return (
    typeof proto === 'object' &&
    proto !== null &&
    Array.isArray(proto) && // a realm's Array.prototype is itself an array exotic object
    isObjectPrototype(Object.getPrototypeOf(proto)) &&
    isBuiltinConstructor(proto, 'Array')
  );
}

/** What a value that is no JSON container is, for a message: `a Map object`, `an Args object` (`a Uint8Array object`: U reads as "you"). */
export function describeObject(value: object): string {
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== ''
    ? `${/^[AEIO]/.test(name) ? 'an' : 'a'} ${name} object`
    : 'an object that is not a plain object';
}
