/**
 * What labgate cannot read, it says so in one line naming the command and the first line it could not read; it
 * never returns a model of half an output.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { LabgateError } from '../../../support/floor/errors.ts';
import { readRouterOutput } from '../../../support/routers/index.ts';
import { labOutput, labText } from '../network/labText.ts';

function problem(typed: string, output: string): string {
  try {
    readRouterOutput(typed, output);
  } catch (err) {
    assert.ok(err instanceof LabgateError, `expected a LabgateError, got ${String(err)}`);
    assert.doesNotMatch(err.oneLine(), /\n/);
    return err.message;
  }
  assert.fail(`"${typed}" read an output it should not have`);
}

const routes = labOutput(labText('06-calico-overlay'), 'ceos#show ip route');

test('a line in a route table that is neither a route nor a next hop is named with its number', () => {
  const lines = routes.split('\n');
  lines.splice(4, 0, ' C        10.10.30.0/24 via the moon');
  assert.equal(
    problem('show ip route', lines.join('\n')),
    'cannot read "show ip route" (eos): line 5 "C        10.10.30.0/24 via the moon" has a route whose next hop ' +
      'is not "via ADDR, IFACE" or "directly connected, IFACE"',
  );
  assert.match(
    problem('show ip route', `${routes}Total routes: 3\n`),
    /^cannot read "show ip route" \(eos\): line \d+ "Total routes: 3" is not a route/,
  );
});

test('an output of another command is not read as this one', () => {
  assert.match(
    problem('show ip interface brief', routes),
    /^cannot read "show ip interface brief" \(eos\): no "Interface \.\.\. IP Address \.\.\." header$/,
  );
  const status = labOutput(labText('06-calico-overlay'), 'ceos#show interface status');
  assert.match(
    problem('show interfaces status', `${status}Et5        up-ish\n`),
    /^cannot read "show interfaces status" \(eos\): line 6 "Et5 {8}up-ish" is not a port row/,
  );
});

test('JSON that is not JSON, or of another shape, and an empty output', () => {
  assert.match(problem('show ip route | json', routes), /^cannot read "show ip route" \(eos-json\): it is not JSON \(/);
  assert.match(
    problem('show ip route | json', '{"interfaces": {}}'),
    /^cannot read "show ip route" \(eos-json\): its JSON has no vrfs of the expected kind/,
  );
  assert.match(
    problem('show ip route json', '[]'),
    /^cannot read "show ip route" \(frr-json\): its JSON has no object/,
  );
  assert.equal(problem('show arp', ' \n'), 'cannot read "show arp" (eos): the output is empty');
});

test('a command labgate does not read, or a pipe it does not know, is refused by name', () => {
  assert.match(problem('show version', 'x'), /^labgate does not read the router command "show version"$/);
  assert.match(problem('show ip route | include 10.', routes), /^labgate does not read the router command/);
  assert.match(problem('show interfaces status json', routes), /^labgate does not read the router command/);
});
