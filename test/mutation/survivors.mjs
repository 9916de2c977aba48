// Reads Stryker's JSON report (reports/mutation/mutation.json, or the path given) and prints the score per file
// and every surviving mutant as "file:line:column mutator: original -> replacement", for docs/mutation.md.
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(process.argv[2] ?? 'reports/mutation/mutation.json', 'utf8'));
const DETECTED = new Set(['Killed', 'Timeout']);
const COUNTED = new Set(['Killed', 'Timeout', 'Survived', 'NoCoverage']);

function score(mutants) {
  const counted = mutants.filter((m) => COUNTED.has(m.status));
  const detected = counted.filter((m) => DETECTED.has(m.status)).length;
  return { detected, counted: counted.length, percent: counted.length ? (100 * detected) / counted.length : 100 };
}

const files = Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b));
const all = files.flatMap(([, f]) => f.mutants);
const total = score(all);
console.log(`| file | killed | mutants | score |\n| --- | ---: | ---: | ---: |`);
for (const [name, f] of files) {
  const s = score(f.mutants);
  console.log(`| ${name} | ${s.detected} | ${s.counted} | ${s.percent.toFixed(1)}% |`);
}
console.log(`| all | ${total.detected} | ${total.counted} | ${total.percent.toFixed(1)}% |\n`);

for (const [name, f] of files) {
  const lines = f.source.split('\n');
  for (const m of f.mutants.filter((x) => !DETECTED.has(x.status) && COUNTED.has(x.status))) {
    const { start, end } = m.location;
    const original =
      start.line === end.line
        ? lines[start.line - 1].slice(start.column - 1, end.column - 1)
        : `${lines[start.line - 1].slice(start.column - 1)} ...`;
    const show = (t) => JSON.stringify(t.length > 90 ? `${t.slice(0, 87)}...` : t);
    const change = `${show(original)} -> ${show(m.replacement ?? '')}`;
    console.log(`${name}:${start.line}:${start.column} ${m.mutatorName} [${m.id}]: ${change}`);
  }
}
