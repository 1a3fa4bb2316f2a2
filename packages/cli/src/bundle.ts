/**
 * The entry of the CLI bundle (`dist/ocispec.cjs`, everything bundled into one file that `dist/bin.cjs` loads
 * through V8's code cache): the process wiring of `bin.ts`, and `warm()`, which the build runs once to record the
 * code cache of what `spec` and `generate` execute.
 */
import type { ModuleImporter } from '@ocispec/core';
import { main } from './main.js';
import { runCli } from './run.js';

export { main };

/** Runs the commands whose start-up matters, in-process and silently (their compiled code goes into the cache). */
export async function warm(): Promise<void> {
  await runCli(['spec']);
  await runCli(['spec', '--hostname', 'web', '--env', 'A=1', '--memory', '64m', '--', 'sh', '-c', 'true']);
  const pipeline = JSON.stringify({
    opts: [['withHostname', 'web'], ['withEnv', ['A=1']], ['withNamespacedCgroup']],
  });
  await runCli(['generate', '-'], { stdin: pipeline });
  await runCli(['generate', '-', '--indent', '0'], { stdin: `[${pipeline},${pipeline}]` });
}

/**
 * Runs the process (`bin.ts`). `importModule` is the launcher's `import()`: code compiled from V8's code cache
 * loses its own (Node then throws "A dynamic import callback was not specified"), so plugins are imported
 * through the launcher's.
 */
export async function start(importModule: ModuleImporter): Promise<void> {
  const { runProcess } = await import('./bin.js');
  await runProcess(importModule);
}
