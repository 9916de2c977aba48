/**
 * The coverage table in the Allure report: one extra test result per lab, "Lab text coverage: <lab>",
 * passed when the coverage is complete and failed otherwise, with a step per section of the text and the
 * table attached as HTML and Markdown. Written next to the cucumber results in reports/allure-results.
 */
import type { Lab } from '../../lab/catalog.ts';
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { computeCoverage, type CoverageReport } from './coverage.ts';
import { coverageSummary, renderCoverageHtml, renderCoverageMarkdown } from './render.ts';

export function writeCoverageResult(resultsDir: string, report: CoverageReport, now = Date.now()): string {
  mkdirSync(resultsDir, { recursive: true });
  const uuid = randomUUID();
  const html = `${randomUUID()}-attachment.html`;
  const markdown = `${randomUUID()}-attachment.md`;
  writeFileSync(path.join(resultsDir, html), renderCoverageHtml(report));
  writeFileSync(path.join(resultsDir, markdown), renderCoverageMarkdown(report));
  const id = createHash('md5').update(`labgate-text-coverage:${report.lab}`).digest('hex');
  const sections = [...new Map(report.blocks.map((b) => [b.section.title, b.section])).values()];
  const problems = [
    ...report.blocks
      .filter((b) => !b.scenarios.length && !b.gap)
      .map((b) => `line ${b.line} (${b.role}): no scenario checks it and no gap names it`),
    ...report.stale.map((s) => `${s.file}:${s.line}: ${s.message}`),
  ];
  const result = {
    uuid,
    historyId: id,
    testCaseId: id,
    name: `Lab text coverage: ${report.lab}`,
    fullName: `labgate.coverage.${report.lab}`,
    status: report.complete ? 'passed' : 'failed',
    statusDetails: report.complete ? {} : { message: `${coverageSummary(report)}\n${problems.join('\n')}` },
    stage: 'finished',
    description:
      `Every command and shown output of the lab text (${path.basename(report.textFile)}), with the scenarios ` +
      `that check it.\n\n${coverageSummary(report)}`,
    start: now,
    stop: now,
    labels: [
      { name: 'parentSuite', value: report.lab },
      { name: 'suite', value: 'Lab text coverage' },
      { name: 'feature', value: 'Coverage of the lab text' },
      { name: 'severity', value: 'normal' },
      { name: 'tag', value: 'coverage' },
    ],
    parameters: [],
    attachments: [
      { name: 'coverage of the lab text', source: html, type: 'text/html' },
      { name: 'coverage of the lab text (Markdown)', source: markdown, type: 'text/markdown' },
    ],
    steps: sections.map((section) => {
      const rows = report.blocks.filter((b) => b.section.title === section.title);
      const open = rows.filter((b) => !b.scenarios.length && !b.gap);
      const checked = rows.filter((b) => b.scenarios.length).length;
      return {
        name:
          `${section.title || '(before the first heading)'}: ${rows.length} ` +
          `block${rows.length === 1 ? '' : 's'}, ${checked} ` +
          `checked${rows.length - checked - open.length ? `, ${rows.length - checked - open.length} named gap` : ''}`,
        status: open.length ? 'failed' : 'passed',
        statusDetails: open.length ? { message: open.map((b) => `line ${b.line}: not checked`).join('\n') } : {},
        stage: 'finished',
        start: now,
        stop: now,
        steps: [],
        attachments: [],
        parameters: [],
      };
    }),
  };
  const file = path.join(resultsDir, `${uuid}-result.json`);
  writeFileSync(file, JSON.stringify(result, null, 2));
  return file;
}

/** For `labgate run`: the coverage result of a lab whose text is on this machine; undefined when it is not. */
export function writeLabCoverage(resultsDir: string, lab: Lab): string | undefined {
  if (!lab.textFile) return undefined;
  return writeCoverageResult(resultsDir, computeCoverage(lab.textFile, lab.featuresDir, lab.name));
}
