/** A finding about a spec: where (JSON pointer), which rule, how bad, and a one-line message. */
export interface Finding {
  readonly severity: 'error' | 'warning';
  readonly pointer: string;
  readonly rule: string;
  readonly message: string;
  /** The file (or other input) the finding is about, when it is not the composed spec. */
  readonly source?: string;
}

/** Findings collected by the `validate` hook and by parsing (unknown fields are warnings). */
export class ValidationReport {
  readonly findings: Finding[] = [];

  error(pointer: string, rule: string, message: string): void {
    this.findings.push({ severity: 'error', pointer, rule, message });
  }

  warning(pointer: string, rule: string, message: string): void {
    this.findings.push({ severity: 'warning', pointer, rule, message });
  }

  get errors(): Finding[] {
    return this.findings.filter((f) => f.severity === 'error');
  }

  get warnings(): Finding[] {
    return this.findings.filter((f) => f.severity === 'warning');
  }

  get ok(): boolean {
    return this.findings.every((f) => f.severity !== 'error');
  }
}

/** One line per finding: `[<source>: ]<pointer>: <rule>: <message>`. */
export function formatFinding(finding: Finding): string {
  const source = finding.source === undefined ? '' : `${finding.source}: `;
  return `${source}${finding.pointer === '' ? '/' : finding.pointer}: ${finding.rule}: ${finding.message}`;
}
