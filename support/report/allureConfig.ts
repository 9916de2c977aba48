/**
 * Options for cucumber's `allure-cucumberjs/reporter` formatter (allure-cucumberjs 3).
 * In cucumber.js: format: ['allure-cucumberjs/reporter'], formatOptions: { ...allureReporterOptions, <others> }.
 *
 * Tags become Allure labels, so the report reads in the lab's own structure:
 *   @lab:04-k8s-services  -> epic and parentSuite "lab 04-k8s-services"
 *   @exercise:4.2         -> story and subSuite "exercise 4.2", and label "lab-section" = "4.2"
 *   @severity:critical    -> severity "critical"
 * The Gherkin feature name stays the Allure feature (the reporter sets it) and also becomes the suite,
 * giving Behaviors: lab > feature > exercise and Suites: lab > feature > exercise.
 */
import type { Label, TestResult } from 'allure-js-commons';
import type { ReporterConfig, Writer } from 'allure-js-commons/sdk/reporter';
import { BackgroundResultsWriter } from './allureWriter.ts';

export { writeAllureCategories, writeAllureEnvironment, resetAllureResults } from './allureFiles.ts';

export const ALLURE_RESULTS_DIR = 'reports/allure-results';
export const ALLURE_REPORT_DIR = 'reports/allure-report';

export const LAB_SECTION_LABEL = 'lab-section';

/** Tag-derived label names whose values get a readable prefix ("04-k8s-services" -> "lab 04-k8s-services"). */
const VALUE_PREFIX: Record<string, string> = {
  epic: 'lab ',
  parentSuite: 'lab ',
  story: 'exercise ',
  subSuite: 'exercise ',
};

/**
 * Turns the raw tag values the reporter extracted into the final labels; mutates `result` (Allure's listener contract).
 */
export function finishLabgateLabels(result: Pick<TestResult, 'labels'>): void {
  for (const label of result.labels) {
    const prefix = VALUE_PREFIX[label.name];
    if (prefix && !label.value.startsWith(prefix)) label.value = prefix + label.value;
  }
  const has = (name: string) => result.labels.some((l: Label) => l.name === name);
  const feature = result.labels.find((l) => l.name === 'feature');
  if (feature && !has('suite')) result.labels.push({ name: 'suite', value: feature.value });
}

/** allure-cucumberjs 3's reporter config (its own type is not exported from the package). */
export interface AllureCucumberOptions extends Omit<ReporterConfig, 'links'> {
  labels: Array<{ name: string; pattern: RegExp[] }>;
  writer: Writer;
}

export const allureReporterOptions: AllureCucumberOptions = {
  resultsDir: ALLURE_RESULTS_DIR,
  labels: [
    { name: 'severity', pattern: [/^@severity:/i] },
    { name: 'epic', pattern: [/^@lab:/i] },
    { name: 'parentSuite', pattern: [/^@lab:/i] },
    { name: 'story', pattern: [/^@exercise:/i] },
    { name: 'subSuite', pattern: [/^@exercise:/i] },
    { name: LAB_SECTION_LABEL, pattern: [/^@exercise:/i] },
  ],
  listeners: [{ beforeTestResultWrite: finishLabgateLabels }],
  // replaces the reporter's default writer (the options are spread over it)
  writer: new BackgroundResultsWriter(ALLURE_RESULTS_DIR),
};
