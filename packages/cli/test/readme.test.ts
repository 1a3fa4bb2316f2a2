/** The README's examples, run as written (the test fails when the README and the code drift apart). */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { corePlugin, Pipeline, parseJson, printSpec, withEnv, withHostname } from '@ocispec/core';
import { linuxPlugin, withAddedCapabilities, withNamespacedCgroup } from '@ocispec/linux';
import { repoPath } from '@ocispec/test-fixtures';
import { windowsPlugin } from '@ocispec/windows';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/index.js';

const readme = readFileSync(repoPath('README.md'), 'utf8');

function block(lang: string, index: number): string {
  const blocks = [...readme.matchAll(new RegExp(`\`\`\`${lang}(?: [^\\n]*)?\\n([\\s\\S]*?)\`\`\``, 'g'))].map(
    (m) => m[1]!,
  );
  return blocks[index]!;
}

describe('README', () => {
  it('the code example composes what it says', async () => {
    const code = block('ts', 0).replace(/\s+/g, ' ');
    expect(code).toContain(
      "opts: [ withNamespacedCgroup(), withHostname('web'), withEnv(['A=1']), withAddedCapabilities(['CAP_NET_ADMIN']), ]",
    );
    const pipeline = new Pipeline({ plugins: [corePlugin(), linuxPlugin(), windowsPlugin()] });
    const { spec } = await pipeline.compose({
      platform: 'linux/amd64',
      namespace: 'k8s.io',
      id: 'web-1',
      opts: [
        withNamespacedCgroup(),
        withHostname('web'),
        withEnv(['A=1']),
        withAddedCapabilities(['CAP_NET_ADMIN']),
      ],
    });
    const printed = printSpec(spec, { indent: 4 });
    expect(printed).toContain('"hostname": "web"');
    expect(spec.linux?.cgroupsPath).toBe('/k8s.io/web-1');
    expect(spec.process?.capabilities?.bounding).toContain('CAP_NET_ADMIN');
  });

  it('the pipeline file and the plugin work through ocispec generate', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ocispec-readme-'));
    writeFileSync(path.join(dir, 'web.json'), block('json', 0));
    writeFileSync(path.join(dir, 'team-plugin.mjs'), block('js', 0));
    expect(readme).toContain('pnpm --silent ocispec generate web.json --allow-plugins');
    const refused = await runCli(['generate', 'web.json'], { cwd: dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('run with --allow-plugins');
    const { code, stdout, stderr } = await runCli(['generate', 'web.json', '--allow-plugins'], { cwd: dir });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const spec = parseJson(stdout) as {
      hostname: string;
      annotations: Record<string, string>;
      linux: { cgroupsPath: string };
    };
    expect(spec.hostname).toBe('web');
    expect(spec.annotations['example.com/team']).toBe('infra');
    expect(spec.linux.cgroupsPath).toBe('/k8s.io/web-1');
  });
});
