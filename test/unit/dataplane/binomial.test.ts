import { test } from 'node:test';
import assert from 'node:assert/strict';
import { binomialAcceptance, binomialPmf, detectionPower, spreadAcceptance } from '../../../support/kubeproxy/index.ts';

/** Exact P(X = k) for Binomial(n, 1/2): C(n, k) / 2^n with BigInt, independent of the code under test. */
function exactHalfPmf(n: number): number[] {
  const out: number[] = [];
  let choose = 1n;
  for (let k = 0; k <= n; k++) {
    if (k > 0) choose = (choose * BigInt(n - k + 1)) / BigInt(k);
    out.push(Number(choose) / 2 ** n);
  }
  return out;
}

/** Straight textbook formula for small n and any p. */
function naivePmf(n: number, p: number): number[] {
  const out: number[] = [];
  for (let k = 0; k <= n; k++) {
    let choose = 1;
    for (let i = 1; i <= k; i++) choose = (choose * (n - k + i)) / i;
    out.push(choose * p ** k * (1 - p) ** (n - k));
  }
  return out;
}

test('binomial probabilities for n=20, p=1/2 equal C(20,k)/2^20', () => {
  const pmf = binomialPmf(20, 0.5);
  const exact = exactHalfPmf(20);
  pmf.forEach((value, k) => assert.ok(Math.abs(value - exact[k]!) < 1e-15, `k=${k}`));
  // known tail: P(X <= 5) = (1 + 20 + 190 + 1140 + 4845 + 15504) / 1048576 = 21700 / 1048576
  const tail = pmf.slice(0, 6).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(tail - 21700 / 1048576) < 1e-14);
});

test('n=20, p=1/2: 5% false alarms accepts 6..14, 1% accepts 4..16 (from the exact tails)', () => {
  // P(X<=5)=0.0207 <= 0.025 < P(X<=6)=0.0577
  assert.deepEqual(pick(binomialAcceptance(20, 0.5, 0.05)), { low: 6, high: 14 });
  // P(X<=3)=0.00129 <= 0.005 < P(X<=4)=0.00591
  assert.deepEqual(pick(binomialAcceptance(20, 0.5, 0.01)), { low: 4, high: 16 });
});

function pick(interval: { low: number; high: number }) {
  return { low: interval.low, high: interval.high };
}

test('the mass outside the interval never exceeds the false-alarm rate, and the interval is as tight as allowed', () => {
  for (const n of [1, 5, 20, 50, 100]) {
    for (const p of [0.1, 1 / 3, 0.5, 0.9]) {
      for (const rate of [0.1, 0.01, 1e-4]) {
        const { low, high, outsideProbability } = binomialAcceptance(n, p, rate);
        const pmf = naivePmf(n, p);
        const below = pmf.slice(0, low).reduce((a, b) => a + b, 0);
        const above = pmf.slice(high + 1).reduce((a, b) => a + b, 0);
        const label = `n=${n} p=${p} rate=${rate} -> [${low}, ${high}]`;
        assert.ok(below <= rate / 2 + 1e-12 && above <= rate / 2 + 1e-12, label);
        assert.ok(below + above <= rate + 1e-12, label);
        assert.ok(Math.abs(outsideProbability - (below + above)) < 1e-9, label);
        // one step tighter on either side would break that side's budget
        if (low < n) assert.ok(below + pmf[low]! > rate / 2 - 1e-12 || low >= high, label);
        if (high > low) assert.ok(above + pmf[high]! > rate / 2 - 1e-12, label);
        assert.ok(0 <= low && low <= high && high <= n, label);
      }
    }
  }
});

test('large n does not overflow, and the interval sits around n*p', () => {
  const { low, high } = binomialAcceptance(10000, 0.5, 1e-6);
  assert.ok(low < 5000 && high > 5000 && high - low < 2 * 5.5 * 50, `[${low}, ${high}]`);
  const pmf = binomialPmf(10000, 0.5);
  assert.ok(Math.abs(pmf.reduce((a, b) => a + b, 0) - 1) < 1e-9);
});

