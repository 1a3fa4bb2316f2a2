import type { z } from 'zod';
import { toPointer } from './model/index.js';

/** The first problem zod found, as ocispec reports problems: a JSON pointer and a one-line message. */
export interface Problem {
  /** RFC 6901 pointer below the value checked (`""` for the value itself). */
  readonly pointer: string;
  /** zod's message without its generic `Invalid input: ` lead (`expected string, received number`). */
  readonly message: string;
}

/** The one place zod issues become messages: its message without the generic lead. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  return issue.message.replace(/^Invalid input: /, '');
}

/** The first issue of a failed `safeParse`, as a pointer (below `prefix`) and a message. */
export function firstProblem(error: z.ZodError, prefix = ''): Problem {
  const issue = error.issues[0]!;
  return { pointer: prefix + toPointer(issue.path), message: describeIssue(issue) };
}
