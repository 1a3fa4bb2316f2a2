import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PipelineDefinition, Plugin } from '@ocispec/core';
import { corePlugin, Pipeline, PipelineRunner, parseJson, tracePlugin } from '@ocispec/core';
import { describe, expect, it } from 'vitest';
import teamPolicyDefault, { COST_CENTER, OWNERS, POLICY, TEAM, teamPolicy } from '../src/index.js';

const pipelines = path.join(path.dirname(fileURLToPath(import.meta.url)), '../pipelines');
const base = { ociVersion: '1.2.0', process: { user: { uid: 1000, gid: 1000 }, cwd: '/' } };

describe('team-policy options', () => {
  it('registers withTeam and withCostCenter under the plugin name', async () => {
    const pipeline = new Pipeline({ plugins: [teamPolicy()] });
    expect(pipeline.registry.get('withTeam')?.plugin).toBe('team-policy');
    expect(pipeline.registry.get('withCostCenter')?.plugin).toBe('team-policy');
    const { spec } = await pipeline.compose({
      base,
      opts: [
        ['withTeam', 'infra', 'ann', 'bo'],
        ['withCostCenter', '4711'],
      ],
    });
    expect(spec.annotations).toEqual({
      [TEAM]: 'infra',
      [OWNERS]: 'ann,bo',
      [COST_CENTER]: '4711',
      [POLICY]: 'team-policy@1',
    });
  });

  it('rejects bad arguments before anything runs, naming the option and the plugin', async () => {
    const pipeline = new Pipeline({ plugins: [teamPolicy()] });
    await expect(pipeline.compose({ base, opts: [['withTeam', 'Infra']] })).rejects.toMatchObject({
      code: 'BAD_ARGUMENT',
      message: 'option 0 (withTeam): argument 1: a lower-case team name',
      plugin: 'team-policy',
    });
    await expect(pipeline.compose({ base, opts: [['withCostCenter', '47']] })).rejects.toThrow(
      'option 0 (withCostCenter): argument 1: four digits',
    );
  });
});

describe('team-policy afterApply', () => {
  it('runs last (stage 100): a plugin tapping later at the default stage cannot undo it', async () => {
    const loosen: Plugin = {
      name: 'loosen',
      apply(pipeline) {
        pipeline.hooks.afterApply.tap('loosen', (spec) => {
          if (spec.process) spec.process.noNewPrivileges = false;
        });
      },
    };
    const { spec } = await new Pipeline({ plugins: [teamPolicy({ version: 2 }), loosen] }).compose({
      base,
      opts: [['withTeam', 'infra']],
    });
    expect(spec.process?.noNewPrivileges).toBe(true);
    expect(spec.annotations?.[POLICY]).toBe('team-policy@2');
  });
});

describe('team-policy validate', () => {
  it('reports a missing team as an error and root without approval as a warning', async () => {
    const { report } = await new Pipeline({ plugins: [teamPolicy()] }).compose({ base: {} });
    expect(report.errors).toEqual([
      expect.objectContaining({ pointer: '/annotations', rule: 'team-policy/team' }),
    ]);
    expect(report.warnings).toEqual([
      expect.objectContaining({ pointer: '/process/user/uid', rule: 'team-policy/root' }),
    ]);
    await expect(
      new Pipeline({ plugins: [teamPolicy()] }).compose({ base: {}, validate: true }),
    ).rejects.toMatchObject({ code: 'BAD_SPEC' });
  });

  it('passes a spec with a team, run as a non-root user', async () => {
    const { report } = await new Pipeline({ plugins: [teamPolicy()] }).compose({
      base,
      opts: [['withTeam', 'infra']],
    });
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
  });
});

describe('team-policy from a pipeline file', () => {
  it('is loaded through "plugins", and provenance attributes its fields to it', async () => {
    const trace = tracePlugin();
    // The pipeline file names the plugin: importing it is the caller's consent (allowPlugins).
    const runner = new PipelineRunner({ plugins: [corePlugin(), trace], validate: true, allowPlugins: true });
    // web.json names the built module (../dist/index.js, for the CLI); here the source stands in for it.
    const file = parseJson(readFileSync(path.join(pipelines, 'web.json'), 'utf8')) as PipelineDefinition;
    expect(file.plugins).toEqual(['../dist/index.js']);
    const { spec } = await runner.run({ ...file, plugins: ['../src/index.ts'] }, pipelines, 'web.json');
    expect(spec.hostname).toBe('web');
    expect(spec.annotations?.[TEAM]).toBe('infra');
    expect(spec.process?.noNewPrivileges).toBe(true);
    const fields = trace.provenance(spec)?.fields ?? [];
    const at = (pointer: string) => fields.find((f) => f.pointer === pointer);
    expect(at('/annotations/example.com~1team')?.setBy).toEqual({
      kind: 'option',
      option: 'withTeam',
      index: 1,
      plugin: 'team-policy',
    });
    expect(at('/process/noNewPrivileges')).toMatchObject({
      value: true,
      setBy: { kind: 'hook', hook: 'afterApply', plugin: 'team-policy' },
      overwrote: [{ value: false, setBy: { kind: 'base' } }],
    });
  });

  it('has a default export that is a plugin', () => {
    expect(teamPolicyDefault).toMatchObject({ name: 'team-policy' });
    expect(typeof teamPolicyDefault.apply).toBe('function');
  });
});
