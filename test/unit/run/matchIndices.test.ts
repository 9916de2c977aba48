import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { CucumberExpression, ParameterTypeRegistry } from '@cucumber/cucumber-expressions';
import { execWithIndices } from '../../../support/run/matchIndices.ts';

// the polyfill cucumber-expressions would use, loaded from where it loads it
const fromCucumber = createRequire(createRequire(import.meta.url).resolve('@cucumber/cucumber'));
const fromExpressions = createRequire(fromCucumber.resolve('@cucumber/cucumber-expressions'));
const polyfill = fromExpressions('regexp-match-indices/implementation') as (
  this: RegExp,
  s: string,
) => RegExpExecArray | null;

const registry = new ParameterTypeRegistry();
const cases: Array<[string, string]> = [
  [
    'it opens {int} new connections to the VIP of {string} port {int}',
    'it opens 200 new connections to the VIP of "nginx-service" port 80',
  ],
  [
    'the first of its {int} endpoint rules has probability {float}',
    'the first of its 2 endpoint rules has probability 0.5',
  ],
  ['{string} has exactly one cluster IP, of family IPv4', '"nginx-service" has exactly one cluster IP, of family IPv4'],
  ['the Endpoints object of {string} lists the same addresses', 'no match here'],
  ['a word {word} and optional(s) text', 'a word pod and optionals text'],
];

for (const [expression, text] of cases) {
  test(`native indices equal the polyfill's: ${expression}`, () => {
    const regexp = new CucumberExpression(expression, registry).regexp;
    const native = execWithIndices(regexp, text);
    const slow = polyfill.call(regexp, text);
    assert.deepEqual(native === null ? null : [...native], slow === null ? null : [...slow]);
    assert.deepEqual(
      native?.indices ? [...native.indices] : null,
      slow ? [...(slow as unknown as { indices: Array<[number, number]> }).indices] : null,
    );
  });
}

test('a global pattern keeps its lastIndex across calls, as exec does', () => {
  const re = /a(b)?/g;
  const first = execWithIndices(re, 'ab a');
  assert.equal(first?.index, 0);
  assert.equal(re.lastIndex, 2);
  const second = execWithIndices(re, 'ab a');
  assert.equal(second?.index, 3);
  assert.deepEqual(second?.indices?.[1], undefined);
});
