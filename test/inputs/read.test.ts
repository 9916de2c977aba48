/**
 * `labgate read` on outputs it cannot read: an unknown format, a router output with a line that is not EOS's, JSON
 * that is not JSON, a file that is not there, no format at all. Each is one `labgate:` line and a non-zero exit;
 * and a lab text's own block (read at test time from ../shared) is read, with its fences, as the gate reads it.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { labOutput, labText } from '../unit/network/labText.ts';
import { problemLine, runCli, tempDir, writeFile } from './harness.ts';

const env = process.env;
const routes = labOutput(labText('06-calico-overlay'), 'ceos#show ip route');

test('read: an unknown format names itself and where the formats are listed', async () => {
  const line = problemLine(await runCli(['read', 'eos-ip-routes', 'x'], env), 2);
  assert.equal(line, 'labgate: unknown format "eos-ip-routes" (labgate read --list names the formats it reads)');
});

test('read: a route table with a line EOS does not print names the command and the line', async () => {
  const { dir, cleanup } = tempDir('read');
  try {
    const file = writeFile(
      dir,
      'routes.txt',
      routes.replace('Vlan20', 'Vlan20\n S        0.0.0.0/0 [1/0] via nowhere'),
    );
    const line = problemLine(await runCli(['read', 'eos-ip-route', file], env), 2);
    assert.match(
      line,
      /^labgate: cannot read "show ip route" \(eos\): line 7 "S {8}0\.0\.0\.0\/0 \[1\/0\] via nowhere" has a route whose next hop/,
    );
  } finally {
    cleanup();
  }
});

test('read: text given as JSON, a missing file, and no format are one line each', async () => {
  const { dir, cleanup } = tempDir('read');
  try {
    const file = writeFile(dir, 'routes.txt', routes);
    assert.match(
      problemLine(await runCli(['read', 'show ip route | json', file], env), 2),
      /^labgate: cannot read "show ip route" \(eos-json\): it is not JSON/,
    );
    assert.match(
      problemLine(await runCli(['read', 'frr-bgp-summary-json', `${dir}/none.json`], env), 2),
      /^labgate: cannot read .*none\.json: no such file/,
    );
    assert.match(problemLine(await runCli(['read'], env), 2), /^labgate: labgate read needs a format/);
    assert.match(
      problemLine(await runCli(['read', 'ping', file], env), 2),
      /^labgate: cannot read it as ping: line 1: "Gateway of last resort is not set" is not part of ping output/,
    );
  } finally {
    cleanup();
  }
});

test("read: lab 06's route table, fences and all, as the gate reads it; --json is the model", async () => {
  const { dir, cleanup } = tempDir('read');
  try {
    const file = writeFile(dir, 'routes.md', `\`\`\`\n${routes}\`\`\`\n`);
    const shown = await runCli(['read', 'show ip route', file], env);
    assert.equal(shown.exitCode, 0, shown.stderr);
    assert.match(shown.stdout, /^show ip route \(eos\)\ngateway of last resort: not set\nroutes: 3\n/);
    assert.match(shown.stdout, /C {5}connected {2}10\.10\.20\.0\/24 {3}- {16}Vlan20\n/);
    const json = await runCli(['read', 'eos-ip-route', file, '--json'], env);
    assert.equal(json.exitCode, 0, json.stderr);
    const model = JSON.parse(json.stdout) as { routes: { prefix: string }[] };
    assert.deepEqual(
      model.routes.map((r) => r.prefix),
      ['10.10.10.0/24', '10.10.20.0/24', '172.20.20.0/24'],
    );
  } finally {
    cleanup();
  }
});
