/** How many features and scenarios a lab's folder holds, read with the Gherkin parser (nothing is run). */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { generateMessages } from '@cucumber/gherkin';
import { IdGenerator, SourceMediaType } from '@cucumber/messages';
import { LabgateError } from '../floor/errors.ts';

/** Tags of scenarios that a run against a live lab leaves out (the same as the cucumber profiles). */
export const NOT_ON_A_LIVE_LAB = ['@after-destroy', '@mutating'];

export interface ScenarioCount {
  features: number;
  scenarios: number;
  liveScenarios: number;
  /** scenarios that change the lab (`@mutating`): run only on a disposable lab */
  mutatingScenarios: number;
}

export async function countScenarios(featuresDir: string): Promise<ScenarioCount> {
  const files = readdirSync(featuresDir)
    .filter((f) => f.endsWith('.feature'))
    .sort();
  let scenarios = 0;
  let liveScenarios = 0;
  let mutatingScenarios = 0;
  for (const file of files) {
    const envelopes = generateMessages(
      readFileSync(path.join(featuresDir, file), 'utf8'),
      file,
      SourceMediaType.TEXT_X_CUCUMBER_GHERKIN_PLAIN,
      {
        includeGherkinDocument: false,
        includePickles: true,
        includeSource: false,
        newId: IdGenerator.incrementing(),
      },
    );
    const error = envelopes.find((e) => e.parseError)?.parseError;
    if (error)
      throw new LabgateError(
        `${path.join(featuresDir, file)}:${error.source.location?.line ?? 0}: ${error.message.split('\n')[0]}`,
        'fix the Gherkin at that line',
      );
    for (const e of envelopes) {
      if (!e.pickle) continue;
      scenarios++;
      const tags = e.pickle.tags.map((t) => t.name);
      if (!tags.some((t) => NOT_ON_A_LIVE_LAB.includes(t))) liveScenarios++;
      if (tags.includes('@mutating') && !tags.includes('@after-destroy')) mutatingScenarios++;
    }
  }
  return { features: files.length, scenarios, liveScenarios, mutatingScenarios };
}
