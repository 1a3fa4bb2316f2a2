import type { Suppression } from '@ocispec/validate';
import { lintSpec } from '@ocispec/validate';
import { parseCommandArgs } from '../args.js';
import type { CliIO } from '../io.js';
import { UsageError } from '../io.js';
import { readSpecJson } from './validate.js';

export const lintUsage = `ocispec lint FILE|- [--profile baseline|restricted] [--suppress RULE=REASON]... [--host-specific] [--json]
  Security lint of a spec file: Pod Security Standards baseline (default) or restricted, plus runc CVE rules.
  --host-specific also compares with this host (joined namespaces by inode with PID 1's, bind sources' symlinks).
  One finding a line: pointer: rule: message (severity). Exit 0 clean, 1 findings left after suppression.`;

/** `ocispec lint`: security findings about a spec file. */
export async function lintCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('lint', argv, {
    profile: { type: 'string' },
    suppress: { type: 'string', multiple: true },
    'host-specific': { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (positionals.length !== 1) throw new UsageError('lint: expected one FILE (or - for standard input)');
  const profile = (values.profile as string | undefined) ?? 'baseline';
  if (profile !== 'baseline' && profile !== 'restricted')
    throw new UsageError('lint: --profile must be baseline or restricted');
  const suppress: Suppression[] = ((values.suppress as string[] | undefined) ?? []).map((entry) => {
    const eq = entry.indexOf('=');
    if (eq <= 0 || entry.slice(eq + 1).trim() === '')
      throw new UsageError(`lint: --suppress ${entry}: expected RULE=REASON`);
    return { rule: entry.slice(0, eq), reason: entry.slice(eq + 1) };
  });
  const { value, path } = await readSpecJson(positionals[0]!, io);
  const result = lintSpec(value, { profile, suppress, hostSpecific: values['host-specific'] === true });
  if (values.json === true) {
    io.stdout(`${JSON.stringify({ file: path, ...result }, null, 2)}\n`);
  } else {
    for (const f of result.findings)
      io.stdout(`${f.pointer === '' ? '/' : f.pointer}: ${f.rule}: ${f.message} (${f.severity})\n`);
    for (const f of result.suppressed)
      io.stderr(`suppressed: ${f.pointer === '' ? '/' : f.pointer}: ${f.rule}: ${f.reason}\n`);
    io.stderr(
      `${path}: ${result.findings.length} findings (${profile}), ${result.suppressed.length} suppressed\n`,
    );
  }
  return result.ok ? 0 : 1;
}
