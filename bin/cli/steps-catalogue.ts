/**
 * docs/steps.md: every step definition, grouped by steps file, with the feature lines that use it.
 * Steps are loaded the way cucumber loads them (the project's cucumber config, its import paths), and
 * usage comes from a cucumber dry run, so matching is cucumber's own.
 *   node --import tsx bin/cli/steps-catalogue.ts           write docs/steps.md
 *   node --import tsx bin/cli/steps-catalogue.ts --check   exit 1 when docs/steps.md is stale
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { loadConfiguration, loadSupport, runCucumber, type IRunEnvironment } from '@cucumber/cucumber/api';
import { LabgateError, describeError } from '../../support/floor/errors.ts';

export const CATALOGUE_PATH = 'docs/steps.md';

/** Used when the project has no cucumber config file yet. */
const DEFAULT_COORDINATES = { paths: ['features/**/*.feature'], import: ['support/**/*.ts', 'steps/**/*.ts'] };
const CONFIG_FILES = ['cucumber.js', 'cucumber.mjs', 'cucumber.cjs', 'cucumber.json', 'cucumber.yaml', 'cucumber.yml'];

export interface CataloguedStep {
  keyword: string;
  expression: string;
  isRegExp: boolean;
  uri: string;
  line: number;
  usedBy: string[]; // "features/x.feature:12"
}

/** The part of cucumber's support code library we read (its public type hides it). */
interface LoadedLibrary {
  stepDefinitions: Array<{ id: string; keyword: string; pattern: string | RegExp; uri: string; line: number }>;
}

export async function collectSteps(cwd: string): Promise<CataloguedStep[]> {
  const hasConfig = CONFIG_FILES.some((f) => existsSync(join(cwd, f)));
  const quiet = new Writable({ write: (_chunk, _enc, done) => done() });
  const environment: IRunEnvironment = { cwd, stdout: quiet, stderr: quiet, env: process.env };

  let library: LoadedLibrary;
  let runConfiguration: Awaited<ReturnType<typeof loadConfiguration>>['runConfiguration'];
  try {
    ({ runConfiguration } = await loadConfiguration(
      hasConfig ? {} : { file: false, provided: DEFAULT_COORDINATES },
      environment,
    ));
    // the catalogue is every lab's vocabulary, whichever lab the configuration would pick for a run
    runConfiguration.sources.paths = DEFAULT_COORDINATES.paths;
    library = (await loadSupport(runConfiguration, environment)) as unknown as LoadedLibrary;
  } catch (err) {
    throw new LabgateError(
      `could not load the step definitions: ${describeError(err)}`,
      'run `npx cucumber-js --dry-run` to see why',
    );
  }

  const usage = await usageByDefinition(runConfiguration, library, environment);
  return library.stepDefinitions.map((def) => ({
    keyword: def.keyword,
    expression: typeof def.pattern === 'string' ? def.pattern : def.pattern.source,
    isRegExp: typeof def.pattern !== 'string',
    uri: toPosix(isAbsolute(def.uri) ? relative(cwd, def.uri) : def.uri),
    line: def.line,
    usedBy: [...(usage.get(def.id) ?? [])].sort(compareLocations),
  }));
}

/** A dry run (no hooks, no step bodies, no formatters) tells which feature steps each definition matches. */
async function usageByDefinition(
  runConfiguration: Awaited<ReturnType<typeof loadConfiguration>>['runConfiguration'],
  library: LoadedLibrary,
  environment: IRunEnvironment,
): Promise<Map<string, Set<string>>> {
  const stepLines = new Map<string, number>(); // gherkin step id -> line
  const pickleSteps = new Map<string, { uri: string; astNodeIds: readonly string[] }>();
  const usage = new Map<string, Set<string>>();

  const onMessage: NonNullable<Parameters<typeof runCucumber>[2]> = (envelope) => {
    if (envelope.gherkinDocument?.feature) {
      const visit = (steps: ReadonlyArray<{ id: string; location: { line: number } }>) =>
        steps.forEach((s) => stepLines.set(s.id, s.location.line));
      for (const child of envelope.gherkinDocument.feature.children) {
        if (child.background) visit(child.background.steps);
        if (child.scenario) visit(child.scenario.steps);
        for (const ruleChild of child.rule?.children ?? []) {
          if (ruleChild.background) visit(ruleChild.background.steps);
          if (ruleChild.scenario) visit(ruleChild.scenario.steps);
        }
      }
    }
    if (envelope.pickle) {
      for (const step of envelope.pickle.steps)
        pickleSteps.set(step.id, { uri: envelope.pickle.uri, astNodeIds: step.astNodeIds });
    }
    if (envelope.testCase) {
      for (const testStep of envelope.testCase.testSteps) {
        const pickleStep = testStep.pickleStepId ? pickleSteps.get(testStep.pickleStepId) : undefined;
        if (!pickleStep) continue;
        const line = stepLines.get(pickleStep.astNodeIds[0] ?? '');
        const where = `${toPosix(pickleStep.uri)}${line ? `:${line}` : ''}`;
        for (const id of testStep.stepDefinitionIds ?? []) {
          if (!usage.has(id)) usage.set(id, new Set());
          usage.get(id)!.add(where);
        }
      }
    }
  };

  await runCucumber(
    {
      ...runConfiguration,
      // every feature counts, whatever the profile's tag filter leaves out (e.g. @after-destroy)
      sources: { ...runConfiguration.sources, tagExpression: '', names: [] },
      support: library as never,
      runtime: { ...runConfiguration.runtime, dryRun: true, parallel: 0, failFast: false },
      formats: { stdout: 'summary', files: {}, publish: false, options: {} },
      plugins: { specifiers: [], options: {} },
    },
    environment,
    onMessage,
  );
  return usage;
}

