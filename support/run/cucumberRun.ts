/**
 * cucumber-js inside the labgate process, through cucumber's public API: the configuration and the step
 * definitions are loaded once, the pre-pass reads them, and the run reuses them.
 * Feature paths given on the command line replace the configured ones (cucumber 12 would merge them).
 */
import {
  loadConfiguration,
  loadSupport,
  runCucumber,
  type IRunConfiguration,
  type IRunEnvironment,
} from '@cucumber/cucumber/api';
import type { Envelope } from '@cucumber/messages';
import { createRequire } from 'node:module';
import { LabgateError } from '../floor/errors.ts';
import type { Target } from '../lab/target.ts';
import { allureWritesSettled } from '../report/allureWriter.ts';
import { checkFeatures, type FeatureCheck, type StepLibrary } from '../validate/features.ts';
import { ProblemCollector } from '../validate/problems.ts';
import type { CucumberArgs } from './cucumberArgs.ts';
import { cucumberProfiles, supportImports } from './config.ts';

type Configuration = Record<string, unknown>;
const require = createRequire(import.meta.url);
// cucumber's own merge of profiles and command-line options (tags joined with "and", formats added up)
const { mergeConfigurations } = require('@cucumber/cucumber/lib/configuration/merge_configurations') as {
  mergeConfigurations(source: Configuration, ...configurations: Configuration[]): Configuration;
};

let loadedLibrary: ReturnType<typeof loadSupport> | undefined;

interface TestRunHook {
  code: unknown;
}

// The Allure reporter wraps the BeforeAll/AfterAll hooks of the library it is given, once per run; with one
// library for several runs, each run starts from the hooks as they were loaded.
const hookCode = new Map<TestRunHook, unknown>();

function testRunHooks(library: unknown): TestRunHook[] {
  const l = library as { beforeTestRunHookDefinitions?: TestRunHook[]; afterTestRunHookDefinitions?: TestRunHook[] };
  return [...(l.beforeTestRunHookDefinitions ?? []), ...(l.afterTestRunHookDefinitions ?? [])];
}

export interface PreparedRun {
  configuration: IRunConfiguration;
  library: StepLibrary;
  environment: IRunEnvironment & { cwd: string };
  forceExit: boolean;
}

/**
 * The run's configuration. With a target (`labgate run`), the profiles are built for that lab and the target is
 * handed to the hooks as the world parameter `target`; cucumber.js is read only when `--config` names it.
 */
export async function prepareRun(
  args: CucumberArgs,
  environment: IRunEnvironment & { cwd: string },
  target?: Target,
): Promise<PreparedRun> {
  const { paths: cliPaths, ...provided } = args.parsed.configuration;
  const { config, profile } = args.parsed.options;
  const handed = target ? { worldParameters: { target } } : {};
  const options =
    target && config === undefined
      ? { file: false as const, provided: await labProfiles(target, profile, provided, handed) }
      : { file: config, profiles: profile, provided: mergeConfigurations(provided, handed) };
  const { useConfiguration, runConfiguration } = await loadConfiguration(options, environment);
  if (cliPaths && cliPaths.length > 0) runConfiguration.sources.paths = cliPaths;
  // the step definitions are the library's, the same for every lab: `run --all` loads them once (a second
  // import of the same modules would register nothing)
  loadedLibrary ??= loadSupport(runConfiguration, environment).then((library) => {
    for (const hook of testRunHooks(library)) hookCode.set(hook, hook.code);
    return library;
  });
  const library = await loadedLibrary;
  return {
    configuration: runConfiguration,
    library: library as unknown as StepLibrary,
    environment,
    forceExit: Boolean(useConfiguration.forceExit),
  };
}

async function labProfiles(target: Target, names: string[], ...provided: Configuration[]): Promise<Configuration> {
  const profiles = await cucumberProfiles(supportImports(), target);
  // on the twin, its own profile (read-only and @mutating scenarios); a real lab stays read-only unless asked
  const chosen = names.length > 0 ? names : [target.source === 'twin' ? 'twin' : 'default'];
  const unknown = chosen.find((n) => !profiles[n]);
  if (unknown !== undefined) {
    throw new LabgateError(`no profile "${unknown}"`, `labgate's profiles: ${Object.keys(profiles).join(', ')}`);
  }
  return mergeConfigurations({}, ...chosen.map((n) => profiles[n]!), ...provided);
}

export function checkPreparedFeatures(run: PreparedRun): Promise<FeatureCheck> {
  return checkFeatures(run.configuration.sources, run.library, run.environment);
}

export interface RunOutcome {
  success: boolean;
  /** one line summing up the problems labgate reported inside scenarios, if any */
  problems?: string;
}

export async function executeRun(run: PreparedRun, onMessage?: (e: Envelope) => void): Promise<RunOutcome> {
  for (const [hook, code] of hookCode) hook.code = code;
  const collector = new ProblemCollector();
  const { success } = await runCucumber(
    { ...run.configuration, support: run.library as never },
    run.environment,
    (envelope) => {
      collector.onEnvelope(envelope);
      onMessage?.(envelope);
    },
  );
  const unwritten = await allureWritesSettled();
  if (unwritten.length > 0)
    console.error(`labgate: ${unwritten.length} Allure result file(s) not written, first: ${unwritten[0]}`);
  return { success, problems: success ? undefined : collector.summary() };
}
