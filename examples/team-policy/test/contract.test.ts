/** The plugin contract, checked with @ocispec/testing as any plugin author would (one line per concern). */
import { linuxPlugin } from '@ocispec/linux';
import {
  checkPluginContract,
  composeWith,
  expectAt,
  expectComposeError,
  expectFinding,
  expectOnlyChanged,
} from '@ocispec/testing';
import { describe, expect, it } from 'vitest';
import { COST_CENTER, POLICY, TEAM, teamPolicy, withCostCenter, withTeam } from '../src/index.js';

const base = { ociVersion: '1.2.0', process: { user: { uid: 1000, gid: 1000 }, cwd: '/' } };

describe('team-policy with @ocispec/testing', () => {
  it('keeps the plugin contract', async () => {
    const summary = await checkPluginContract(teamPolicy(), {
      calls: [
        ['withTeam', 'infra', 'ann'],
        ['withCostCenter', '4711'],
      ],
      idempotent: ['withTeam', 'withCostCenter'],
    });
    expect(summary.options).toEqual(['withTeam', 'withCostCenter']);
    // The schema check generated arguments each schema accepted (so it proved something for both options).
    expect(summary.accepted.withTeam).toBeGreaterThan(0);
    expect(summary.accepted.withCostCenter).toBeGreaterThan(0);
  });

  it('changes only the annotations and noNewPrivileges', async () => {
    const { spec } = await composeWith([linuxPlugin(), teamPolicy()], {
      base,
      opts: [withTeam('infra'), withCostCenter('4711')],
    });
    expectAt(spec, `/annotations/${TEAM.replace('/', '~1')}`, 'infra');
    expectAt(spec, `/annotations/${COST_CENTER.replace('/', '~1')}`, '4711');
    expectAt(spec, `/annotations/${POLICY.replace('/', '~1')}`, 'team-policy@1');
    expectOnlyChanged(base, spec, ['/annotations', '/process/noNewPrivileges']);
  });

  it('reports a missing team', async () => {
    const { report } = await composeWith(teamPolicy(), { base });
    expectFinding(report, { severity: 'error', pointer: '/annotations', rule: 'team-policy/team' });
  });

  it('refuses a bad team name before anything runs', async () => {
    await expectComposeError(
      teamPolicy(),
      { base, opts: [['withTeam', 'Infra']] },
      { code: 'BAD_ARGUMENT', option: 'withTeam', message: /a lower-case team name/ },
    );
  });
});
