import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/index.js';

describe('ocispec lint --host-specific', () => {
  it("compares a joined namespace by inode with PID 1's and its own: this process's network namespace is the host's", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ocispec-lint-host-'));
    const joined = `/proc/${process.pid}/ns/net`;
    // The premise: the path names this process's own network namespace.
    expect(statSync(joined).ino).toBe(statSync('/proc/self/ns/net').ino);
    writeFileSync(
      path.join(dir, 'spec.json'),
      JSON.stringify({
        ociVersion: '1.3.0',
        process: { user: { uid: 0, gid: 0 }, args: ['sh'], cwd: '/' },
        root: { path: 'rootfs' },
        linux: {
          namespaces: [
            { type: 'pid' },
            { type: 'ipc' },
            { type: 'mount' },
            { type: 'network', path: joined },
          ],
        },
      }),
    );
    const plain = await runCli(['lint', 'spec.json'], { cwd: dir });
    expect(plain.stdout).not.toContain('host-network-namespace');
    const onHost = await runCli(['lint', 'spec.json', '--host-specific'], { cwd: dir });
    expect(onHost.code).toBe(1);
    expect(onHost.stdout).toContain(
      `/linux/namespaces/3/path: host-network-namespace: joins the host's network namespace (${joined})`,
    );
  });
});
