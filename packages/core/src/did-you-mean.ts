/**
 * "Did you mean …?" for names a user typed: the closest candidate by edit distance (case-insensitive), when it is
 * close enough to be a likely typo. Used for pipeline fields, base modes and the CLI's rule and option names.
 */

/** The candidate closest to `name` (a case-insensitive match first), if within a typo's distance. */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const other = candidate.toLowerCase();
    if (other === lower) return candidate;
    const d = editDistance(lower, other);
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return bestDistance <= Math.max(2, Math.min(3, Math.floor(name.length / 4))) ? best : undefined;
}

/** `; did you mean "x"?` for the closest candidate, or `""`. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const hint = closestName(name, candidates);
  return hint === undefined ? '' : `; did you mean ${JSON.stringify(hint)}?`;
}

/** Levenshtein distance. */
function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = next;
    }
  }
  return row[b.length]!;
}
