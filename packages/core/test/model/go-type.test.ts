/**
 * The Go types the decoder uses, derived from the zod model, against runtime-spec v1.3.0's specs-go: every field's
 * JSON name, in Go's field order, with its Go type (`*` pointer, `[]` slice, `map[string]`; Go `int`/`uint` as the
 * 64-bit types, `os.FileMode` as `uint32`). `specs-go-v1.3.0-types.json` was transcribed from `specs-go/config.go`
 * at tag v1.3.0.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { GoType } from '../../src/model/go-type.js';
import { goFoldKey, seccompGoType, specGoType } from '../../src/model/go-type.js';

function name(type: GoType): string {
  switch (type.kind) {
    case 'pointer':
      return `*${name(type.elem)}`;
    case 'slice':
      return `[]${name(type.elem)}`;
    case 'map':
      return `map[string]${name(type.elem)}`;
    case 'int':
      return type.name;
    default:
      return type.kind;
  }
}

function fields(type: GoType, path: string, out: Record<string, string>): Record<string, string> {
  switch (type.kind) {
    case 'pointer':
      return fields(type.elem, path, out);
    case 'slice':
    case 'map':
      return fields(type.elem, `${path}/*`, out);
    case 'struct':
      for (const field of type.fields) {
        out[`${path}/${field.name}`] = name(field.type);
        fields(field.type, `${path}/${field.name}`, out);
      }
      return out;
    default:
      return out;
  }
}

describe('the Go types of the model', () => {
  it("are specs-go v1.3.0's, field by field and in order", () => {
    const want = JSON.parse(
      readFileSync(new URL('./specs-go-v1.3.0-types.json', import.meta.url), 'utf8'),
    ) as Record<string, string>;
    const got = fields(specGoType, '', {});
    expect(Object.entries(got)).toEqual(Object.entries(want));
  });

  it('give the seccomp profile the type of linux.seccomp', () => {
    const linux = specGoType.byName.get('linux')!.type;
    const seccomp =
      linux.kind === 'pointer' && linux.elem.kind === 'struct' ? linux.elem.byName.get('seccomp') : undefined;
    expect(seccomp?.type).toEqual({ kind: 'pointer', elem: seccompGoType });
  });

  it('fold keys as Go does for ASCII names: ASCII case, ſ as s, the Kelvin sign as k, nothing else', () => {
    expect(goFoldKey('proCeſs')).toBe('PROCESS');
    expect(goFoldKey('\u212aernel')).toBe('KERNEL');
    expect(goFoldKey('proceß')).toBe('PROCEß');
    expect(goFoldKey('ı')).toBe('ı');
    expect(goFoldKey('a_b-1')).toBe('A_B-1');
  });
});
