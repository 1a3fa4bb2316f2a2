/** True for a promise or any other thenable: what an async option (or hook tap) returns. */
export function isThenable(value: unknown): value is PromiseLike<void> {
  return (
    typeof value === 'object' && value !== null && typeof (value as PromiseLike<void>).then === 'function'
  );
}
