import { dirname, resolve } from 'node:path';
import type { Finding } from '@ocispec/core';
import { formatFinding, JsonSyntaxError, OcispecError, parseJsonBytes } from '@ocispec/core';
import { readFileChecked } from '@ocispec/core/internal';
import { validateSpec } from '@ocispec/validate';
import { parseCommandArgs } from '../args.js';
import type { CliIO } from '../io.js';
import { UsageError } from '../io.js';

export const validateUsage = `ocispec validate FILE|- [--platform P] [--host-specific] [--cgroup-driver cgroupfs|systemd] [--json]
  Validates a spec file (config.json): schema, semantic and (--host-specific) host checks; reports every finding,
  one a line: pointer: rule: message. Default platform linux/amd64. Exit 0 valid (warnings allowed), 1 invalid.`;

/** Reads spec JSON losslessly (a file, or standard input for `-`), without checking it. */
export async function readSpecJson(file: string, io: CliIO): Promise<{ value: unknown; path: string }> {
  const path = file === '-' ? '<stdin>' : resolve(io.cwd, file);
  const bytes = file === '-' ? await io.stdin() : readFileChecked(path);
  try {
    return { value: parseJsonBytes(bytes, { source: path }), path };
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      throw new OcispecError('INVALID_JSON', error.message, { file: path, cause: error });
    }
    throw error;
  }
}

function line(finding: Finding): string {
  return `${formatFinding(finding)}${finding.severity === 'warning' ? ' (warning)' : ''}\n`;
}

/** `ocispec validate`: every finding about a spec file; exit 1 when there is an error. */
export async function validateCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs('validate', argv, {
    platform: { type: 'string' },
    'host-specific': { type: 'boolean' },
    'cgroup-driver': { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length !== 1) throw new UsageError('validate: expected one FILE (or - for standard input)');
  const driver = values['cgroup-driver'];
  if (driver !== undefined && driver !== 'cgroupfs' && driver !== 'systemd') {
    throw new UsageError('validate: --cgroup-driver must be cgroupfs or systemd');
  }
  const { value, path } = await readSpecJson(positionals[0]!, io);
  const report = validateSpec(value, {
    platform: (values.platform as string | undefined) ?? 'linux/amd64',
    hostSpecific: values['host-specific'] === true,
    bundle: positionals[0] === '-' ? io.cwd : dirname(path),
    ...(driver === undefined ? {} : { cgroupDriver: driver }),
  });
  if (values.json === true) {
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
}
