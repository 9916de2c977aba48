/** How many hits out of n a healthy random split can show: exact binomial tails, no normal approximation. */

/** P(X = k) for k = 0..n, X ~ Binomial(n, p), computed in log space so large n does not overflow. */
export function binomialPmf(n: number, p: number): number[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a whole number >= 0, got ${n}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be between 0 and 1, got ${p}`);
  if (p === 0 || p === 1) return Array.from({ length: n + 1 }, (_, k) => (k === (p === 0 ? 0 : n) ? 1 : 0));
  const logP = Math.log(p);
  const logQ = Math.log1p(-p);
  const pmf: number[] = [];
  let logChoose = 0; // log C(n, k)
  for (let k = 0; k <= n; k++) {
    if (k > 0) logChoose += Math.log(n - k + 1) - Math.log(k);
    pmf.push(Math.exp(logChoose + k * logP + (n - k) * logQ));
  }
  return pmf;
}

export interface AcceptanceInterval {
  low: number; // smallest count still accepted
  high: number; // largest count still accepted
  /** P(count < low) + P(count > high) for a healthy split: at most the false-alarm rate */
  outsideProbability: number;
}

/**
 * The counts of hits out of n that a healthy split with hit probability p stays within, equal-tailed:
 * each tail outside [low, high] holds at most falseAlarmRate / 2, so a healthy lab is flagged at most that often.
 */
export function binomialAcceptance(n: number, p: number, falseAlarmRate: number): AcceptanceInterval {
  if (!(falseAlarmRate > 0 && falseAlarmRate < 1)) {
    throw new RangeError(`falseAlarmRate must be between 0 and 1, got ${falseAlarmRate}`);
  }
  const pmf = binomialPmf(n, p);
  const tailBudget = falseAlarmRate / 2;
  let low = 0;
  let lowerTail = 0; // P(X < low)
  while (low < n && lowerTail + pmf[low]! <= tailBudget) lowerTail += pmf[low++]!;
  let high = n;
  let upperTail = 0; // P(X > high)
  while (high > low && upperTail + pmf[high]! <= tailBudget) upperTail += pmf[high--]!;
  return { low, high, outsideProbability: lowerTail + upperTail };
}
