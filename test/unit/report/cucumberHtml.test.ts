/**
 * cucumber.html as labgate keeps it: titled with the lab, with the script that heads each outline example by its
 * name added once (test/host/cucumberHtml.test.ts runs it in a browser on a real run's page).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labelledCucumberHtml } from '../../../support/report/cucumberHtml.ts';

const PAGE =
  '<html><head><title>Cucumber</title></head><body><div id="content"></div><script>\n</script>\n</body></html>';

test("cucumber's page titled with the lab, the example names' script once, after cucumber's own", () => {
  const once = labelledCucumberHtml(PAGE, '04-k8s-services');
  assert.match(once, /<title>labgate: 04-k8s-services<\/title>/);
  assert.doesNotMatch(once, /<title>Cucumber/);
  assert.equal(once.match(/<script id="labgate-example-names">/g)?.length, 1);
  assert.ok(once.indexOf('labgate-example-names') > once.indexOf('<div id="content">'));
  assert.ok(once.trimEnd().endsWith('</body></html>'));
  assert.equal(labelledCucumberHtml(once, '04-k8s-services'), once, 'labelled twice: the same page');
  assert.match(labelledCucumberHtml(PAGE, 'a<b>'), /<title>labgate: a&lt;b&gt;<\/title>/);
});
