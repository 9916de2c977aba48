/** Ranks step definitions by how close their wording is to a step that matched none of them. */

export interface StepCandidate {
  /** the definition as written: a cucumber expression, or a regular expression's source */
  expression: string;
  /** "steps/x.steps.ts:12" */
  location: string;
  /** step texts from the features that this definition matches: concrete wordings to compare with */
  examples: readonly string[];
}

/** Levenshtein distance (insertions, deletions, substitutions), in O(a·b) time and O(b) space. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The candidate whose expression or one of whose matching examples is nearest to `text`; undefined for none. */
export function closestStep(
  text: string,
  candidates: readonly StepCandidate[],
): { candidate: StepCandidate; distance: number } | undefined {
  let best: { candidate: StepCandidate; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = Math.min(
      ...[candidate.expression, ...candidate.examples].map((wording) => editDistance(text, wording)),
    );
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  return best;
}
