/** The matrix's judgement of one run against one row: exact required set, tolerated random set, message, abort. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compare, type FaultExpectation } from './expectations.ts';
import { readMessages, type ScenarioOutcome, type SuiteRun } from './suiteRun.ts';

function run(scenarios: ScenarioOutcome[], exitCode = 1, output = ''): SuiteRun {
  return { exitCode, output, scenarios, seconds: 1 };
}
const pass = (name: string): ScenarioOutcome => ({ name, status: 'passed' });
const fail = (name: string, message = 'AssertionError: observed 0.9'): ScenarioOutcome => ({
  name,
  status: 'failed',
  message,
});

const row: FaultExpectation = {
  breaks: 'x',
  fail: ['A', 'B'],
  mayFail: { why: 'random', names: ['C'] },
  firstMessage: 'observed 0\\.9',
};

test('a run failing exactly the required scenarios, with the right message, matches', () => {
  assert.deepEqual(compare(row, run([fail('A'), pass('C'), fail('B'), pass('D')])), []);
  assert.deepEqual(
    compare(row, run([fail('A'), fail('C'), fail('B'), pass('D')])),
    [],
    'a tolerated random failure is allowed',
  );
});

test('a missed failure, an extra failure and a wrong message are each reported', () => {
  assert.deepEqual(compare(row, run([fail('A'), pass('B'), fail('D')])), [
    'expected to fail but passed: B',
    'failed unexpectedly: D',
  ]);
  assert.deepEqual(compare(row, run([fail('A', 'AssertionError: observed 0.5'), fail('B')])), [
    'the message of "A" does not match /observed 0\\.9/: AssertionError: observed 0.5',
  ]);
  assert.deepEqual(compare(row, run([fail('A')])), ['expected to fail but did not run: B']);
  assert.match(compare(row, run([], 1, 'labgate: boom'))[0]!, /^no scenario ran/);
});

test('an aborting row wants no scenario and the named output', () => {
  const aborts: FaultExpectation = { breaks: 'x', fail: [], aborts: 'node container \\S+ is exited' };
  assert.deepEqual(compare(aborts, run([], 2, 'labgate: lab node container w2 is exited')), []);
  assert.equal(compare(aborts, run([pass('A')], 0, '')).length, 3);
});

test('scenario outcomes are read from a cucumber message stream, first failed step message kept', () => {
  const lines = [
    { pickle: { id: 'p1', name: 'One' } },
    { pickle: { id: 'p2', name: 'Two' } },
    { testCase: { id: 't1', pickleId: 'p1' } },
    { testCase: { id: 't2', pickleId: 'p2' } },
    { testCaseStarted: { id: 's1', testCaseId: 't1' } },
    { testStepFinished: { testCaseStartedId: 's1', testStepResult: { status: 'PASSED' } } },
    { testCaseStarted: { id: 's2', testCaseId: 't2' } },
    { testStepFinished: { testCaseStartedId: 's2', testStepResult: { status: 'FAILED', message: 'first' } } },
    { testStepFinished: { testCaseStartedId: 's2', testStepResult: { status: 'SKIPPED' } } },
  ];
  assert.deepEqual(readMessages(lines.map((l) => JSON.stringify(l)).join('\n')), [pass('One'), fail('Two', 'first')]);
});
