import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.base.js';

// Two entries (the public one and `/internal`, docs/architecture.md "Entry points"), sharing chunks.
export default defineConfig(libraryBuild({ entry: ['src/index.ts', 'src/internal.ts'] }));
