import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root (this package is `packages/test-fixtures`). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** A file or folder of the repository by its path from the root (`repoPath('docs', 'options.md')`). */
export function repoPath(...segments: string[]): string {
  return path.join(repoRoot, ...segments);
}

/** The conformance suite's cases (`test/conformance/cases/*.json`), which other suites replay too. */
export const conformanceCasesDir = repoPath('test', 'conformance', 'cases');
