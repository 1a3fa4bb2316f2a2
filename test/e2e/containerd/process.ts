/** Running the host's tools (ctr, tar, runc) with a deadline, and polling with one. */
import { spawn } from 'node:child_process';

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `command` and resolves with its output when it exits 0; rejects naming the command, its exit status and
 * its stderr otherwise, or when it outlives `timeoutMs` (it is then killed).
 */
export function run(
  command: string,
  args: readonly string[],
  options: { readonly timeoutMs: number },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')}: no exit within ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${command}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve({ stdout, stderr });
      else {
        const why = signal === null ? `exit ${code}` : `signal ${signal}`;
        reject(new Error(`${command} ${args.join(' ')}: ${why}: ${oneLine(stderr) || oneLine(stdout)}`));
      }
    });
  });
}

/**
 * Calls `probe` until it returns a value other than `undefined`, every `intervalMs`, and rejects with `what` and
 * the probe's last error once `timeoutMs` has passed.
 */
export async function poll<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  options: { readonly timeoutMs: number; readonly intervalMs?: number },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() >= deadline) {
      const reason = last instanceof Error ? `: ${last.message}` : '';
      throw new Error(`${what}: not after ${options.timeoutMs} ms${reason}`);
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 10));
  }
}

/** Text as one line (`a | b`), for error messages. */
export function oneLine(text: string): string {
  return text.trim().split('\n').join(' | ');
}
