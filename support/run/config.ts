/**
 * cucumber-js profiles for labgate, shared by cucumber.js (cucumber-js started directly, TypeScript through
 * tsx) and the built CLI (support code from the build). `supportImports` says what cucumber loads as support.
 */
import path from 'node:path';
import { REPO_ROOT } from '../lab/catalog.ts';

interface LabChoice {
  name: string;
  featuresDir: string;
}

/** The lab a run checks, as `labgate run` hands it over (a Target has these fields and more). */
export interface ProfileTarget {
  labName: string;
  featuresDir: string;
  source: string;
}

/** What cucumber-js loads when the TypeScript sources run through tsx. */
export const SOURCE_IMPORTS = ['support/**/*.ts', 'steps/**/*.ts'];

async function allureOptions(): Promise<Record<string, unknown>> {
  try {
    const mod = await import('../report/allureConfig.ts');
    if (mod.allureReporterOptions) return mod.allureReporterOptions as unknown as Record<string, unknown>;
  } catch {
    // the report helper is optional: fall back to a minimal configuration
  }
  return {
    resultsDir: 'reports/allure-results',
    labels: [
      { name: 'severity', pattern: [/^@severity:/] },
      { name: 'epic', pattern: [/^@lab:/] },
      { name: 'story', pattern: [/^@exercise:/] },
    ],
  };
}

// Started without `labgate run`: the lab chosen as labgate would (LABGATE_LAB, the only lab, the deployed one);
// when that is ambiguous, every lab's features (a dry run checks them all; a live run stops in the hooks).
async function defaultLab(): Promise<LabChoice | undefined> {
  try {
    const { chooseLab } = await import('../lab/catalog.ts');
    return chooseLab(undefined, process.env, process.cwd());
  } catch {
    return undefined;
  }
}

/** What cucumber loads as support code: the build's one file, or the TypeScript sources through tsx. */
export function supportImports(buildDir = process.env.LABGATE_BUILD_DIR): string[] {
  if (!buildDir) return SOURCE_IMPORTS;
  const built = path.join(buildDir, 'support.js');
  return [path.relative(process.cwd(), built) || built];
}

export async function cucumberProfiles(
  supportImports: string[],
  target?: ProfileTarget,
): Promise<Record<string, Record<string, unknown>>> {
  const lab = target ? { name: target.labName, featuresDir: target.featuresDir } : await defaultLab();
  const targetName = target ? `${target.labName} on ${target.source}` : (lab?.name ?? 'every lab');
  const onCi = process.env.CI === 'true' || !process.stdout.isTTY;
  const base = {
    import: supportImports,
    paths: [lab ? `${path.relative(REPO_ROOT, lab.featuresDir)}/**/*.feature` : 'features/**/*.feature'],
    format: [
      onCi ? 'progress' : 'progress-bar',
      'html:reports/cucumber.html',
      'junit:reports/junit.xml',
      'message:reports/cucumber-messages.ndjson',
      // the Allure formatter writes its files itself; its own stream goes to a scratch file, not stdout
      ['allure-cucumberjs/reporter', 'reports/.allure-reporter.out'],
    ],
    formatOptions: {
      ...(await allureOptions()),
      junit: { suiteName: `labgate ${targetName}` },
      snippetInterface: 'async-await',
    },
  };
  const liveLab = 'not @after-destroy and not @mutating';
  return {
    default: { ...base, tags: liveLab },
    lab: { ...base, tags: liveLab },
    // the twin is disposable by nature: the scenarios that change the lab run on it too, in the text's order
    twin: { ...base, tags: 'not @after-destroy' },
    // a lab deployed for this run alone (CI): the scenarios that change it run too, after the read-only ones
    disposable: { ...base, tags: '@mutating and not @after-destroy' },
    'after-destroy': { ...base, tags: '@after-destroy' },
  };
}
