/**
 * Where the Allure reporter's files go: the results directory, as with Allure's own FileSystemWriter, but
 * written in the background. Allure's writer fsyncs every result and attachment on the main thread (about
 * 0.4 s per lab-04 run, stalling the scenarios' execs); a results directory that is read once, after the
 * run, needs no fsync. `allureWritesSettled()` waits for every write (the run awaits it before it exits).
 */
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TestResult, TestResultContainer } from 'allure-js-commons';
import { stringifyEnvInfo, type Writer } from 'allure-js-commons/sdk/reporter';

type Globals = Parameters<Writer['writeGlobals']>[1];
type EnvironmentInfo = Parameters<Writer['writeEnvironmentInfo']>[0];
type Category = Parameters<Writer['writeCategoriesDefinitions']>[0][number];

const pending = new Set<Promise<void>>();
const failures: string[] = [];

export class BackgroundResultsWriter implements Writer {
  constructor(private readonly resultsDir: string) {}

  writeResult(result: TestResult): void {
    this.write(`${result.uuid}-result.json`, JSON.stringify(result));
  }

  writeGroup(group: TestResultContainer): void {
    this.write(`${group.uuid}-container.json`, JSON.stringify(group));
  }

  writeAttachment(name: string, content: Buffer): void {
    this.write(name, content);
  }

  writeAttachmentFromPath(name: string, from: string): void {
    this.track((to) => copyFile(from, to), name);
  }

  writeEnvironmentInfo(info: EnvironmentInfo): void {
    this.write('environment.properties', stringifyEnvInfo(info));
  }

  writeCategoriesDefinitions(categories: Category[]): void {
    this.write('categories.json', JSON.stringify(categories));
  }

  writeGlobals(name: string, globals: Globals): void {
    this.write(name, JSON.stringify(globals));
  }

  private write(name: string, content: string | Buffer): void {
    this.track((to) => writeFile(to, content), name);
  }

  private track(op: (to: string) => Promise<unknown>, name: string): void {
    const to = path.join(this.resultsDir, name);
    // made for each file: `labgate run --all` moves the directory away between labs
    const p = mkdir(this.resultsDir, { recursive: true })
      .then(() => op(to))
      .then(
        () => undefined,
        (err: unknown) => {
          failures.push(`${to}: ${err instanceof Error ? err.message : String(err)}`);
        },
      )
      .finally(() => pending.delete(p));
    pending.add(p);
  }
}

/** Waits until every Allure file of the run is written; resolves to the files that could not be written. */
export async function allureWritesSettled(): Promise<string[]> {
  while (pending.size > 0) await Promise.all([...pending]);
  return failures.splice(0);
}
