/** The kind of broken promise comes from where a scenario failed, and the executor names the run. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { categoryRegExp } from '../../../support/report/categories.ts';
import { executorFor } from '../../../support/report/courseReport.ts';
import {
  LABGATE_DEFECT,
  NOT_CHECKED,
  PROMISE_KINDS,
  promiseCategories,
  promiseKind,
  TRACE_KIND_PREFIX,
} from '../../../support/report/promiseKinds.ts';

const at = (file: string) =>
  `AssertionError: The lab promises x; it has y.\n    at LabWorld.<anonymous> (/c/${file}:79:41)`;

test("the kind is the failing step file's concept, whatever the message says", () => {
  assert.equal(promiseKind('failed', at('steps/dns.steps.ts')), 'DNS');
  assert.equal(promiseKind('failed', at('steps/rules.steps.ts')), 'Service dataplane');
  // a DNS word in a routing failure does not make it DNS
  assert.equal(promiseKind('failed', `kube-dns resolv.conf ${at('steps/podNetwork.steps.ts')}`), 'Pod network');
  assert.equal(promiseKind('broken', 'TypeError: x is undefined\n    at steps/dns.steps.ts:3:1'), LABGATE_DEFECT);
  assert.equal(promiseKind('failed', 'labgate: the API of the lab is unreachable'), NOT_CHECKED);
  for (const k of PROMISE_KINDS) assert.ok(k.stepFiles.length > 0 && k.name.length <= 20, k.name);
});

test("each kind's category full-matches its own trace and no other", () => {
  for (const kind of [...PROMISE_KINDS.map((k) => k.name), LABGATE_DEFECT, NOT_CHECKED]) {
    const trace = `${TRACE_KIND_PREFIX}${kind}\nAssertionError: whatever\n  at somewhere`;
    const matched = promiseCategories.filter((c) => categoryRegExp(c.traceRegex!).test(trace)).map((c) => c.name);
    assert.deepEqual(matched, [kind]);
  }
  assert.deepEqual(
    promiseCategories.filter((c) => categoryRegExp(c.traceRegex!).test('AssertionError: no kind line')),
    [],
  );
});

test('the executor: the GitHub run with its link, or this machine with the commit', () => {
  const gh = executorFor(
    {
      GITHUB_ACTIONS: 'true',
      GITHUB_RUN_ID: '42',
      GITHUB_RUN_NUMBER: '7',
      GITHUB_WORKFLOW: 'course-gate',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'o/labgate',
    },
    'abcdef0123456789',
    ['01-a', '02-b'],
  );
  assert.deepEqual(gh, {
    name: 'GitHub Actions',
    type: 'github',
    buildName: 'course-gate #7 (abcdef0)',
    buildUrl: 'https://github.com/o/labgate/actions/runs/42',
    reportName: 'labgate: 2 labs of the course',
    reportUrl: 'https://github.com/o/labgate/actions/runs/42',
  });
  const local = executorFor({}, undefined, ['04-k8s-services']);
  assert.equal(local.reportName, 'labgate: 04-k8s-services');
  assert.equal(local.buildName, 'local run');
});
