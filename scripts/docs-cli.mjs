// Writes docs/cli.md from the command definitions (`pnpm docs:cli`). The generator is TypeScript source, run
// through Vite's module runner with the workspace's source condition (no build needed).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defaultServerConditions, runnerImport } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const conditions = ['@ocispec/source', ...defaultServerConditions];
const { module } = await runnerImport(`${root}packages/cli/src/cli-reference.ts`, {
  configFile: false,
  root,
  logLevel: 'error',
  resolve: { conditions },
  ssr: { resolve: { conditions } },
});
const out = `${root}docs/cli.md`;
writeFileSync(out, module.renderCliReference());
console.log(`wrote ${out}`);
