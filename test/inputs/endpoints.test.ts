/**
 * 12. A Service with no ready endpoints: both nginx pods of the twin lose their process (as crashed
 * containers would), so nginx-service selects two pods, none Ready. The processes are always restarted
 * with the twin's own start command, and the test waits for the Service to have its endpoints back.
 */
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { DiscoveryV1Api, KubeConfig } from '@kubernetes/client-node';
import { TwinState } from '../../twin/control/state.ts';
import { isPodOf } from '../../twin/plan.ts';
import type { PlannedPod } from '../../twin/plan.ts';
import { POD_RUN_DIR, podStartCommand } from '../../twin/dataplane/pods.ts';
import {
  dockerExec,
  problemLine,
  runCli,
  tempDir,
  TWIN_KUBECONFIG,
  twinEnv,
  waitForQuietTwin,
  writeFile,
} from './harness.ts';

const RESTORE_TIMEOUT_MS = 90_000;

/**
 * Kills the pod's nginx: its master (from the pid file) and the master's workers, by pid. The workers run
 * as another user, so `ip netns pids` cannot see them; left alive, they would keep port 80.
 */
const KILL_NGINX = `
master=$(cat "$1")
workers=$(ps -eo pid=,ppid= | awk -v m="$master" '$2 == m { print $1 }')
kill -KILL $master $workers
for _ in $(seq 50); do
  alive=""; for p in $master $workers; do kill -0 "$p" 2>/dev/null && alive="$alive $p"; done
  [ -z "$alive" ] && exit 0
  sleep 0.1
done
echo "nginx processes$alive survived SIGKILL" >&2; exit 4
`;

function killNginx(pod: PlannedPod): void {
  dockerExec(pod.node, ['sh', '-c', KILL_NGINX, 'kill-nginx', `${POD_RUN_DIR}/${pod.name}/main.pid`]);
}

async function readyEndpoints(kc: KubeConfig): Promise<number> {
  const slices = await kc
    .makeApiClient(DiscoveryV1Api)
    .listNamespacedEndpointSlice({ namespace: 'default', labelSelector: 'kubernetes.io/service-name=nginx-service' });
  return slices.items.flatMap((s) => s.endpoints ?? []).filter((e) => e.conditions?.ready).length;
}

async function waitForEndpoints(kc: KubeConfig, count: number): Promise<void> {
  const deadline = Date.now() + RESTORE_TIMEOUT_MS;
  while ((await readyEndpoints(kc)) !== count) {
    if (Date.now() > deadline) throw new Error(`nginx-service did not get back to ${count} ready endpoints`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

test('12. a Service whose selector matches no ready pod: "has no ready endpoints"', { timeout: 300_000 }, async () => {
  const plan = new TwinState('04-k8s-services').plan();
  assert.ok(plan, 'the twin has no plan: is it up?');
  const nginx = plan.pods.filter((p) => isPodOf(p, 'nginx-deployment'));
  assert.equal(nginx.length, 2, 'the twin should run two nginx-deployment pods');
  const kc = new KubeConfig();
  kc.loadFromFile(TWIN_KUBECONFIG);
  assert.equal(await readyEndpoints(kc), 2, 'nginx-service should start with two ready endpoints');

  const { dir, cleanup } = tempDir('noendpoints');
  const file = writeFile(
    dir,
    'endpoints.feature',
    [
      'Feature: a Service with nothing behind it',
      '  Scenario: endpoints',
      '    Then the EndpointSlices of "nginx-service" list exactly the ready "nginx-deployment" pod IPs on port 80',
      '',
    ].join('\n'),
  );
  await waitForQuietTwin();
  let run: Awaited<ReturnType<typeof runCli>> | undefined;
  try {
    for (const pod of nginx) killNginx(pod);
    // the pods are dead, not starting: a short settle bound spares the minute's wait for them
    run = await runCli(['run', '--', file], twinEnv({ LABGATE_SETTLE_SECONDS: '10' }));
  } finally {
    for (const pod of nginx) dockerExec(pod.node, ['sh', '-c', podStartCommand(pod)]);
    await waitForEndpoints(kc, 2);
    cleanup();
  }
  const line = problemLine(run, 1);
  const names = nginx
    .map((p) => p.name)
    .sort()
    .join(', ');
  assert.equal(
    line,
    `labgate: Service default/nginx-service has no ready endpoints: its selector app=nginx matches 2 pod(s), none Ready (${names}) after ${/after (\d+) s/.exec(line)?.[1]} s (\`kubectl get pods -n default -l app=nginx -o wide\` and \`kubectl get endpointslices -n default -l kubernetes.io/service-name=nginx-service\`) [1 scenario stopped by this]`,
  );
});
