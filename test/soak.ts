/**
 * Repeat runs: the full suite N times in a row against a healthy target; zero failures allowed.
 * `node --import tsx test/soak.ts [runs]` (default 20). Prints one line per run and a summary, and writes
 * reports/soak.json. Exit code 1 when any run failed.
 */
import { execa } from 'execa';
import { mkdirSync, writeFileSync } from 'node:fs';

const runs = Number(process.argv[2] ?? 20);
const results: { run: number; exitCode: number; seconds: number; failed: string }[] = [];

for (let run = 1; run <= runs; run++) {
  const t0 = Date.now();
  const r = await execa('node', ['bin/labgate.mjs', 'run'], { reject: false, all: true, env: { CI: 'true' } });
  const seconds = (Date.now() - t0) / 1000;
  const summary =
    String(r.all ?? '')
      .split('\n')
      .filter((l) => /^\d+ scenarios? \(/.test(l))
      .pop() ?? '';
  results.push({ run, exitCode: r.exitCode ?? 1, seconds, failed: r.exitCode === 0 ? '' : summary });
  console.log(
    `soak run ${run}/${runs}: ${r.exitCode === 0 ? 'passed' : 'FAILED'} in ${seconds.toFixed(1)} s ${summary}`,
  );
}

const times = results.map((r) => r.seconds).sort((a, b) => a - b);
const median =
  times.length % 2 ? times[(times.length - 1) / 2]! : (times[times.length / 2 - 1]! + times[times.length / 2]!) / 2;
const failures = results.filter((r) => r.exitCode !== 0).length;
const summary = {
  runs,
  failures,
  medianSeconds: Number(median.toFixed(1)),
  worstSeconds: Number(times[times.length - 1]!.toFixed(1)),
  results,
};
mkdirSync('reports', { recursive: true });
writeFileSync('reports/soak.json', JSON.stringify(summary, null, 1));
console.log(
  `soak: ${runs} runs, ${failures} failed, median ${summary.medianSeconds} s, worst ${summary.worstSeconds} s`,
);
process.exitCode = failures === 0 ? 0 : 1;
