import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliRun } from '../src/index.js';
import { runCli } from '../src/index.js';

function run(argv: string[], cwd = process.cwd()): Promise<CliRun> {
  return runCli(argv, { cwd });
}

const dir = mkdtempSync(path.join(tmpdir(), 'ocispec-validate-'));
function write(name: string, text: string): string {
  writeFileSync(path.join(dir, name), text);
  return name;
}
const good = write(
  'good.json',
  '{"ociVersion":"1.3.0","process":{"user":{"uid":0,"gid":0},"args":["sh"],"cwd":"/","rlimits":[{"type":"RLIMIT_NOFILE","hard":18446744073709551615,"soft":18446744073709551615}]},"root":{"path":"rootfs"},"linux":{"namespaces":[{"type":"pid"},{"type":"ipc"},{"type":"mount"},{"type":"network"}],"maskedPaths":["/proc/kcore"],"readonlyPaths":["/proc/sys"]}}',
);
const bad = write(
  'bad.json',
  '{"ociVersion":"invalid","process":{"user":{"uid":-1,"gid":0},"args":["sh"],"cwd":"/proc/self/fd/7","capabilities":{"bounding":["CAP_CAP_SYS_ADMIN"]}},"root":{"path":"rootfs"},"hostnme":"x"}',
);

describe('ocispec validate', () => {
  it('exits 0 on a valid spec (64-bit values kept exact)', async () => {
    const r = await run(['validate', good], dir);
    expect(r).toMatchObject({ code: 0, stdout: '' });
    expect(r.stderr).toContain('good.json: valid (0 errors, 0 warnings)');
  });

  it('reports every finding, one a line (pointer: rule: message), and exits 1', async () => {
    const r = await run(['validate', bad], dir);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').filter((l) => l !== '')).toEqual([
      '/process/user/uid: int-range: expected uint32 (0..4294967295), got -1',
      '/ociVersion: oci-version-semver: "invalid" is not a SemVer version',
      '/process/capabilities/bounding/0: capability-unknown: unknown capability "CAP_CAP_SYS_ADMIN" (did you mean CAP_SYS_ADMIN?)',
      '/hostnme: unknown-field: unknown field, kept as is (containerd would drop it) (warning)',
    ]);
  });

  it('prints JSON with --json and takes a platform', async () => {
    const r = await run(['validate', bad, '--json', '--platform', 'windows/amd64'], dir);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { valid: boolean; findings: Array<{ rule: string }> };
    expect(out.valid).toBe(false);
    expect(out.findings.map((f) => f.rule)).toContain('windows-section-required');
  });

  it('fails with one line on bad JSON, and is a usage error without a file', async () => {
    const r = await run(['validate', write('broken.json', '{"ociVersion": ')], dir);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').filter((l) => l !== '')).toHaveLength(1);
    expect((await run(['validate'], dir)).code).toBe(2);
  });
});

describe('ocispec lint', () => {
  it('exits 0 on a clean spec and 1 with findings (pointer: rule: message (severity))', async () => {
    expect((await run(['lint', good, '--profile', 'baseline'], dir)).code).toBe(0);
    const r = await run(['lint', bad, '--profile', 'baseline'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      '/process/cwd: cwd-proc-fd: cwd "/proc/self/fd/7" is a file descriptor path (CVE-2024-21626) (critical)\n',
    );
  });

  it('restricted adds non-root, no-new-privileges and seccomp', async () => {
    const r = await run(['lint', good, '--profile', 'restricted', '--json'], dir);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { findings: Array<{ rule: string }> };
    expect(out.findings.map((f) => f.rule)).toEqual(['run-as-root', 'no-new-privileges', 'seccomp-missing']);
  });

  it('suppresses with a reason, and rejects a bad profile or a suppression without reason', async () => {
    const r = await run(
      [
        'lint',
        good,
        '--profile',
        'restricted',
        '--suppress',
        'run-as-root=init needs root',
        '--suppress',
        'no-new-privileges=legacy',
        '--suppress',
        'seccomp-missing=gVisor',
      ],
      dir,
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('suppressed: /process/user/uid: run-as-root: init needs root');
    expect((await run(['lint', good, '--profile', 'strict'], dir)).code).toBe(2);
    expect((await run(['lint', good, '--suppress', 'run-as-root'], dir)).code).toBe(2);
  });
});

describe('ocispec generate --validate', () => {
  it('refuses to print an invalid spec, and prints a valid one', async () => {
    const invalid = write('p-bad.json', JSON.stringify({ opts: [['withProcessCwd', 'relative']] }));
    const r = await run(['generate', invalid, '--validate'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('/process/cwd: cwd-absolute');
    expect((await run(['generate', invalid], dir)).code).toBe(0);
    const valid = write('p-good.json', JSON.stringify({ opts: [['withProcessArgs', 'sh']] }));
    const ok = await run(['generate', valid, '--validate'], dir);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('"ociVersion"');
  });
});
