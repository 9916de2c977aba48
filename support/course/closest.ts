/** The candidate a mistyped name most likely meant, for the "fix" of a finding. */

export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** Same name but for case or the zero padding of a leading number ("8-lab" for "08-lab"). */
function looselyEqual(a: string, b: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/^0+(?=\d)/, '');
  return norm(a) === norm(b);
}

/** The closest candidate within a small edit distance (scaled to the name's length), or undefined. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const score = looselyEqual(name, c) ? 0 : editDistance(name.toLowerCase(), c.toLowerCase());
    if (score < bestScore || (score === bestScore && best !== undefined && c < best)) {
      best = c;
      bestScore = score;
    }
  }
  const limit = Math.max(1, Math.min(3, Math.floor(name.length / 4)));
  return best !== undefined && bestScore <= limit ? best : undefined;
}
