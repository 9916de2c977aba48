/**
 * 8. A lab node without iptables-save: the kube-proxy scenarios on that node fail with a message naming
 * the node and the tool. The tool is moved aside in one twin node container and always put back.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { dockerExec, problemLine, runCli, twinEnv, waitForQuietTwin } from './harness.ts';

const NODE = 'k8-services-worker';
const TOOL = '/usr/sbin/iptables-save';
const ASIDE = `${TOOL}.labgate-inputs-test`;

test('8. iptables-save missing on a node: the scenarios name the node and the tool', { timeout: 300_000 }, async () => {
  await waitForQuietTwin();
  dockerExec(NODE, ['test', '-e', TOOL]); // present before we start, or the test proves nothing
  dockerExec(NODE, ['mv', TOOL, ASIDE]);
  let run;
  try {
    run = await runCli(['run', '--', 'features/04-k8s-services/05-kube-proxy-rules.feature'], twinEnv());
  } finally {
    dockerExec(NODE, ['mv', ASIDE, TOOL]);
  }
  dockerExec(NODE, ['test', '-e', TOOL]);
  const line = problemLine(run, 1);
  assert.match(
    line,
    new RegExp(
      `^labgate: cannot read the NAT table on ${NODE}: iptables-save is not installed in node container ${NODE} \\(docker exec: executable file not found in \\$PATH, exit 12[67]\\) \\(check that the node container ${NODE} is running and has iptables-save\\) \\[7 scenarios stopped by this\\]$`,
    ),
  );
  // worker 1 is in 5 rule outlines, the spread outline and the diagram scenario: those 7 fail, the rest pass
  assert.match(run.stdout, /^18 scenarios \(7 failed, 11 passed\)$/m);
});
