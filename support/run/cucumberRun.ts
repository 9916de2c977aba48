/**
 * cucumber-js inside the labgate process, through cucumber's public API: the configuration and the step
 * definitions are loaded once, the pre-pass reads them, and the run reuses them.
 * Feature paths given on the command line replace the configured ones (cucumber 12 would merge them).
 */
import { createRequire } from 'node:module';
import {
  loadConfiguration, loadSupport, runCucumber, type IRunConfiguration, type IRunEnvironment,
} from '@cucumber/cucumber/api';
import type { Envelope } from '@cucumber/messages';
import { allureWritesSettled } from '../report/allureWriter.ts';
import { checkFeatures, type FeatureCheck, type StepLibrary } from '../validate/features.ts';
import { ProblemCollector } from '../validate/problems.ts';
import { notePlanMessage } from './plan.ts';

interface ParsedArgv {
  options: { config?: string; profile: string[]; i18nKeywords?: string; i18nLanguages?: boolean };
  configuration: { paths?: string[] } & Record<string, unknown>;
}

const require = createRequire(import.meta.url);
// cucumber's own command-line parser, so that `labgate run -- <args>` accepts exactly what cucumber-js does
const { default: ArgvParser } = require('@cucumber/cucumber/lib/configuration/argv_parser') as {
  default: { parse(argv: string[]): ParsedArgv };
};

export interface CucumberArgs {
  /** true for --i18n-languages / --i18n-keywords: informational, nothing to check or run */
  informational: boolean;
  parsed: ParsedArgv;
}

/** Parses cucumber-js arguments (commander prints its own message and exits on a bad one, like cucumber-js). */
export function parseCucumberArgs(args: string[]): CucumberArgs {
  const parsed = ArgvParser.parse(['node', 'cucumber-js', ...args]);
  return { informational: Boolean(parsed.options.i18nLanguages || parsed.options.i18nKeywords), parsed };
}

export interface PreparedRun {
  configuration: IRunConfiguration;
  library: StepLibrary;
  environment: IRunEnvironment & { cwd: string };
  forceExit: boolean;
}

export async function prepareRun(args: CucumberArgs, environment: IRunEnvironment & { cwd: string }): Promise<PreparedRun> {
  const { paths: cliPaths, ...provided } = args.parsed.configuration;
  const { useConfiguration, runConfiguration } = await loadConfiguration(
    { file: args.parsed.options.config, profiles: args.parsed.options.profile, provided },
    environment,
  );
  if (cliPaths && cliPaths.length > 0) runConfiguration.sources.paths = cliPaths;
  const library = await loadSupport(runConfiguration, environment);
  return {
    configuration: runConfiguration,
    library: library as unknown as StepLibrary,
    environment,
    forceExit: Boolean(useConfiguration.forceExit),
  };
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
  const collector = new ProblemCollector();
  const { success } = await runCucumber(
    { ...run.configuration, support: run.library as never },
    run.environment,
    (envelope) => {
      collector.onEnvelope(envelope);
      notePlanMessage(envelope);
      onMessage?.(envelope);
    },
  );
  const unwritten = await allureWritesSettled();
  if (unwritten.length > 0) console.error(`labgate: ${unwritten.length} Allure result file(s) not written, first: ${unwritten[0]}`);
  return { success, problems: success ? undefined : collector.summary() };
}
