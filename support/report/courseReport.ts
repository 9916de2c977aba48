/**
 * Where a course run's lab parts are and who ran it. A local run keeps each lab's reports in reports/<lab>/
 * (`labgate run --all`, and `run --lab X` replaces X's folder); a CI run's artifacts hold <lab>/read-only/ and
 * <lab>/mutating/. Each folder with Allure results and cucumber messages is one part of the report.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Executor } from './courseResults.ts';

export const PART_FOLDERS = ['.', 'read-only', 'mutating'];
export const MESSAGES_FILE = 'cucumber-messages.ndjson';
export const RESULTS_FOLDER = 'allure-results';

export interface PartDir {
  lab: string;
  dir: string; // holds allure-results/ and cucumber-messages.ndjson
}

/** The parts of the labs given, in their order: a lab with no results is left out (it did not run here). */
export function findPartDirs(fromDir: string, labs: string[]): PartDir[] {
  return labs.flatMap((lab) =>
    PART_FOLDERS.map((f) => path.join(fromDir, lab, f))
      .filter((dir) => existsSync(path.join(dir, RESULTS_FOLDER)) && existsSync(path.join(dir, MESSAGES_FILE)))
      .map((dir) => ({ lab, dir })),
  );
}

/** The same results give the same id: a rebuild of one run is recognised and adds no point to the trends. */
export function runIdOf(parts: PartDir[]): string {
  const hash = createHash('sha256');
  for (const p of parts) {
    const results = readdirSync(path.join(p.dir, RESULTS_FOLDER))
      .filter((f) => f.endsWith('-result.json'))
      .sort();
    hash.update(`${p.lab}\n${results.join('\n')}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

/** The executor widget: the CI run with its link, or this machine's run with its commit. */
export function executorFor(env: NodeJS.ProcessEnv, commit: string | undefined, labs: string[]): Executor {
  const reportName = `labgate: ${labs.length === 1 ? labs[0] : `${labs.length} labs of the course`}`;
  const short = commit?.slice(0, 7) ?? 'no commit';
  if (env.GITHUB_ACTIONS === 'true' && env.GITHUB_RUN_ID) {
    const runUrl = `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`;
    return {
      name: 'GitHub Actions',
      type: 'github',
      buildName: `${env.GITHUB_WORKFLOW ?? 'labgate'} #${env.GITHUB_RUN_NUMBER ?? env.GITHUB_RUN_ID} (${short})`,
      buildUrl: runUrl,
      reportName,
      reportUrl: runUrl,
    };
  }
  return {
    name: 'labgate',
    type: 'local',
    buildName: commit ? `local run (commit ${short})` : 'local run',
    reportName,
  };
}
