/** Issue 14: input that is not kube-proxy's rules is refused in one line that says what it looks like. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainInput } from '../../../support/kubeproxy/index.ts';
import { LabgateError } from '../../../support/floor/errors.ts';
import { recording } from './paths.ts';

function refusal(text: string): string {
  try {
    explainInput(text, 'paste');
  } catch (err) {
    assert.ok(err instanceof LabgateError, String(err));
    assert.ok(!err.oneLine().includes('\n'));
    return err.oneLine();
  }
  assert.fail('not refused');
}

test('kubectl output, Kubernetes objects, conntrack, routes and nft without kube-proxy are named, not "no rules found"', () => {
  assert.match(refusal(recording('kubectl-get-services.txt')), /^paste looks like `kubectl get services` output/);
  assert.match(refusal(recording('kubectl-get-pods-o-wide.txt')), /looks like `kubectl get pods` output/);
  assert.match(refusal('apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n'), /looks like a Kubernetes object/);
  assert.match(
    refusal(
      'tcp      6 431999 ESTABLISHED src=10.42.1.5 dst=10.43.0.20 sport=40312 dport=80 src=10.42.1.11 dst=10.42.1.5 sport=8080 dport=40312 [ASSURED] mark=0 use=1\n',
    ),
    /`conntrack -L` output/,
  );
  assert.match(refusal('default via 172.18.0.1 dev eth0\n10.42.1.0/24 via 172.18.0.3 dev eth0\n'), /`ip route` output/);
  assert.match(refusal('{"nftables": [{"metainfo": {"version": "1.0.6"}}]}\n'), /nft -j \(JSON\) output/);
  assert.match(
    refusal('table inet filter {\n\tchain input {\n\t\ttype filter hook input priority 0; policy accept;\n\t}\n}\n'),
    /nftables rules but no kube-proxy table \(tables: inet filter\)/,
  );
  assert.match(
    refusal('# Warning: iptables-legacy tables present, use iptables-legacy-save to see them\n'),
    /iptables-legacy-save/,
  );
  assert.match(refusal('hello world\nnothing to see\n'), /^no iptables rules or chains found in paste/);
  assert.match(refusal('  \n'), /the input from paste is empty/);
});
