/**
 * Probes that cannot do their job in a real pod (through the twin's API server and its pod exec):
 * no shell to run the script with, and an exec that outlives its bound. Each is one plain line.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { LabgateError } from '../../support/floor/errors.ts';
import { lookUp, request } from '../../support/connectivity/fromPods.ts';
import type { PodRef } from '../../support/access/podExec.ts';
import { withoutStack } from '../../support/validate/problems.ts';
import { TWIN_KUBECONFIG } from './harness.ts';

async function twinPod(prefix: string): Promise<{ kc: KubeConfig; pod: PodRef }> {
  const kc = new KubeConfig();
  kc.loadFromFile(TWIN_KUBECONFIG);
  const pods = (await kc.makeApiClient(CoreV1Api).listNamespacedPod({ namespace: 'default' })).items;
  const p = pods.find((x) => x.metadata?.name?.startsWith(prefix) && x.spec?.nodeName?.includes('worker'));
  assert.ok(p, `no ${prefix}* pod on a worker of the twin`);
  return {
    kc,
    pod: {
      namespace: 'default',
      name: p.metadata!.name!,
      container: p.spec!.containers[0]!.name,
      node: p.spec!.nodeName!,
    },
  };
}

/** The LabgateError `work` fails with, checked to read as one line without a stack once reported. */
async function problemOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (err) {
    assert.ok(err instanceof LabgateError, `expected a LabgateError, got ${String(err)}`);
    const reported = withoutStack(err) as Error;
    assert.doesNotMatch(reported.stack ?? '', /\n/, 'the reported problem spans more than one line');
    assert.doesNotMatch(reported.stack ?? '', /^\s+at /m);
    return reported.stack!;
  }
  assert.fail('the probe ran although it could not');
}

test('9. no shell in the pod: neither candidate program exists, so the probe says so plainly', async () => {
  const { kc, pod } = await twinPod('multitool-1-');
  const shells = { bash: 'labgate-no-bash', sh: 'labgate-no-sh' };
  const request1 = await problemOf(request(kc, pod, 'nginx-service', 80, 'get', { shells }));
  assert.match(
    request1,
    new RegExp(
      `^labgate: no shell in pod ${pod.name} on ${pod.node}: labgate-no-bash and labgate-no-sh cannot be started \\(.*labgate-no-sh.*\\) \\(.*bash \\(/dev/tcp\\) or from sh with nc.*\\)$`,
    ),
  );
  const lookup = await problemOf(lookUp(kc, pod, 'nginx-service', { shells }));
  assert.match(
    lookup,
    new RegExp(
      `^labgate: no shell in pod ${pod.name} on ${pod.node}: labgate-no-sh and labgate-no-bash cannot be started`,
    ),
  );
});

test('9b. the real shells are found (the same probe, default candidates, answers)', async () => {
  const { kc, pod } = await twinPod('multitool-1-');
  const r = await request(kc, pod, 'nginx-service', 80, 'get');
  assert.equal(r.outcome.statusLine, 'HTTP/1.1 400 Bad Request');
});

test('10. an exec that outlives its bound: "timed out after N ms", naming the pod', async () => {
  const { kc, pod } = await twinPod('multitool-1-');
  // an unfinished HTTP request: nginx waits for the rest of the headers, the probe's reader waits for nginx
  const started = Date.now();
  const line = await problemOf(request(kc, pod, 'nginx-service', 80, 'GET / HTTP/1.1', { timeoutMs: 400 }));
  const elapsed = Date.now() - started;
  assert.match(
    line,
    new RegExp(
      `^labgate: the exec in pod ${pod.name} on ${pod.node} timed out after 400 ms \\(bash -c …\\) \\(the pod or the API server is stuck or slow; .*\\)$`,
    ),
  );
  assert.ok(elapsed < 3_000, `the probe took ${elapsed} ms to give up`);
});
