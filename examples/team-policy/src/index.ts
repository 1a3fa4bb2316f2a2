/**
 * team-policy: an example third-party plugin for ocispec, written the way any team would write one against
 * `@ocispec/core`'s public API only.
 *
 * - Options: `withTeam(team, ...owners)` and `withCostCenter(code)` write annotations.
 * - `afterApply` (stage {@link POLICY_STAGE}, so after every plugin tapping at the default stage 0): enforces
 *   `process.noNewPrivileges` and stamps the policy version, whatever the options did.
 * - `validate`: a spec without a team is an error; a container running as root without an approval annotation
 *   gets a warning.
 *
 * Use it from a pipeline file with `"plugins": ["@ocispec-examples/team-policy"]` (or a path to its built module),
 * or in code with `new Pipeline({ plugins: [..., teamPolicy()] })`.
 */
import type { OptionTypesOf } from '@ocispec/core';
import { assignEntries, defineOpt, definePlugin, ensureProcess } from '@ocispec/core';
import { z } from 'zod';

/** The annotations this plugin reads and writes. */
export const TEAM = 'example.com/team';
export const OWNERS = 'example.com/owners';
export const COST_CENTER = 'example.com/cost-center';
export const POLICY = 'example.com/policy';
export const ROOT_APPROVED = 'example.com/root-approved';

/** The policy's `afterApply` stage: after the default stage (0) of every other tap, so its settings stick. */
export const POLICY_STAGE = 100;

/**
 * Sets the `example.com/team` annotation, and `example.com/owners` (comma-joined) when owners are given. Creates
 * the annotations map; other annotations are kept. A team name is lower-case (`infra`, `web-2`).
 */
export const withTeam = defineOpt({
  name: 'withTeam',
  args: z.tuple([z.string().regex(/^[a-z][a-z0-9-]*$/, 'a lower-case team name')], z.string()),
  doc: 'Sets the `example.com/team` annotation, and `example.com/owners` (comma-joined) when owners are given.',
  apply(spec, _ctx, team, ...owners) {
    assignEntries(
      spec,
      'annotations',
      owners.length > 0 ? { [TEAM]: team, [OWNERS]: owners.join(',') } : { [TEAM]: team },
    );
  },
});

/** Sets the `example.com/cost-center` annotation; a code is four digits. Creates the annotations map. */
export const withCostCenter = defineOpt({
  name: 'withCostCenter',
  args: z.tuple([z.string().regex(/^\d{4}$/, 'four digits')]),
  doc: 'Sets the `example.com/cost-center` annotation; a code is four digits.',
  apply(spec, _ctx, code) {
    assignEntries(spec, 'annotations', { [COST_CENTER]: code });
  },
});

/** The plugin's options. */
export const teamOptions = [withTeam, withCostCenter] as const;

declare module '@ocispec/core' {
  /** `["withTeam", "infra"]` and `["withCostCenter", "4711"]` are typed calls wherever this module is imported. */
  interface OptionTypes extends OptionTypesOf<typeof teamOptions> {}
}

/** The plugin's settings. */
export interface TeamPolicyOptions {
  /** The policy version stamped into `annotations["example.com/policy"]`. Default `1`. */
  readonly version?: number;
}

/** The team policy plugin (a factory: each call makes a plugin with its own settings). */
export const teamPolicy = definePlugin((options: TeamPolicyOptions = {}) => ({
  name: 'team-policy',
  // The @ocispec/core versions this plugin works with (as its peerDependency says): checked when it is applied.
  core: '^0.1',
  options: teamOptions,
  apply(pipeline) {
    pipeline.hooks.afterApply.tap({ name: 'team-policy', stage: POLICY_STAGE }, (spec) => {
      ensureProcess(spec).noNewPrivileges = true;
      assignEntries(spec, 'annotations', { [POLICY]: `team-policy@${options.version ?? 1}` });
    });
    pipeline.hooks.validate.tap('team-policy', (spec, report) => {
      if (spec.annotations?.[TEAM] === undefined) {
        report.error(
          '/annotations',
          'team-policy/team',
          `every container needs a team: add ["withTeam", "<team>"]`,
        );
      }
      if ((spec.process?.user?.uid ?? 0) === 0 && spec.annotations?.[ROOT_APPROVED] !== 'true') {
        report.warning('/process/user/uid', 'team-policy/root', `runs as root without ${ROOT_APPROVED}`);
      }
    });
  },
}));

/** The default export a pipeline file's `plugins` loads: the policy with its default settings. */
export default teamPolicy();
