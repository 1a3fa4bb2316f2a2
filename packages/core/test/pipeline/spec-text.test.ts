/**
 * Spec text read as Go reads it where ocispec reads specs from files: `parseSpec` (base files, diff inputs) and
 * inline bases of pipeline files. Repeated and case-folded keys decode as containerd decodes them and are
 * warnings (errors in strict mode); a value Go refuses fails naming the pointer.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  corePlugin,
  diffSpecs,
  PipelineRunner,
  parsePipelineFile,
  parseSpec,
  printSpec,
} from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'ocispec-spec-text-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bytes = (text: string) => new TextEncoder().encode(text);

describe('parseSpec', () => {
  it('returns what containerd reads, with a warning per ambiguity before the unknown fields', () => {
    const { spec, warnings } = parseSpec('{"process":{"cwd":"/"},"Process":{"cwd":"/x"},"x":1}', {
      source: 'b.json',
    });
    expect(spec).toEqual({ process: { cwd: '/x' }, x: 1 });
    expect(warnings.map((w) => [w.pointer, w.rule])).toEqual([
      ['/process', 'ambiguous-key'],
      ['/x', 'unknown-field'],
    ]);
  });

  it('refuses an ambiguity in strict mode, naming the keys', () => {
    expect(() => parseSpec('{"hostname":"a","hostname":"b"}', { source: 'b.json', strict: true })).toThrow(
      /^b\.json: \/hostname: key "hostname" appears 2 times in one object \(at \/hostname 1:2, \/hostname 1:17\): Go keeps the last; .* \(strict mode\)$/,
    );
  });

  it('fails on the first value Go refuses', () => {
    expect(() => parseSpec('{"process":{"user":{"uid":-0}}}', { source: 'b.json' })).toThrow(
      "b.json: /process/user/uid: expected uint32 (0..4294967295), got -0: Go's strconv.ParseUint takes no sign in an unsigned field",
    );
  });

  it('keeps unknown fields’ numbers as written, through printing and diffing', () => {
    const { spec } = parseSpec('{"x":[1e400,1.50,-0],"y":2}');
    expect(printSpec(spec)).toBe('{"ociVersion":"","x":[1e400,1.50,-0],"y":2}');
    expect(diffSpecs(spec, spec)).toEqual([]);
    expect(diffSpecs(spec, parseSpec('{"x":[1e400,1.5,-0],"y":2}').spec)).toEqual([
      expect.objectContaining({ kind: 'changed', pointer: '/x/1' }),
    ]);
  });

  it('reads invalid UTF-8 as Go does, with a warning', () => {
    const { spec, warnings } = parseSpec(new Uint8Array([...bytes('{"hostname":"a'), 0xff, ...bytes('"}')]));
    expect(spec.hostname).toBe('a\ufffd');
    expect(warnings.map((w) => [w.pointer, w.rule])).toEqual([['/hostname', 'invalid-utf8']]);
  });
});

describe('a base given as a value (code, YAML)', () => {
  it('is read as Go would read its JSON: a folded key is the field, with a warning', async () => {
    const run = new PipelineRunner({ plugins: [corePlugin()] });
    const { spec } = await run.run(
      {
        base: { process: { cwd: '/', user: { uid: 1000 } }, Process: { user: { uid: 0 } } } as never,
        opts: [],
      },
      dir,
      'code',
    );
    expect(spec.process?.user?.uid).toBe(0);
    expect(run.warnings.map((w) => [w.pointer, w.rule])).toEqual([['/base/process', 'ambiguous-key']]);
  });

  it('cannot be printed while it holds a key Go would read as a field', () => {
    expect(() => printSpec({ process: { cwd: '/' }, Process: { cwd: '/x' } } as never)).toThrow(
      'cannot print JSON at /Process: the key "Process" would be read by Go as the field "process": set "process" instead',
    );
  });
});

describe('inline bases of pipeline files', () => {
  const runner = (strict?: boolean) => new PipelineRunner({ plugins: [corePlugin()], strict });

  it('are decoded as containerd decodes a base, each ambiguity a warning of its pipeline', async () => {
    const file = join(dir, 'single.json');
    writeFileSync(
      file,
      '{"name":"a","base":{"ociVersion":"1.3.0","process":{"cwd":"/","user":{"uid":1000}},"process":{"user":{"uid":0}}},"opts":[["withHostname","h"]]}',
    );
    const run = runner();
    const result = await run.runFile(file);
    expect(result.kind === 'single' && printSpec(result.spec)).toBe(
      '{"ociVersion":"1.3.0","process":{"user":{"uid":0,"gid":0},"cwd":"/"},"hostname":"h"}',
    );
    expect(run.warnings.map((w) => [w.source, w.pointer, w.rule])).toEqual([
      [file, '/base/process', 'ambiguous-key'],
    ]);
    await expect(runner(true).runFile(file)).rejects.toThrow(
      /\/base\/process: key "process" appears 2 times.*\(strict mode\)/,
    );
  });

  it('fail their own pipeline of a batch when Go refuses them', async () => {
    const file = join(dir, 'batch.json');
    writeFileSync(
      file,
      '[{"name":"ok","base":{"ociVersion":"1.3.0","Hostname":"b"}},{"name":"bad","base":{"ociVersion":"1.3.0","process":{"user":{"uid":1.0}}}},{"name":"file","base":"none.json"}]',
    );
    const run = runner();
    const result = await run.runFile(file);
    if (result.kind !== 'batch') throw new Error('expected a batch');
    expect(result.results[0]!.spec?.hostname).toBe('b');
    expect(result.results[1]!.error).toBe(
      `${file}[1]: /base/process/user/uid: expected uint32 (0..4294967295), got 1.0: Go's strconv.ParseUint takes no fraction or exponent in an integer field`,
    );
    expect(result.results[2]!.error).toContain('none.json');
    expect(run.warnings.map((w) => [w.source, w.pointer, w.rule])).toEqual([
      [`${file}[0]`, '/base/hostname', 'ambiguous-key'],
    ]);
  });

  it('are decoded as Go decodes them in JSON with comments too', async () => {
    const file = join(dir, 'comments.json');
    writeFileSync(
      file,
      '// a pipeline\n{"base": /* inline */ {"ociVersion":"1.3.0","process":{"cwd":"/"},\n"Process":{"cwd":"/x"}}}',
    );
    const run = runner();
    const result = await run.runFile(file);
    expect(result.kind === 'single' && result.spec.process?.cwd).toBe('/x');
    expect(run.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/^keys "process", "Process" \(at \/base\/process 2:45, \/base\/Process 3:1\)/),
    ]);
  });

  it('of a YAML file are read as Go would read their JSON (a folded key is the field, with a warning)', async () => {
    const file = join(dir, 'base.yaml');
    writeFileSync(file, 'base:\n  ociVersion: 1.3.0\n  process: {cwd: /}\n  Process: {cwd: /x}\n');
    const run = runner();
    const result = await run.runFile(file);
    expect(result.kind === 'single' && result.spec.process?.cwd).toBe('/x');
    expect(run.warnings.map((w) => [w.pointer, w.rule])).toEqual([['/base/process', 'ambiguous-key']]);
    // Positions would be in ocispec's printing of the value, which no file holds: the keys are named by pointer.
    expect(run.warnings[0]!.message).toMatch(
      /^keys "process", "Process" \(at \/process, \/Process\) all name/,
    );
  });

  it('of a large batch, parsed one pipeline at a time, are located in the whole file', async () => {
    const file = join(dir, 'large-batch.json');
    const filler = 'x'.repeat(600);
    const lines = Array.from({ length: 2000 }, (_, i) =>
      i === 1500
        ? `{"name":"${filler}","base":{"ociVersion":"1.3.0","hostname":"a","hostname":"b"}}`
        : `{"name":"${filler}"}`,
    );
    const text = `[\n${lines.join(',\n')}\n]`;
    expect(text.length).toBeGreaterThan(1 << 20);
    writeFileSync(file, text);
    const run = runner();
    const result = await run.runFile(file);
    expect(result.kind === 'batch' && result.results[1500]!.spec?.hostname).toBe('b');
    const column = lines[1500]!.indexOf('"hostname"') + 1;
    expect(run.warnings.map((w) => [w.source, w.pointer, w.rule])).toEqual([
      [`${file}[1500]`, '/base/hostname', 'ambiguous-key'],
    ]);
    expect(run.warnings[0]!.message).toContain(
      `(at /base/hostname 1502:${column}, /base/hostname 1502:${column + 15})`,
    );
  });

  it('must name a string ociVersion, in JSON (as Go decodes it) and YAML alike', () => {
    expect(() => parsePipelineFile(bytes('{"base":{"ociVersion":5}}'), 'p.json')).toThrow(
      'p.json: /base/ociVersion (line 1, column 23): expected string, received number',
    );
    expect(() => parsePipelineFile(bytes('base:\n  ociVersion: 5\n'), 'p.yaml')).toThrow(
      'p.yaml: /base/ociVersion (line 2, column 15): expected string, received number',
    );
    expect(() => parsePipelineFile(bytes('{"base":{"OciVersion":"1.3.0"}}'), 'p.json')).not.toThrow();
  });

  it('leave the rest of the pipeline file as ocispec reads it: exact keys, the last duplicate', () => {
    const parsed = parsePipelineFile(
      bytes('{"name":"a","name":"b","opts":[["withHostname","x"]]}'),
      'p.json',
    );
    expect(parsed).toMatchObject({ kind: 'single', pipeline: { name: 'b', opts: [['withHostname', 'x']] } });
    expect(() => parsePipelineFile(bytes('{"Name":"a"}'), 'p.json')).toThrow('unknown field "Name"');
    expect(() => parsePipelineFile(new Uint8Array([0x7b, 0xff, 0x7d]), 'p.json')).toThrow('invalid UTF-8');
  });
});
