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

/** P(count outside [low, high]) when each of n hits lands with probability `share`: how often a skew is caught. */
export function detectionPower(n: number, interval: Pick<AcceptanceInterval, 'low' | 'high'>, share: number): number {
  return binomialPmf(n, share).reduce((sum, pk, k) => (k < interval.low || k > interval.high ? sum + pk : sum), 0);
}

/** A skew the spread check is sized to catch: one endpoint getting 30% more than its share (65/35 for two). */
export const SKEW_FACTOR = 1.3;

export interface SpreadAcceptance extends AcceptanceInterval {
  /** the false-alarm rate for one endpoint in one burst: the run's rate shared over endpoints x bursts */
  endpointRate: number;
  /** P(a healthy run is flagged) is at most this (Bonferroni): outsideProbability x endpoints x bursts */
  runFalseAlarmBound: number;
  /** P(an endpoint with share SKEW_FACTOR/endpoints is flagged in its burst) */
  power: number;
}

/**
 * The interval each endpoint's count must fall in, out of `connections` spread over `endpoints` at share 1/n,
 * when the run's family-wise false-alarm rate `runRate` is shared (Bonferroni) by every endpoint of every burst.
 */
export function spreadAcceptance(
  connections: number,
  endpoints: number,
  runRate: number,
  bursts: number,
): SpreadAcceptance {
  for (const [name, value] of [
    ['endpoints', endpoints],
    ['bursts', bursts],
  ] as const) {
    if (!Number.isInteger(value) || value < 1)
      throw new RangeError(`${name} must be a whole number >= 1, got ${value}`);
  }
  const endpointRate = runRate / (endpoints * bursts);
  const interval = binomialAcceptance(connections, 1 / endpoints, endpointRate);
  return {
    ...interval,
    endpointRate,
    runFalseAlarmBound: interval.outsideProbability * endpoints * bursts,
    power: detectionPower(connections, interval, Math.min(1, SKEW_FACTOR / endpoints)),
  };
}
