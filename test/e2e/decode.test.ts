/**
 * What runc reads is what ocispec reads: a config.json whose `process` looks safe (uid 1000, no capabilities),
 * followed by a second `process`, a `Process` or a `proceſs` that sets uid 0 and CAP_SYS_ADMIN. runc (Go's
 * encoding/json) merges them; `ocispec lint` must flag the text, and ocispec's decoded view must be what the
 * container reports from inside.
 */
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCli } from '@ocispec/cli';
import { decodeSpec } from '@ocispec/core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { capMask, cleanup, runContainer, statusFields, teardown } from './harness.js';

afterEach(cleanup);
afterAll(teardown);

/** The second process: root, with CAP_SYS_ADMIN in every set runc applies. */
const ROOT_WITH_SYS_ADMIN =
  '{"user":{"uid":0,"gid":0},"capabilities":{"bounding":["CAP_SYS_ADMIN"],"effective":["CAP_SYS_ADMIN"],"permitted":["CAP_SYS_ADMIN"]}}';

/** Appends `"<key>": <value>` as the last member of the config's top-level object. */
function appendMember(text: string, key: string, value: string): string {
  const end = text.lastIndexOf('}');
  return `${text.slice(0, end).trimEnd()},\n    ${JSON.stringify(key)}: ${value}\n}\n`;
}

/** `ocispec lint FILE --profile restricted --json` over the bytes runc read. */
async function lintRestricted(
  bytes: Uint8Array,
): Promise<{ code: number; rules: Set<string>; pointers: string[] }> {
  const dir = fs.mkdtempSync(path.join(tmpdir(), 'ocispec-e2e-lint-'));
  try {
    const file = path.join(dir, 'config.json');
    fs.writeFileSync(file, bytes);
    const run = await runCli(['lint', file, '--profile', 'restricted', '--json']);
    const result = JSON.parse(run.stdout) as { findings: { rule: string; pointer: string }[] };
    return {
      code: run.code,
      rules: new Set(result.findings.map((f) => f.rule)),
      pointers: result.findings.filter((f) => f.rule === 'ambiguous-json').map((f) => f.pointer),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('runc reads a repeated or case-folded process as ocispec decodes it', { timeout: 120_000 }, () => {
  it.each(['process', 'Process', 'proce\u017fs'])(
    'a safe process, then %s with uid 0 and CAP_SYS_ADMIN',
    async (key) => {
      const run = await runContainer({
        opts: [['withUIDGID', 1000, 1000], ['withCapabilities', []], ['withNoNewPrivileges']],
        script: 'cat /proc/self/status; echo "cwd=$(pwd)"',
        rewriteConfig: (text) => appendMember(text, key, ROOT_WITH_SYS_ADMIN),
      });
      expect(run.stderr, `runc stderr of ${run.id}`).toBe('');
      expect(run.code, `exit code of ${run.id}; stdout: ${run.stdout}`).toBe(0);

      // ocispec's view of the text runc read: the two objects merged, as Go merges them.
      const decoded = decodeSpec(run.configBytes);
      expect(decoded.problems).toEqual([]);
      const process = decoded.value.process!;
      const user = process.user!;
      expect(user.uid).toBe(0);
      expect(process.capabilities?.effective).toEqual(['CAP_SYS_ADMIN']);
      expect(process.noNewPrivileges).toBe(true); // from the first object: merged, not replaced
      expect(decoded.ambiguities.map((a) => [a.kind, a.pointer])).toEqual([
        [key === 'process' ? 'duplicate' : 'fold', '/process'],
      ]);

      // runc's view, from inside the container: the same uid, gid, capabilities and working directory.
      const status = statusFields(run.stdout);
      expect(status.get('Uid')?.split(/\s+/)[0]).toBe(String(user.uid));
      expect(status.get('Gid')?.split(/\s+/)[0]).toBe(String(user.gid));
      expect(BigInt(`0x${status.get('CapEff')}`)).toBe(capMask(process.capabilities!.effective!));
      expect(BigInt(`0x${status.get('CapPrm')}`)).toBe(capMask(process.capabilities!.permitted!));
      expect(BigInt(`0x${status.get('CapBnd')}`)).toBe(capMask(process.capabilities!.bounding!));
      expect(run.stdout).toContain(`cwd=${process.cwd}\n`);

      // lint sees what runc runs, and says the text is ambiguous.
      const lint = await lintRestricted(run.configBytes);
      expect(lint.code).toBe(1);
      expect(lint.pointers).toEqual(['/process']);
      for (const rule of ['ambiguous-json', 'privileged', 'run-as-root']) expect(lint.rules).toContain(rule);
    },
  );

  it('a lone proceſs (no canonical key) is the process runc runs', async () => {
    const run = await runContainer({
      opts: [['withUIDGID', 1000, 1000]],
      script: 'cat /proc/self/status',
      rewriteConfig: (text) => text.replace('"process":', '"proce\u017fs":'),
    });
    expect(run.code, `exit code of ${run.id}; stderr: ${run.stderr}`).toBe(0);
    const decoded = decodeSpec(run.configBytes);
    expect(decoded.ambiguities.map((a) => [a.kind, a.pointer])).toEqual([['spelling', '/process']]);
    expect(statusFields(run.stdout).get('Uid')?.split(/\s+/)[0]).toBe(
      String(decoded.value.process!.user!.uid),
    );
    expect(decoded.value.process!.user!.uid).toBe(1000);
    const lint = await lintRestricted(run.configBytes);
    expect(lint.pointers).toEqual(['/process']);
  });
});
