/**
 * cucumber-js's own command-line parser, so that `labgate run -- <args>` accepts exactly what cucumber-js does.
 * Apart from the run itself (cucumberRun.ts): the arguments are read before the rest of cucumber loads.
 */
import { createRequire } from 'node:module';

interface ParsedArgv {
  options: { config?: string; profile: string[]; i18nKeywords?: string; i18nLanguages?: boolean };
  configuration: { paths?: string[] } & Record<string, unknown>;
}

const require = createRequire(import.meta.url);
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
