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
import { defineOpt, definePlugin, ensureProcess, z } from '@ocispec/core';

/** The annotations this plugin reads and writes. */
export const TEAM = 'example.com/team';
export const OWNERS = 'example.com/owners';
export const COST_CENTER = 'example.com/cost-center';
export const POLICY = 'example.com/policy';
export const ROOT_APPROVED = 'example.com/root-approved';

/** The policy's `afterApply` stage: after the default stage (0) of every other tap, so its settings stick. */
export const POLICY_STAGE = 100;

/** Sets `annotations["example.com/team"]` and, given owners, `annotations["example.com/owners"]` (comma-joined). */
export const withTeamDefinition = defineOpt({
  name: 'withTeam',
  args: z.tuple([z.string().regex(/^[a-z][a-z0-9-]*$/, 'a lower-case team name')], z.string()),
  factory:
    (team, ...owners) =>
    (spec) => {
      spec.annotations = {
        ...spec.annotations,
        [TEAM]: team,
        ...(owners.length > 0 ? { [OWNERS]: owners.join(',') } : {}),
      };
    },
  doc: 'Sets the example.com/team annotation (and example.com/owners when owners are given).',
});

/** Sets `annotations["example.com/cost-center"]`; a code is four digits. */
export const withCostCenterDefinition = defineOpt({
  name: 'withCostCenter',
  args: z.tuple([z.string().regex(/^\d{4}$/, 'four digits')]),
  factory: (code) => (spec) => {
    spec.annotations = { ...spec.annotations, [COST_CENTER]: code };
  },
  doc: 'Sets the example.com/cost-center annotation (four digits).',
});

/** The plugin's settings. */
export interface TeamPolicyOptions {
  /** The policy version stamped into `annotations["example.com/policy"]`. Default `1`. */
  readonly version?: number;
}

/** The team policy plugin (a factory: each call makes a plugin with its own settings). */
export const teamPolicy = definePlugin((options: TeamPolicyOptions = {}) => ({
  name: 'team-policy',
  options: [withTeamDefinition, withCostCenterDefinition],
  apply(pipeline) {
    pipeline.hooks.afterApply.tap({ name: 'team-policy', stage: POLICY_STAGE }, (spec) => {
      ensureProcess(spec).noNewPrivileges = true;
      spec.annotations = { ...spec.annotations, [POLICY]: `team-policy@${options.version ?? 1}` };
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
