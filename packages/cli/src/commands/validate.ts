import { dirname } from 'node:path';
import type { Finding } from '@ocispec/core';
import { formatFinding } from '@ocispec/core';
import { booleanFlag, defineCommand, stringFlag } from '../command.js';
import { nonEmpty } from '../flags.js';
import { readSpecJson } from '../spec-input.js';

function line(finding: Finding): string {
  return `${formatFinding(finding)}${finding.severity === 'warning' ? ' (warning)' : ''}\n`;
}

export default defineCommand({
  name: 'validate',
  summary: 'validate a spec file (config.json)',
  description: `Validates a spec file: schema, semantic and (--host-specific) host checks; reports every finding,
one a line: pointer: rule: message. Default platform linux/amd64. Exit 0 valid (warnings allowed), 1 invalid.`,
  arguments: [
    { name: 'FILE', description: 'the spec file, or - for standard input', required: true, complete: 'file' },
  ],
  flags: [
    {
      flags: '--platform <PLATFORM>',
      description: 'the platform the spec is for (default linux/amd64)',
      parse: nonEmpty,
    },
    { flags: '--host-specific', description: 'also check against this host (devices, paths, capabilities)' },
    {
      flags: '--cgroup-driver <DRIVER>',
      description: 'the cgroup driver cgroupsPath is for',
      choices: ['cgroupfs', 'systemd'],
    },
    { flags: '--json', description: 'print {file, valid, errors, warnings, findings}' },
  ],
  async run({ io, args, flags }) {
    const { validateSpec } = await import('@ocispec/validate');
    const { value, path } = await readSpecJson(args[0]!, io);
    const driver = stringFlag(flags, 'cgroup-driver') as 'cgroupfs' | 'systemd' | undefined;
    const report = validateSpec(value, {
      platform: stringFlag(flags, 'platform') ?? 'linux/amd64',
      hostSpecific: booleanFlag(flags, 'host-specific'),
      bundle: args[0] === '-' ? io.cwd : dirname(path),
      ...(driver === undefined ? {} : { cgroupDriver: driver }),
    });
    if (booleanFlag(flags, 'json')) {
      const { findings } = report;
      io.stdout(
        `${JSON.stringify({ file: path, valid: report.ok, errors: report.errors.length, warnings: report.warnings.length, findings }, null, 2)}\n`,
      );
    } else {
      for (const finding of report.errors) io.stdout(line(finding));
      for (const finding of report.warnings) io.stdout(line(finding));
      io.stderr(
        `${path}: ${report.ok ? 'valid' : 'invalid'} (${report.errors.length} errors, ${report.warnings.length} warnings)\n`,
      );
    }
    return report.ok ? 0 : 1;
  },
});