test('degenerate and invalid arguments', () => {
  assert.deepEqual(pick(binomialAcceptance(10, 1, 0.01)), { low: 10, high: 10 });
  assert.deepEqual(pick(binomialAcceptance(10, 0, 0.01)), { low: 0, high: 0 });
  assert.throws(() => binomialAcceptance(10, 0.5, 0), RangeError);
  assert.throws(() => binomialAcceptance(-1, 0.5, 0.01), RangeError);
  assert.throws(() => binomialAcceptance(10, 1.5, 0.01), RangeError);
});

/** Exact P(X < low or X > high) for Binomial(n, 1/2) with BigInt counts: the healthy false-alarm mass. */
function exactHalfOutside(n: number, low: number, high: number): number {
  const pmf = exactHalfPmf(n);
  return pmf.reduce((sum, p, k) => (k < low || k > high ? sum + p : sum), 0);
}

test('lab 04 exercise 4.5: 640 connections, 2 endpoints, 1e-6 per run over 2 bursts gives [255, 385]', () => {
  const s = spreadAcceptance(640, 2, 1e-6, 2);
  assert.deepEqual(pick(s), { low: 255, high: 385 });
  assert.equal(s.endpointRate, 2.5e-7);
  // checked with exact counts: each tail at most 1.25e-7, and one step tighter breaks it
  const outside = exactHalfOutside(640, 255, 385);
  assert.ok(outside <= 2.5e-7 && Math.abs(outside - s.outsideProbability) < 1e-12, `${outside}`);
  const pmf = exactHalfPmf(640);
  assert.ok(pmf.slice(0, 255).reduce((a, b) => a + b, 0) <= 1.25e-7);
  assert.ok(
    pmf.slice(0, 256).reduce((a, b) => a + b, 0) > 1.25e-7,
    'accepting from 256 would overspend the lower tail',
  );
  // family-wise: 2 endpoints x 2 bursts of that mass stay under the run's 1e-6
  assert.ok(s.runFalseAlarmBound <= 1e-6, `${s.runFalseAlarmBound}`);
  // power: a 65/35 split falls outside [255, 385] with probability 0.9939 (at least the 99% asked for)
  assert.ok(s.power >= 0.99 && s.power < 0.995, `${s.power}`);
  assert.equal(s.power, detectionPower(640, s, 0.65));
});

test('power against a skew, from the textbook pmf; the old N = 200 at 1e-6 caught a 60/40 split 1.7% of the time', () => {
  const old = binomialAcceptance(200, 0.5, 1e-6);
  assert.deepEqual(pick(old), { low: 66, high: 134 });
  const p = naivePmf(200, 0.6).reduce((sum, v, k) => (k < 66 || k > 134 ? sum + v : sum), 0);
  assert.ok(Math.abs(detectionPower(200, old, 0.6) - p) < 1e-12);
  assert.ok(p > 0.015 && p < 0.02, `${p}`);
  // no skew: the power is the false-alarm mass itself
  assert.ok(Math.abs(detectionPower(640, { low: 255, high: 385 }, 0.5) - exactHalfOutside(640, 255, 385)) < 1e-12);
});

test('more endpoints or bursts share the same run budget: each gets less, the interval widens', () => {
  const two = spreadAcceptance(640, 2, 1e-6, 2);
  const three = spreadAcceptance(640, 2, 1e-6, 3);
  assert.ok(three.low <= two.low && three.high >= two.high);
  assert.equal(spreadAcceptance(900, 3, 1e-6, 2).endpointRate, 1e-6 / 6);
  assert.throws(() => spreadAcceptance(640, 0, 1e-6, 2), RangeError);
  assert.throws(() => spreadAcceptance(640, 2, 1e-6, 0), RangeError);
});