export function renderCatalogue(steps: CataloguedStep[]): string {
  const byFile = new Map<string, CataloguedStep[]>();
  for (const step of [...steps].sort((a, b) => a.uri.localeCompare(b.uri) || a.line - b.line)) {
    if (!byFile.has(step.uri)) byFile.set(step.uri, []);
    byFile.get(step.uri)!.push(step);
  }
  const unused = steps.filter((s) => s.usedBy.length === 0).length;
  const out = [
    '# Step catalogue',
    '',
    '<!-- Generated by `npm run docs:steps` from the step definitions. Do not edit by hand; `npm run ' +
      'docs:steps:check` fails when this file is stale. -->',
    '',
    `${steps.length} step definition${steps.length === 1 ? '' : 's'} in ${byFile.size} ` +
      `file${byFile.size === 1 ? '' : 's'}` +
      (steps.length ? `; ${unused} not used by any feature.` : '.'),
    '',
    'Expressions are [Cucumber Expressions](https://github.com/cucumber/cucumber-expressions#readme) ' +
      '(`{string}`, `{int}`, ...) unless marked *regex*. "Used by" lists the feature lines each step matches.',
  ];
  for (const [uri, fileSteps] of byFile) {
    out.push('', `## ${uri}`, '', '| Keyword | Step | Defined at | Used by |', '| --- | --- | --- | --- |');
    for (const s of fileSteps) {
      const expression = `${codeSpan(s.expression)}${s.isRegExp ? ' *regex*' : ''}`;
      const defined = `[${baseName(uri)}:${s.line}](${linkFromDocs(uri)}#L${s.line})`;
      const used = s.usedBy.length ? s.usedBy.map((u) => codeSpan(u)).join('<br>') : '*unused*';
      out.push(`| ${s.keyword} | ${cell(expression)} | ${defined} | ${used} |`);
    }
  }
  return `${out.join('\n')}\n`;
}

function codeSpan(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  const pad = fence.length > 1 ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A Markdown table cell: pipes would end the cell, even inside code spans. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function baseName(uri: string): string {
  return uri.split('/').pop() ?? uri;
}

function linkFromDocs(uri: string): string {
  return toPosix(relative(dirname(CATALOGUE_PATH), uri));
}

function toPosix(path: string): string {
  return path.split('\\').join('/');
}

function compareLocations(a: string, b: string): number {
  const [fa, la] = a.split(':');
  const [fb, lb] = b.split(':');
  return (fa ?? '').localeCompare(fb ?? '') || Number(la ?? 0) - Number(lb ?? 0);
}

/** Write docs/steps.md, or with check only compare; returns the one-line outcome. */
export async function stepsCatalogue(cwd: string, check: boolean): Promise<string> {
  const text = renderCatalogue(await collectSteps(cwd));
  const file = join(cwd, CATALOGUE_PATH);
  const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (check) {
    if (current !== text) {
      throw new LabgateError(`${CATALOGUE_PATH} is stale`, 'run `npm run docs:steps` and commit the result', 1);
    }
    return `${CATALOGUE_PATH} is up to date`;
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return `wrote ${CATALOGUE_PATH}`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    console.log(await stepsCatalogue(process.cwd(), process.argv.includes('--check')));
  } catch (err) {
    console.error(`labgate: ${describeError(err)}`);
    process.exitCode = err instanceof LabgateError ? err.exitCode : 1;
  }
}
