import { describe, expect, it } from 'vitest';
import { parsePipelineFile } from '../../src/index.js';
import { parsePipelineText, pipelineFormatOf } from '../../src/internal.js';

const bytes = (text: string) => new TextEncoder().encode(text);

function error(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('pipeline file formats', () => {
  it('chooses YAML by extension, JSON with comments otherwise', () => {
    expect(pipelineFormatOf('p.yaml')).toBe('yaml');
    expect(pipelineFormatOf('P.YML')).toBe('yaml');
    expect(pipelineFormatOf('p.json')).toBe('json');
    expect(pipelineFormatOf('<stdin>')).toBe('json');
  });

  it('reads JSON with line and block comments, integers beyond 2^53 exact', () => {
    const text = '{\n  // the memory\n  "opts": [["withMemoryLimit", 18446744073709551615]] /* max */\n}';
    const parsed = parsePipelineText(bytes(text), 'p.json');
    expect(parsed.value).toEqual({ opts: [['withMemoryLimit', 18446744073709551615n]] });
    expect(parsed.locate('/opts/0/1')).toEqual({ line: 3, column: 32 });
  });

  it('keeps the position of errors after a multi-line comment', () => {
    const text = '{\n/* one\n two */ "opts": [,]\n}';
    expect(error(() => parsePipelineText(bytes(text), 'p.json'))).toMatch(
      /^p\.json: invalid JSON at line 3, column/,
    );
  });

  it('reads YAML with exact 64-bit integers; small integers are numbers', () => {
    const text = 'name: web\nopts:\n  - [withMemoryLimit, 18446744073709551615]\n  - [withUmask, 18]\n';
    const parsed = parsePipelineText(bytes(text), 'p.yaml');
    expect(parsed.value).toEqual({
      name: 'web',
      opts: [
        ['withMemoryLimit', 18446744073709551615n],
        ['withUmask', 18],
      ],
    });
    expect(parsed.locate('/opts/1')).toEqual({ line: 4, column: 5 });
  });

  it.each([
    ['a syntax error', 'opts: [a\n', /^p\.yaml: invalid YAML at line \d+, column \d+: /],
    [
      'a duplicate key',
      'name: a\nname: b\n',
      /^p\.yaml: invalid YAML at line 2, column 1: Map keys must be unique/,
    ],
    [
      'a non-string key',
      '1: a\n',
      /^p\.yaml: invalid YAML at line 1, column 1: a mapping key must be a string/,
    ],
    [
      'an infinite number',
      'x: .inf\n',
      /^p\.yaml: invalid YAML at line 1, column 4: \.inf is not a JSON number/,
    ],
    ['a self-referring alias', 'a: &x [*x]\n', /refers to itself|invalid YAML/],
  ])('refuses %s with line and column', (_what, text, message) => {
    expect(error(() => parsePipelineText(bytes(text), 'p.yaml'))).toMatch(message);
  });

  it('stops an alias bomb', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    expect(error(() => parsePipelineText(bytes(lines.join('\n')), 'p.yaml'))).toMatch(/alias|nodes/);
  });
});

describe('pipeline file checks', () => {
  it('an unknown field gets a did-you-mean, a pointer and its line', () => {
    const text = '{\n  "name": "x",\n  "opt": []\n}';
    expect(error(() => parsePipelineFile(bytes(text), 'p.json'))).toBe(
      'p.json: /opt (line 3, column 10): unknown field "opt"; did you mean "opts"?',
    );
  });

  it('a bad argument shape names the pointer and the YAML line', () => {
    const text = 'name: x\nplatform: ""\n';
    expect(error(() => parsePipelineFile(bytes(text), 'p.yaml'))).toBe(
      'p.yaml: /platform (line 2, column 11): platform must not be empty',
    );
  });

  it.each([
    [{ base: { hostname: 'x' } }, '/base (line 1, column 9): an inline base must name its ociVersion'],
    [
      { base: { mode: 'merg', file: 'f.json' } },
      '/base/mode (line 1, column 17): unknown base mode "merg" (replace, merge or layers); did you mean "merge"?',
    ],
    [
      { base: { mode: 'merge', files: ['f.json'] } },
      '/base (line 1, column 9): unknown field "files" of a merge base; did you mean "file"?',
    ],
    [{ base: { mode: 'layers', files: [] } }, '/base/files'],
    [{ base: 3 }, '/base'],
  ])('checks the base %j', (pipeline, message) => {
    expect(error(() => parsePipelineFile(bytes(JSON.stringify(pipeline)), 'p.json'))).toContain(message);
  });

  it('accepts the base modes and an inline base with its ociVersion', () => {
    for (const base of [
      { mode: 'replace', file: 'a.json' },
      { mode: 'merge', file: 'a.json' },
      { mode: 'layers', files: ['a.json', 'b.json'], over: 'first' },
      { ociVersion: '1.2.0', hostname: 'x' },
    ]) {
      expect(parsePipelineFile(bytes(JSON.stringify({ base })), 'p.json').kind).toBe('single');
    }
  });
});

describe('large batches', () => {
  const big = (extra: string) => {
    const one = JSON.stringify({
      name: 'p',
      opts: [
        ['withHostname', 'x'.repeat(1000)],
        ['withMemoryLimit', 1],
      ],
    });
    return `[\n${Array(1200).fill(one).join(',\n')}${extra}\n]`;
  };

  it('are parsed one pipeline at a time, with the same values', () => {
    const text = parsePipelineText(
      bytes(big(',\n{"opts":[["withMemoryLimit",18446744073709551615]]}')),
      'b.json',
    );
    expect(text.elements).toBeDefined();
    const elements = [...text.elements!()];
    expect(elements).toHaveLength(1201);
    expect(elements[1200]).toEqual({ opts: [['withMemoryLimit', 18446744073709551615n]] });
    expect(text.value).toEqual(elements);
  });

  it('locates pointers into any element as the whole-text lookup does, in order or not', () => {
    const text = big(',\n{"opts": [["withMemoryLimit", "x"]]}');
    const lazy = parsePipelineText(bytes(text), 'b.json');
    expect(lazy.elements).toBeDefined();
    // The same text after a comment line is not split (comments take the whole-text path): its positions are the
    // lazy ones one line down.
    const whole = parsePipelineText(bytes(`//\n${text}`), 'b.json');
    expect(whole.elements).toBeUndefined();
    const shifted = (p: { line: number; column: number } | undefined) =>
      p === undefined ? undefined : { line: p.line + 1, column: p.column };
    for (const pointer of ['/1200/opts/0/1', '/0/opts/1', '/1199/name', '/5/nosuch', '/7', '', '/99999']) {
      expect(shifted(lazy.locate(pointer)), pointer).toEqual(whole.locate(pointer));
    }
    expect(lazy.locate('/1200/opts/0/1')).toEqual({ line: 1202, column: 31 });
  });

  it('a syntax error inside keeps its true line and column', () => {
    for (const broken of [',\n{"opts": [}', ',\n{"opts": [1 2]}']) {
      expect(() => {
        const text = parsePipelineText(bytes(big(broken)), 'b.json');
        return [...(text.elements?.() ?? [])];
      }).toThrow(/^b\.json: invalid JSON at line 1202, column 1[13]: /);
    }
  });
});
