// cucumber-js configuration (ESM). The steps and support code are TypeScript: tsx is registered here,
// before cucumber imports them (cucumber's `loader`/`requireModule` options do not work with tsx 4).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();

const target = parseTarget(process.env.LABGATE_TARGET);
const lab = target ? { name: target.labName, featuresDir: target.featuresDir } : await defaultLab();
const targetName = target ? `${target.labName} on ${target.source}` : lab?.name ?? 'every lab';
const onCi = process.env.CI === 'true' || !process.stdout.isTTY;

async function allureOptions() {
  try {
    const mod = await import('./support/report/allureConfig.ts');
    if (mod.allureReporterOptions) return mod.allureReporterOptions;
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
async function defaultLab() {
  try {
    const { chooseLab } = await import('./support/lab/catalog.ts');
    return chooseLab(undefined, process.env, process.cwd());
  } catch {
    return undefined;
  }
}

function parseTarget(raw) {
  try {
    return raw ? JSON.parse(raw) : undefined;
  } catch {
    return undefined;
  }
}

const base = {
  import: ['support/**/*.ts', 'steps/**/*.ts'],
  paths: [lab ? `${path.relative(path.dirname(fileURLToPath(import.meta.url)), lab.featuresDir)}/**/*.feature` : 'features/**/*.feature'],
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

// A default function lets profile names carry a hyphen (`--profile after-destroy`).
export default function profiles() {
  return {
    default: { ...base, tags: liveLab },
    lab: { ...base, tags: liveLab },
    twin: { ...base, tags: liveLab },
    'after-destroy': { ...base, tags: '@after-destroy' },
  };
}
