/**
 * validate and lint given a decoded text (`decodeSpec`): they check Go's view, what runc runs, and report where
 * Go fails and where readers of the text disagree.
 */
import { decodeSpec, parseJson } from '@ocispec/core';
import { describe, expect, it } from 'vitest';
import { lintSpec, validateSpec } from '../src/index.js';

/** A spec that validates and lints clean under baseline, as text, with `extra` members appended. */
function text(extra = ''): string {
  return `{"ociVersion":"1.3.0","process":{"user":{"uid":1000,"gid":1000},"args":["sh"],"cwd":"/","noNewPrivileges":true},"root":{"path":"rootfs"},"linux":{"namespaces":[{"type":"pid"},{"type":"mount"},{"type":"ipc"},{"type":"uts"},{"type":"network"}],"maskedPaths":["/proc/kcore"],"readonlyPaths":["/proc/sys"]}${extra}}`;
}

describe('validateSpec of a decoded text', () => {
  it('is clean for a clean text', () => {
    expect(validateSpec(decodeSpec(text())).errors).toEqual([]);
  });

  it('reports each ambiguity as an error naming the pointer of each key', () => {
    const report = validateSpec(decodeSpec(text(',"PROCESS":{"cwd":"/"},"annotations":{"a":"1","a":"2"}')));
    expect(report.errors.map((f) => [f.pointer, f.rule])).toEqual([
      ['/process', 'ambiguous-key'],
      ['/annotations/a', 'ambiguous-key'],
    ]);
    expect(report.errors[0]!.message).toMatch(
      /^keys "process", "PROCESS" \(at \/process 1:23, \/PROCESS 1:\d+\) all name \/process/,
    );
  });

  it('checks what Go decoded: the merged process', () => {
    const report = validateSpec(decodeSpec(text(',"process":{"cwd":"relative"}')));
    expect(report.errors.map((f) => [f.pointer, f.rule])).toEqual([
      ['/process', 'ambiguous-key'],
      ['/process/cwd', 'cwd-absolute'],
    ]);
  });

  it('reports what Go refuses: types, integer syntax and range', () => {
    const report = validateSpec(
      decodeSpec('{"ociVersion":"1.3.0","process":{"user":{"uid":1.0,"gid":-1},"args":"sh","cwd":"/"}}'),
    );
    expect(report.errors.map((f) => [f.pointer, f.rule]).slice(0, 3)).toEqual([
      ['/process/user/uid', 'int-syntax'],
      ['/process/user/gid', 'int-range'],
      ['/process/args', 'schema-type'],
    ]);
  });

  it('reports a value Go fails to decode once, by its problem: not also as missing or malformed', () => {
    const edits: Array<[string, string, string]> = [
      ['"uid":1000', '"uid":1.5', '/process/user/uid'],
      ['"uid":1000', '"uid":"0"', '/process/user/uid'],
      ['"cwd":"/"', '"cwd":5', '/process/cwd'],
      ['"path":"rootfs"', '"path":5', '/root/path'],
      ['"ociVersion":"1.3.0"', '"ociVersion":5', '/ociVersion'],
      ['"args":["sh"]', '"args":"sh"', '/process/args'],
    ];
    for (const [from, to, pointer] of edits) {
      const report = validateSpec(decodeSpec(text().replace(from, to)));
      expect(report.findings.filter((f) => f.pointer === pointer).map((f) => f.rule)).toHaveLength(1);
    }
    // The same value given as a value (not text) is present, and only its type is wrong.
    const value = validateSpec({ ...(parseJson(text()) as object), ociVersion: 5 });
    expect(value.findings.filter((f) => f.pointer === '/ociVersion').map((f) => f.rule)).toEqual([
      'schema-type',
    ]);
  });

  it('reports invalid UTF-8', () => {
    const bytes = new TextEncoder().encode(text(',"hostname":"h~"'));
    bytes[bytes.lastIndexOf(0x7e)] = 0xff;
    const report = validateSpec(decodeSpec(bytes));
    expect(report.errors.map((f) => [f.pointer, f.rule])).toContainEqual(['/hostname', 'invalid-utf8']);
  });

  it('reports a null text: Go reads an empty spec', () => {
    expect(validateSpec(decodeSpec('null')).errors[0]).toMatchObject({ pointer: '', rule: 'schema-type' });
  });
});

describe('lintSpec of a decoded text', () => {
  it('flags an ambiguity (high) and lints what runc runs', () => {
    const root =
      ',"proce\u017fs":{"user":{"uid":0},"capabilities":{"bounding":["CAP_SYS_ADMIN"],"effective":["CAP_SYS_ADMIN"]}}';
    const result = lintSpec(decodeSpec(text(root)), { profile: 'restricted' });
    const rules = result.findings.map((f) => [f.rule, f.severity, f.pointer]);
    expect(rules).toContainEqual(['ambiguous-json', 'high', '/process']);
    expect(rules).toContainEqual(['privileged', 'critical', '/process/capabilities/bounding/0']);
    expect(rules).toContainEqual(['run-as-root', 'high', '/process/user/uid']);
  });

  it('passes a clean text', () => {
    expect(lintSpec(decodeSpec(text()), { profile: 'baseline' }).findings.map((f) => f.rule)).not.toContain(
      'ambiguous-json',
    );
  });
});
