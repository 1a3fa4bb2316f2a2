// Rewrites the rule tables of docs/validation.md from the validate package's rule tables (`pnpm docs:rules`),
// then formats the file with Biome.
// The renderer is TypeScript source, run through Vite's module runner with the workspace's source condition.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defaultServerConditions, runnerImport } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const conditions = ['@ocispec/source', ...defaultServerConditions];
const { module } = await runnerImport(`${root}packages/validate/src/rules-reference.ts`, {
  configFile: false,
  root,
  logLevel: 'error',
  resolve: { conditions },
  ssr: { resolve: { conditions } },
});
const file = `${root}docs/validation.md`;
writeFileSync(file, module.renderRuleSections(readFileSync(file, 'utf8')));
// Align the tables as `pnpm lint` expects them.
execFileSync(`${root}node_modules/.bin/biome`, ['format', '--write', file], { stdio: 'inherit' });
console.log(`wrote ${file}`);
