/**
 * @ocispec/validate: the best validator of OCI runtime specs we could write (schema with 64-bit ranges, every
 * runtime-tools check without its bugs, and many checks no tool makes), a security linter (Pod Security Standards
 * baseline/restricted and runc CVE rules), and a pipeline plugin.
 */
export type { HostCheckOptions } from './checks/host.js';
export { splitRdev } from './checks/host.js';
export type {
  LintFinding,
  LintOptions,
  LintProfile,
  LintResult,
  LintRuleId,
  LintRuleInfo,
  LintSeverity,
  SuppressedFinding,
  Suppression,
} from './lint.js';
export { lintRules, lintSpec } from './lint.js';
export type { ValidatePluginOptions } from './plugin.js';
export { validatePlugin } from './plugin.js';
export type { RuleInfo, ValidationRuleId } from './rules.js';
export { validationRules } from './rules.js';
export { checkSchema } from './schema.js';
export type { ValidateOptions } from './validate.js';
export { validateInto, validateSpec } from './validate.js';
