/** The probabilities kube-proxy writes on a service chain's endpoint rules, and what they add up to. */

/** Rule i (0-based) of n endpoint rules carries 1/(n-i); the last carries none (it takes what is left). */
export function expectedRuleProbabilities(n: number): (number | null)[] {
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? null : 1 / (n - i)));
}

/**
 * iptables keeps the probability as a 31-bit fraction and prints it with 11 decimals (1/3 -> 0.33333333349);
 * kube-proxy before v1.21 wrote 5 significant decimals (1/3 -> 0.33332999982). Both must count as 1/3.
 */
export const PROBABILITY_TOLERANCE = 1e-5;

export function probabilityMatches(actual: number | null | undefined, expected: number | null): boolean {
  if (expected === null) return actual === null || actual === undefined;
  if (actual === null || actual === undefined) return false;
  return Math.abs(actual - expected) <= PROBABILITY_TOLERANCE;
}

/**
 * The share of new connections each rule receives when rules are tried in order and each takes its
 * probability of what reaches it (null = takes everything that reaches it).
 */
export function shares(ruleProbabilities: (number | null | undefined)[]): number[] {
  let remaining = 1;
  return ruleProbabilities.map((probability) => {
    const taken = remaining * (probability ?? 1);
    remaining -= taken;
    return taken;
  });
}
