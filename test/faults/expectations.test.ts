/**
 * The matrix's judgement of one run against one row: exact required set, tolerated random set, each required
 * scenario's message and how it failed, abort; and the row's patterns checked against a healthy run.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  checkPatterns,
  compare,
  failedByAssertion,
  faultScope,
  scopeProblems,
  type FaultExpectation,
} from './expectations.ts';
import { readMessages, type ScenarioOutcome, type SuiteRun } from './suiteRun.ts';

function run(scenarios: ScenarioOutcome[], exitCode = 1, output = ''): SuiteRun {
  return { exitCode, output, scenarios, seconds: 1 };
}
const pass = (name: string, findings?: string[]): ScenarioOutcome => ({
  name,
  status: 'passed',
  ...(findings ? { findings } : {}),
});
const fail = (
  name: string,
  message = 'AssertionError: observed 0.9',
  errorType = 'AssertionError',
): ScenarioOutcome => ({ name, status: 'failed', message, errorType });

const row: FaultExpectation = {
  breaks: 'x',
  fail: { A: 'observed 0\\.9', B: 'B saw \\d+' },
  mayFail: { why: 'random', names: ['C'] },
};

test('a run failing exactly the required scenarios, with the right messages, matches', () => {
  const b = fail('B', 'AssertionError: B saw 3');
  assert.deepEqual(compare(row, run([fail('A'), pass('C'), b, pass('D')])), []);
  assert.deepEqual(
    compare(row, run([fail('A'), fail('C'), b, pass('D')])),
    [],
    'a tolerated random failure is allowed',
  );
});

test('a missed failure, an extra failure and a wrong message are each reported', () => {
  assert.deepEqual(compare(row, run([fail('A'), pass('B'), fail('D')])), [
    'expected to fail but passed: B',
    'failed unexpectedly: D: AssertionError: observed 0.9',
  ]);
  assert.deepEqual(
    compare(row, run([fail('A', 'AssertionError: observed 0.5'), fail('B', 'AssertionError: B saw 2')])),
    ['the message of "A" does not match /observed 0\\.9/: AssertionError: observed 0.5'],
  );
  assert.deepEqual(compare(row, run([fail('A')])), ['expected to fail but did not run: B']);
  assert.match(compare(row, run([], 1, 'labgate: boom'))[0]!, /^no scenario ran/);
});

test("every required scenario's message is checked, not only the first", () => {
  assert.deepEqual(compare(row, run([fail('A'), fail('B', 'AssertionError: B saw none')])), [
    'the message of "B" does not match /B saw \\d+/: AssertionError: B saw none',
  ]);
});

test('a scenario that fails by an error (exec, timeout) where the row wants its assertion is reported', () => {
  const thrown = fail('B', 'Error: B saw 3 before docker exec timed out', 'Error');
  assert.deepEqual(compare(row, run([fail('A'), thrown])), [
    '"B" should fail by its assertion; it failed by an error (Error): Error: B saw 3 before docker exec timed out',
  ]);
  const byError: FaultExpectation = {
    breaks: 'x',
    fail: { A: { error: 'cannot read ip6tables', why: 'the node is stopped' } },
  };
  assert.deepEqual(compare(byError, run([fail('A', 'LabgateError: cannot read ip6tables on w2', 'LabgateError')])), []);
  assert.deepEqual(compare(byError, run([fail('A', 'AssertionError: cannot read ip6tables')])), [
    '"A" should fail by an error; it failed by its assertion: AssertionError: cannot read ip6tables',
  ]);
});

test('without the thrown type, an assertion is known by its message', () => {
  assert.equal(failedByAssertion({ name: 'A', status: 'failed', message: 'AssertionError: x' }), true);
  assert.equal(failedByAssertion({ name: 'A', status: 'failed', message: 'Error: command timed out' }), false);
});

test('an aborting row wants no scenario and the named output', () => {
  const aborts: FaultExpectation = { breaks: 'x', fail: {}, aborts: 'node container \\S+ is exited' };
  assert.deepEqual(compare(aborts, run([], 2, 'labgate: lab node container w2 is exited')), []);
  assert.equal(compare(aborts, run([pass('A')], 0, '')).length, 3);
});

test("a pattern that matches its scenario's healthy message is rejected", () => {
  const healthy = run([pass('A', ['probabilities 0.50000, none']), pass('B', ['B saw 2 of 2'])], 0);
  assert.deepEqual(checkPatterns(row, healthy), ['the pattern of "B" matches its healthy message: B saw 2 of 2']);
  const ttl: FaultExpectation = { breaks: 'x', fail: { T: 'ttl 30.*5' } };
  assert.deepEqual(
    checkPatterns(ttl, run([pass('T', ['answers with ttl 30, as the lab shows; got ttl 30 from 10.96.0.5'])], 0)),
    [
      'the pattern of "T" matches its healthy message: ' +
        'answers with ttl 30, as the lab shows; got ttl 30 from 10.96.0.5',
    ],
  );
  const tight: FaultExpectation = { breaks: 'x', fail: { A: 'observed 0\\.9', B: 'B saw [013-9]' } };
  assert.deepEqual(checkPatterns(tight, healthy), []);
});

test('a pattern with nothing healthy to check it against is rejected, as are a bad pattern and an error without why', () => {
  const healthy = run([pass('A'), fail('B'), pass('C', ['c'])], 1);
  const rows: FaultExpectation = { breaks: 'x', fail: { A: 'a', B: 'b', C: '(', D: 'd', E: { error: 'e', why: '' } } };
  assert.deepEqual(checkPatterns(rows, run([...healthy.scenarios, pass('E', ['x'])], 1)), [
    'the healthy run of "A" reported no finding to check the pattern against',
    '"B" did not pass in the healthy run',
    'the pattern of "C" is not a regular expression: Invalid regular expression: /(/s: Unterminated group',
    'the healthy run has no scenario "D"',
    '"E" fails by an error: say why',
  ]);
});

test('scenario outcomes are read from a cucumber message stream: first failure, its type, every finding', () => {
  const lines = [
    { pickle: { id: 'p1', name: 'One', uri: 'features/x/01-one.feature' } },
    { pickle: { id: 'p2', name: 'Two' } },
    { testCase: { id: 't1', pickleId: 'p1' } },
    { testCase: { id: 't2', pickleId: 'p2' } },
    { testCaseStarted: { id: 's1', testCaseId: 't1' } },
    { attachment: { testCaseStartedId: 's1', fileName: 'finding.txt', body: 'one is fine', mediaType: 'text/plain' } },
    { attachment: { testCaseStartedId: 's1', fileName: 'nat.txt', body: 'evidence', mediaType: 'text/plain' } },
    { testStepFinished: { testCaseStartedId: 's1', testStepResult: { status: 'PASSED' } } },
    { testCaseStarted: { id: 's2', testCaseId: 't2' } },
    {
      attachment: {
        testCaseStartedId: 's2',
        fileName: 'finding.txt',
        body: Buffer.from('two saw 3').toString('base64'),
        contentEncoding: 'BASE64',
        mediaType: 'text/plain',
      },
    },
    {
      testStepFinished: {
        testCaseStartedId: 's2',
        testStepResult: { status: 'FAILED', message: 'first', exception: { type: 'AssertionError' } },
      },
    },
    { testStepFinished: { testCaseStartedId: 's2', testStepResult: { status: 'SKIPPED' } } },
  ];
  assert.deepEqual(readMessages(lines.map((l) => JSON.stringify(l)).join('\n')), [
    { ...pass('One', ['one is fine']), uri: 'features/x/01-one.feature' },
    { ...fail('Two', 'first'), findings: ['two saw 3'] },
  ]);
});

test("a fault's run is limited to the features of the scenarios its row fails; an abort or an unknown name runs all", () => {
  const at = (o: ScenarioOutcome, uri: string): ScenarioOutcome => ({ ...o, uri });
  const healthy = run(
    [
      at(pass('A'), 'f/1.feature'),
      at(pass('B'), 'f/2.feature'),
      at(pass('D'), 'f/2.feature'),
      at(pass('E'), 'f/3.feature'),
    ],
    0,
  );
  assert.deepEqual(faultScope(row, healthy), ['f/1.feature', 'f/2.feature']);
  assert.equal(faultScope(row, healthy, true), undefined, 'LABGATE_MATRIX_SCOPE=suite');
  assert.equal(faultScope({ ...row, aborts: 'cannot' }, healthy), undefined);
  assert.equal(faultScope({ ...row, fail: { Z: 'x' } }, healthy), undefined, 'a name the healthy run lacks');
  const scope = ['f/1.feature', 'f/2.feature'];
  const limited = run([at(fail('A'), 'f/1.feature'), at(fail('B'), 'f/2.feature'), at(pass('D'), 'f/2.feature')]);
  assert.deepEqual(scopeProblems(scope, healthy, limited), []);
  assert.deepEqual(scopeProblems(scope, healthy, run([at(fail('A'), 'f/1.feature'), at(pass('E'), 'f/3.feature')])), [
    'did not run although its feature was run: B',
    'did not run although its feature was run: D',
    "ran outside the fault's features: E",
  ]);
  assert.deepEqual(scopeProblems(undefined, healthy, run([pass('A')])), [], "the whole suite is compare()'s");
});
