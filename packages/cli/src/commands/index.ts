/**
 * Every command, in the order `ocispec --help` lists them. Adding a command: a file in this directory exporting
 * its {@link CommandDefinition} as default, and one line here.
 */
import type { CommandDefinition } from '../command.js';
import bundle from './bundle.js';
import cdi from './cdi.js';
import completion from './completion.js';
import cri from './cri.js';
import diff from './diff.js';
import explain from './explain.js';
import generate from './generate.js';
import lint from './lint.js';
import options from './options.js';
import schema from './schema.js';
import spec from './spec.js';
import validate from './validate.js';

export const COMMANDS: readonly CommandDefinition[] = [
  spec,
  generate,
  validate,
  lint,
  bundle,
  explain,
  diff,
  cri,
  cdi,
  options,
  schema,
  completion,
];
