/**
 * The scenarios of a lab's features with the links to the text they carry: `@exercise:<n>` says which
 * section of the text a scenario checks (on the feature, the scenario or its Examples; a scenario's
 * `@exercise:3.3` narrows its feature's `@exercise:3`), and `@cmd:<words>`
 * which command of that section, by the start of its words joined with "-" (`@cmd:kubectl-get-pods`
 * matches `kubectl get pods -o wide`). The shown output of a command is checked by the scenarios of its command.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { generateMessages } from '@cucumber/gherkin';
import { IdGenerator, SourceMediaType, type Tag } from '@cucumber/messages';
import { LabgateError } from '../../floor/errors.ts';

export interface LinkedScenario {
  file: string; // relative to the features folder's parent, e.g. "04-k8s-services/02-pods-and-service.feature"
  line: number;
  name: string;
  examples: number; // rows of a Scenario Outline, 0 for a plain Scenario
  exercises: string[];
  cmds: Array<{ slug: string; line: number }>;
}

export const EXERCISE_TAG = '@exercise:';
export const CMD_TAG = '@cmd:';

export function readScenarios(featuresDir: string): LinkedScenario[] {
  const files = readdirSync(featuresDir)
    .filter((f) => f.endsWith('.feature'))
    .sort();
  return files.flatMap((f) => scenariosOf(path.join(featuresDir, f), `${path.basename(featuresDir)}/${f}`));
}

function scenariosOf(file: string, shown: string): LinkedScenario[] {
  const envelopes = generateMessages(readFileSync(file, 'utf8'), shown, SourceMediaType.TEXT_X_CUCUMBER_GHERKIN_PLAIN, {
    includeGherkinDocument: true,
    includePickles: false,
    includeSource: false,
    newId: IdGenerator.incrementing(),
  });
  const error = envelopes.find((e) => e.parseError)?.parseError;
  if (error) throw new LabgateError(`${shown}:${error.source.location?.line ?? 0}: ${error.message.split('\n')[0]}`);
  const feature = envelopes.find((e) => e.gherkinDocument)?.gherkinDocument?.feature;
  if (!feature) return [];
  const out: LinkedScenario[] = [];
  const visit = (children: typeof feature.children, inherited: readonly Tag[]) => {
    for (const child of children) {
      if (child.rule) visit(child.rule.children, [...inherited, ...child.rule.tags]);
      const s = child.scenario;
      if (!s) continue;
      const tags = [...inherited, ...s.tags, ...s.examples.flatMap((e) => e.tags)];
      out.push({
        file: shown,
        line: s.location.line,
        name: s.name,
        examples: s.examples.reduce((n, e) => n + e.tableBody.length, 0),
        exercises: narrowest(
          tags.filter((t) => t.name.startsWith(EXERCISE_TAG)).map((t) => t.name.slice(EXERCISE_TAG.length)),
        ),
        cmds: tags
          .filter((t) => t.name.startsWith(CMD_TAG))
          .map((t) => ({ slug: t.name.slice(CMD_TAG.length), line: t.location.line })),
      });
    }
  };
  visit(feature.children, feature.tags);
  return out;
}

/** The exercises without those another one narrows ("3" and "3.3" give "3.3"; "3.1" and "4" stay both). */
export function narrowest(exercises: string[]): string[] {
  const unique = [...new Set(exercises)];
  return unique.filter((e) => !unique.some((other) => other.startsWith(`${e}.`)));
}

/** A section and an exercise are the same part of the text, or one holds the other ("4" and "4.1"). */
export function related(section: string, exercise: string): boolean {
  return section === exercise || section.startsWith(`${exercise}.`) || exercise.startsWith(`${section}.`);
}

/** A `@cmd:` link matches a command when it is the start of the command's words. */
export function cmdMatches(link: string, commandSlug: string): boolean {
  return commandSlug === link || commandSlug.startsWith(`${link}-`);
}
