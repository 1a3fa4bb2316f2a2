// Writes docs/options.md from the option registry (`pnpm docs:options`). The generator is TypeScript source, run
// through Vite's module runner with the workspace's source condition (no build needed).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defaultServerConditions, runnerImport } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const conditions = ['@ocispec/source', ...defaultServerConditions];
const { module } = await runnerImport(`${root}packages/cli/src/options-reference.ts`, {
  configFile: false,
  root,
  logLevel: 'error',
  resolve: { conditions },
  ssr: { resolve: { conditions } },
});
const out = `${root}docs/options.md`;
writeFileSync(out, module.renderOptionsReference());
console.log(`wrote ${out}`);
