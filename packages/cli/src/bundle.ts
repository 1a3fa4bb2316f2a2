/**
 * The entry of the CLI bundle (`dist/ocispec.cjs`, everything bundled into one file that `dist/bin.cjs` loads
 * through V8's code cache): the process wiring of `bin.ts`, and `warm()`, which the build runs once to record the
 * code cache of what `spec` and `generate` execute.
 */
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

/** Runs `bin.ts` (the process). */
export function start(): Promise<unknown> {
  return import('./bin.js');
}
