/** Reads the captured explain fixtures (test/fixtures/explain) and explains them as the CLI does. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { explainInput, type ExplainResult } from '../../../support/kubeproxy/index.ts';
import { repoRoot } from './paths.ts';

export const explainFixturesDir = path.join(repoRoot, 'test', 'fixtures', 'explain');

export function fixtureText(name: string): string {
  return readFileSync(path.join(explainFixturesDir, name), 'utf8');
}

/** The named fixtures pasted one after the other, explained. */
export function explainFixture(...names: string[]): ExplainResult {
  return explainInput(names.map(fixtureText).join('\n'), names.join(' + '));
}
