import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.base.js';

// Three entries (docs/architecture.md, "Entry points"); tsup splits what they share into chunks, so a class
// (OcispecError, Pipeline) exists once at run time whichever entry it is imported from.
export default defineConfig(libraryBuild({ entry: ['src/index.ts', 'src/schemas.ts', 'src/internal.ts'] }));
