/** The coverage table as terminal text, Markdown (README, Allure) and HTML (Allure attachment). */
import type { CoverageReport, CoveredBlock, ScenarioRef } from './coverage.ts';

export function coverageSummary(r: CoverageReport): string {
  const blocks = r.blocks.length;
  const commands = r.blocks.filter((b) => b.role === 'command').length;
  return (
    `${blocks} blocks (${commands} command${commands === 1 ? '' : 's'}, ${blocks - commands} shown ` +
    `output${blocks - commands === 1 ? '' : 's'}): ${r.checked} checked by scenarios, ` +
    `${r.explained} not checked for a named reason, ${r.unexplained} unexplained` +
    (r.stale.length ? `; ${r.stale.length} stale link${r.stale.length === 1 ? '' : 's'}` : '') +
    ` — ${r.complete ? 'complete' : 'incomplete'}`
  );
}

export function renderCoverageText(r: CoverageReport): string {
  const out = [`Coverage of ${r.lab} (${r.textFile})`, coverageSummary(r), ''];
  let section = '';
  for (const b of r.blocks) {
    if (b.section.title !== section) {
      section = b.section.title;
      out.push(plain(section) || '(before the first heading)');
    }
    out.push(`  ${String(b.line).padStart(4)}  ${b.role.padEnd(7)}  ${clip(b.shows, 70)}`);
    const withCommand =
      b.commandLine !== undefined &&
      sameScenarios(
        b,
        r.blocks.find((c) => c.line === b.commandLine),
      );
    if (withCommand) out.push(`${' '.repeat(17)}✔ by the scenarios of its command (line ${b.commandLine})`);
    else if (b.scenarios.length) for (const s of b.scenarios) out.push(`${' '.repeat(17)}✔ ${scenarioLabel(s)}`);
    else if (b.gap) out.push(`${' '.repeat(17)}– not checked: ${b.gap.reason}`);
    else out.push(`${' '.repeat(17)}✘ no scenario checks this block`);
  }
  if (r.stale.length) {
    out.push('', 'Stale links:');
    for (const s of r.stale) out.push(`  ${s.file}:${s.line}  ${s.message}`);
  }
  if (r.unlinked.length) {
    out.push('', `Scenarios that link no block (they check the text's prose or what it leaves unsaid):`);
    for (const s of r.unlinked) out.push(`  ${scenarioLabel(s)}`);
  }
  return out.join('\n');
}

export function renderCoverageMarkdown(r: CoverageReport): string {
  const out = [
    `**${r.lab}**: ${coverageSummary(r)}`,
    '',
    '| section | line | block | shows | checked by |',
    '| --- | ---: | --- | --- | --- |',
  ];
  for (const b of r.blocks) {
    out.push(
      `| ${cell(plain(b.section.title))} | ${b.line} | ${b.role} | ${code(clip(b.shows, 60))} | ` +
        `${cell(checkedBy(b, '<br>'))} |`,
    );
  }
  if (r.stale.length) out.push('', ...r.stale.map((s) => `- stale: \`${s.file}:${s.line}\` ${s.message}`));
  return `${out.join('\n')}\n`;
}

function staleItem(s: CoverageReport['stale'][number]): string {
  return `<li><code>${esc(`${s.file}:${s.line}`)}</code> ${esc(s.message)}</li>`;
}

export function renderCoverageHtml(r: CoverageReport): string {
  const rows = r.blocks
    .map((b) => {
      const state = b.scenarios.length ? 'checked' : b.gap ? 'gap' : 'missing';
      const cells = [
        esc(plain(b.section.title)),
        b.line,
        b.role,
        `<code>${esc(clip(b.shows, 90))}</code>`,
        checkedBy(b, '\n').split('\n').map(esc).join('<br>'),
      ];
      return `<tr class="${state}">${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
    })
    .join('\n');
  const stale = r.stale.length ? `<h3>Stale links</h3><ul>${r.stale.map(staleItem).join('')}</ul>` : '';
  return [
    '<!doctype html><html><head><meta charset="utf-8"><style>',
    'body{font-family:sans-serif;font-size:13px} table{border-collapse:collapse} ' +
      'td,th{border:1px solid #ccc;padding:3px 6px;vertical-align:top;text-align:left}',
    'tr.checked td:last-child{color:#1a7f37} tr.gap td:last-child{color:#9a6700} ' +
      'tr.missing td:last-child{color:#cf222e;font-weight:bold}',
    '</style></head><body>',
    `<h2>Coverage of ${esc(r.lab)}</h2><p>${esc(coverageSummary(r))}</p>`,
    '<table><tr><th>section</th><th>line</th><th>block</th><th>shows</th><th>checked by</th></tr>',
    rows,
    '</table>',
    stale,
    '</body></html>',
  ].join('\n');
}

function sameScenarios(a: CoveredBlock, b: CoveredBlock | undefined): boolean {
  const key = (x: CoveredBlock) => x.scenarios.map((s) => `${s.file}:${s.line}`).join();
  return !!b && a.scenarios.length > 0 && key(a) === key(b);
}

function checkedBy(b: CoveredBlock, sep: string): string {
  if (b.scenarios.length) return b.scenarios.map(scenarioLabel).join(sep);
  return b.gap ? `not checked: ${b.gap.reason}` : 'NOT CHECKED';
}

function scenarioLabel(s: ScenarioRef): string {
  return `${s.file}:${s.line} ${s.name}${s.examples ? ` (${s.examples} examples)` : ''}`;
}

/** Heading text without emoji and Markdown emphasis. */
function plain(text: string): string {
  return text
    .replace(/\p{Extended_Pictographic}|\u{FE0F}|\u{200D}/gu, '')
    .replace(/[*_`]/g, '')
    .trim();
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
