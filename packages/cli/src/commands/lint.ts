import { didYouMean } from '@ocispec/core/internal';
import { booleanFlag, defineCommand, listFlag, stringFlag } from '../command.js';
import { keyValueParser, maxInputSizeFlag } from '../flags.js';
import { maxInputBytes } from '../input-flags.js';
import { UsageError } from '../io.js';
import { readSpecJson } from '../spec-input.js';

export default defineCommand({
  name: 'lint',
  summary: 'security lint of a spec file (Pod Security Standards, runc CVEs)',
  description: `Security lint of a spec file: Pod Security Standards baseline (default) or restricted, plus runc CVE
rules. --host-specific also compares with this host (joined namespaces by inode with PID 1's and this process's,
bind sources' symlinks resolved). One finding a line: pointer: rule: message (severity). --suppress RULE=REASON
reports a rule's findings as suppressed (an unknown rule is a usage error). Exit 0 clean, 1 findings left after
suppression.`,
  arguments: [
    { name: 'FILE', description: 'the spec file, or - for standard input', required: true, complete: 'file' },
  ],
  flags: [
    {
      flags: '--profile <PROFILE>',
      description: 'baseline (default) or restricted',
      choices: ['baseline', 'restricted'],
    },
    {
      flags: '--suppress <RULE=REASON>',
      description: "report RULE's findings as suppressed, with the reason",
      repeatable: true,
      parse: keyValueParser('RULE=REASON'),
    },
    {
      flags: '--host-specific',
      description:
        "also compare with this host: joined namespaces by inode (PID 1's, this process's), bind sources resolved",
    },
    { flags: '--json', description: 'print {file, ok, findings, suppressed}' },
    maxInputSizeFlag,
  ],
  async run({ io, args, flags }) {
    const { lintRules, lintSpec } = await import('@ocispec/validate');
    const profile = (stringFlag(flags, 'profile') ?? 'baseline') as 'baseline' | 'restricted';
    const suppress = listFlag<readonly [string, string]>(flags, 'suppress').map(([rule, reason]) => {
      // Own properties only: `constructor` or `__proto__` is no rule.
      if (!Object.hasOwn(lintRules, rule)) {
        throw new UsageError(
          `lint: --suppress: unknown rule ${JSON.stringify(rule)}${didYouMean(rule, Object.keys(lintRules))}`,
        );
      }
      if (reason.trim() === '') throw new UsageError(`lint: --suppress ${rule}: give a reason (RULE=REASON)`);
      return { rule, reason };
    });
    const { value, path } = await readSpecJson(args[0]!, io, maxInputBytes(flags));
    const result = lintSpec(value, { profile, suppress, hostSpecific: booleanFlag(flags, 'host-specific') });
    if (booleanFlag(flags, 'json')) {
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
  },
});
