/**
 * Composing in tests: a pipeline with core's options and the plugins under test, over a fake host (an empty one
 * unless given), so that no test reads the machine it runs on.
 */
import type { Composition, CompositionInput, HostAccess, OcispecError, Plugin } from '@ocispec/core';
import { corePlugin, isOcispecError, Pipeline } from '@ocispec/core';
import { fail, show } from './assertion.js';
import { fakeHost } from './host.js';
import { isAnyRealmError } from './realm.js';

/** What a test pipeline is made of. */
export interface TestPipelineOptions {
  /** The host (default: an empty {@link fakeHost}). */
  readonly host?: HostAccess;
  /** Leave core's options out (default: `corePlugin()` is applied first). */
  readonly withoutCore?: boolean;
}

/** A pipeline with `corePlugin()` and `plugins`, in that order, over a fake host. */
export function testPipeline(
  plugins: Plugin | readonly Plugin[],
  options: TestPipelineOptions = {},
): Pipeline {
  const list = Array.isArray(plugins) ? (plugins as readonly Plugin[]) : [plugins as Plugin];
  return new Pipeline({
    plugins: options.withoutCore === true ? list : [corePlugin(), ...list],
    host: options.host ?? fakeHost().build(),
  });
}

/** A composition's input in tests: the base defaults to `{}` (no default spec needed), calls may be untyped. */
export interface TestInput extends Omit<CompositionInput, 'opts'> {
  readonly opts?: readonly unknown[];
}

function inputOf(input: TestInput): CompositionInput {
  return { ...input, base: input.base === undefined ? {} : input.base } as CompositionInput;
}

/** Composes `input` (base `{}` unless given) with a {@link testPipeline} of `plugins`. */
export function composeWith(
  plugins: Plugin | readonly Plugin[],
  input: TestInput = {},
  options: TestPipelineOptions = {},
): Promise<Composition> {
  return testPipeline(plugins, options).compose(inputOf(input));
}

/** What {@link expectComposeError} matches (every given field must be equal). */
export interface ErrorMatch {
  /** The `OcispecError` code (`BAD_ARGUMENT`, `MISSING_SECTION`, `PLUGIN_FAILED` …). */
  readonly code?: string;
  /** The message, exactly, or a pattern. */
  readonly message?: string | RegExp;
  readonly option?: string;
  readonly plugin?: string;
  readonly pointer?: string;
}

/**
 * Composes and asserts that the composition fails with an `OcispecError` matching `match`; returns the error.
 * A success, or any other thrown value, fails the assertion.
 */
export async function expectComposeError(
  plugins: Plugin | readonly Plugin[],
  input: TestInput,
  match: ErrorMatch = {},
  options: TestPipelineOptions = {},
): Promise<OcispecError> {
  let thrown: unknown;
  try {
    await testPipeline(plugins, options).compose(inputOf(input));
  } catch (error) {
    thrown = error;
  }
  if (thrown === undefined)
    fail(`expected the composition to fail with ${show(describeMatch(match))}, but it succeeded`);
  return expectOcispecError(thrown, match);
}

/** Asserts `error` is an `OcispecError` matching `match`; returns it. */
export function expectOcispecError(error: unknown, match: ErrorMatch = {}): OcispecError {
  if (!isOcispecError(error)) {
    fail(
      `expected an OcispecError, got ${isAnyRealmError(error) ? `${error.name}: ${error.message}` : show(error)}`,
      {
        actual: error,
      },
    );
  }
  const problems: string[] = [];
  for (const key of ['code', 'option', 'plugin', 'pointer'] as const) {
    if (match[key] !== undefined && error[key] !== match[key])
      problems.push(`${key} ${show(error[key])}, expected ${show(match[key])}`);
  }
  const { message } = match;
  if (
    message !== undefined &&
    !(typeof message === 'string' ? error.message === message : message.test(error.message))
  ) {
    problems.push(
      `message ${show(error.message)}, expected ${typeof message === 'string' ? show(message) : message.toString()}`,
    );
  }
  if (problems.length > 0)
    fail(`the OcispecError (${error.code}: ${error.message}) has ${problems.join('; ')}`, {
      actual: error,
      expected: match,
    });
  return error;
}

function describeMatch(match: ErrorMatch): Record<string, unknown> {
  return { ...match, message: match.message instanceof RegExp ? match.message.toString() : match.message };
}
