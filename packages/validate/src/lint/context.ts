/** What every lint check gets: where to report, the profile, and (with `hostSpecific`) the host. */
import type { HostAccess } from '@ocispec/core';
import type { LintRuleId } from '../lint.js';

export type Add = (rule: LintRuleId, pointer: string, message: string) => void;

export interface LintContext {
  readonly add: Add;
  /** The `restricted` profile (PSS restricted rules on top of baseline). */
  readonly restricted: boolean;
  /** The host, for the host-specific checks (`hostSpecific: true`); `undefined` otherwise. */
  readonly host: HostAccess | undefined;
}
