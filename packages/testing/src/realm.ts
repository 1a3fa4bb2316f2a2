/**
 * Errors across realms: a test runner may run the plugin under test in a realm of its own (jest's vm contexts), whose
 * `Error` and `TypeError` are not this module's, so `instanceof` cannot say what a thrown value is.
 */

/** An Error of any realm (`Object.prototype.toString` reads the internal slot, not the prototype chain). */
export function isAnyRealmError(value: unknown): value is Error {
  return Object.prototype.toString.call(value) === '[object Error]';
}
