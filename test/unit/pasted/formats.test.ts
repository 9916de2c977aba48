/**
 * The catalogue `labgate read` serves: every name once, every router command in each format it comes in, the
 * other concepts' parsers reached by name on recorded outputs, and a lab block read with its fences.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { LabgateError } from '../../../support/floor/errors.ts';
import { PASTED_FORMATS, describeReading, pastedFormat } from '../../../support/pasted/index.ts';
import { withoutFences } from '../../../support/pasted/formats.ts';
import type { PingRun, Route } from '../../../support/podnet/index.ts';
import { KNOWN_COMMANDS, type RouterState } from '../../../support/routers/index.ts';
import { labOutput, labText, networkFixture } from '../network/labText.ts';

test('every format has one name, and every router command has one per format it is printed in', () => {
  const names = PASTED_FORMATS.map((f) => f.name);
  assert.equal(new Set(names).size, names.length);
  assert.equal(
    PASTED_FORMATS.filter((f) => /^(eos|frr)-/.test(f.name)).length,
    KNOWN_COMMANDS.reduce((n, c) => n + c.formats.length, 0),
  );
  for (const name of ['dig', 'ip-addr-json', 'ip-route-json', 'ping', 'tcpdump', 'kubectl-table', 'eos-arp']) {
    assert.ok(names.includes(name), name);
  }
});

test('a router command as typed names its format; anything else unknown is one error', () => {
  assert.equal(pastedFormat('show ip route | json').name, 'eos-ip-route-json');
  assert.equal(pastedFormat('show bgp summary json').name, 'frr-bgp-summary-json');
  assert.equal(pastedFormat('show running-config | s bgp').name, 'eos-bgp-config');
  assert.throws(
    () => pastedFormat('ip-rout'),
    (e) => e instanceof LabgateError && /unknown format "ip-rout"/.test(e.message),
  );
});

test('recorded ping and ip outputs are read by name, as their concepts read them', () => {
  const ping = pastedFormat('ping').read(networkFixture('ping-cross-node.txt')) as PingRun;
  assert.ok(ping.replies.length > 0 && ping.summary !== undefined);
  const routes = pastedFormat('ip-route').read(networkFixture('node1-ip-route.txt')) as Route[];
  assert.ok(routes.some((r) => r.cidr === '0.0.0.0/0'));
  assert.throws(() => pastedFormat('ping').read('hello\n'), /cannot read it as ping: line 1: "hello"/);
});

test("a lab block pasted with its fences keeps its line numbers; lab 06's status reads as four ports", () => {
  assert.equal(withoutFences('```bash\nA\n```\n'), '\nA\n\n');
  assert.equal(withoutFences('A\n```\n'), 'A\n\n');
  assert.equal(withoutFences('```\n'), '\n');
  const block = `\`\`\`\n${labOutput(labText('06-calico-overlay'), 'ceos#show interface status')}\`\`\`\n`;
  const state = pastedFormat('eos-interfaces-status').read(block) as RouterState;
  assert.deepEqual(
    state.interfaces.map((i) => i.name),
    ['Ethernet1', 'Ethernet2', 'Ethernet3', 'Ethernet4'],
  );
  const shown = describeReading('eos-interfaces-status', state);
  assert.match(shown, /^show interfaces status \(eos\)\ninterfaces: 4\n/);
  assert.match(shown, /\nvlans: 10 \(Ethernet1, Ethernet2, Ethernet3\); 20 \(Ethernet4\)\n$/);
});
