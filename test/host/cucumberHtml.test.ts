/**
 * cucumber.html as a course author sees it, in a real browser (Debian's Chromium, headless): the page is titled
 * with the lab, and each example of a Scenario Outline is headed by its own name, the outline's with the
 * example's values filled in (the run's pickle), not by the outline's `<role>` template and a number "#1.2".
 * The run is real: lab 04 on its twin with the fault nginx-stopped (test/fixtures/outline-fault-04.ndjson.gz,
 * see test/fixtures/course-run.md), whose failed examples cucumber's page opens by itself.
 * Needs chromium (test/host-packages.sh installs it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { createGunzip } from 'node:zlib';
import { CucumberHtmlStream } from '@cucumber/html-formatter';
import { NdjsonToMessageStream } from '@cucumber/message-streams';
import { labelCucumberHtml } from '../../support/report/cucumberHtml.ts';
import { renderedDom } from '../browser.ts';
import { tempDir } from '../tempDir.ts';
import { assertNoSecret } from '../unit/ci/noSecret.ts';

const FIXTURE = new URL('../fixtures/outline-fault-04.ndjson.gz', import.meta.url);
const LAB = '04-k8s-services';

type Json = any;

test('cucumber.html: the lab in the title, each outline example headed by its own filled-in name', async () => {
  const html = join(tempDir('labgate-cucumber-html-'), 'cucumber.html');
  // the page as cucumber's own HTML formatter writes it, from the run's messages
  await pipeline(
    createReadStream(FIXTURE),
    createGunzip(),
    new NdjsonToMessageStream(),
    new CucumberHtmlStream(),
    createWriteStream(html),
  );
  labelCucumberHtml(html, LAB);
  labelCucumberHtml(html, LAB); // twice, as a run alone after `--all` may: the same page
  const page = readFileSync(html, 'utf8');
  assert.equal(page.match(/id="labgate-example-names"/g)?.length, 1);
  assertNoSecret(page, 'cucumber.html');

  // what the run named each example: its table row's id -> the pickle's name; and which examples failed
  const messages: Json[] = [];
  await pipeline(createReadStream(FIXTURE), createGunzip(), new NdjsonToMessageStream(), async (source) => {
    for await (const m of source) messages.push(m);
  });
  const exampleNames = new Map<string, string>();
  for (const m of messages)
    if (m.pickle?.astNodeIds.length > 1) exampleNames.set(m.pickle.astNodeIds.at(-1), m.pickle.name);
  assert.ok(exampleNames.size > 0, 'the run has outline examples');
  for (const name of exampleNames.values()) assert.doesNotMatch(name, /<\w+>/, `a pickle keeps its template: ${name}`);

  const dom = await renderedDom(pathToFileURL(html).href);
  assert.match(dom, new RegExp(`<title>labgate: ${LAB}</title>`));
  // every example heading drawn: <h3 id="<row id>" ...><span ...>its text</span>
  const headings = [...dom.matchAll(/<h3 id="([^"]+)"[^>]*><span[^>]*>([^<]*)<\/span>/g)].map(([, id, text]) => ({
    id: id!,
    text: htmlText(text!),
  }));
  const examples = headings.filter((h) => exampleNames.has(h.id));
  // the page opens the features with a failure: the failed outline examples are among those drawn
  assert.ok(examples.length >= 7, `example headings drawn: ${examples.length}`);
  for (const h of examples) assert.equal(h.text, exampleNames.get(h.id));
  assert.ok(examples.some((h) => h.text === 'Every nginx-deployment pod is Running and Ready'));
  assert.ok(!headings.some((h) => /^#\d+\.\d+$/.test(h.text)), 'an example still headed by its number');
});

function htmlText(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
