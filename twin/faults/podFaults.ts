/** Faults in the pods: a dead container, a pod re-addressed behind a stalled controller, placement drift. */
import { LabgateError } from '../shared.ts';
import type { PlannedPod } from '../plan.ts';
import { netnsName, vethName } from '../dataplane/pods.ts';
import { apiPod, podReady, sliceAddresses, waitFor } from './api.ts';
import { controlPlane, nginxPods, podsOf, requirePod, scriptOnNode, type FaultContext } from './context.ts';
import { replanAndRestart, setControllers, SWITCH_PICKUP_MS } from './controlPlane.ts';
import { killPodProcesses } from './processes.ts';
import { freeAddress, movePod, removePodFromNode } from './scheduler.ts';

const OBSERVE_TIMEOUT_MS = 15_000;

async function waitNotReady(ctx: FaultContext, pod: PlannedPod): Promise<void> {
  await waitFor(`pod ${pod.name} not Ready`, OBSERVE_TIMEOUT_MS, async () =>
    podReady(await apiPod(ctx.state, pod.namespace, pod.name)) ? undefined : true,
  );
}

export async function stopNginx(ctx: FaultContext): Promise<string> {
  const pod = requirePod(nginxPods(ctx.plan), 'nginx-deployment');
  const pids = await killPodProcesses(pod);
  await waitNotReady(ctx, pod);
  await waitFor(`endpoint ${pod.ip} of nginx-service not ready`, OBSERVE_TIMEOUT_MS, async () => {
    const eps = await sliceAddresses(ctx.state, pod.namespace, 'nginx-service');
    return eps.some((e) => e.ip === pod.ip && e.ready) ? undefined : true;
  });
  return `killed nginx (pids ${pids.join(' ')}) in pod ${pod.name} (${pod.ip}) on ${pod.node}`;
}

export async function stopDns(ctx: FaultContext): Promise<string> {
  const pod = requirePod(
    ctx.plan.pods.filter((p) => p.process === 'dns'),
    'cluster DNS',
  );
  const pids = await killPodProcesses(pod);
  await waitNotReady(ctx, pod);
  return `stopped the cluster DNS (pids ${pids.join(' ')}) in pod ${pod.name} on ${pod.node}`;
}

const READDRESS_SCRIPT = `
ns="$1"; veth="$2"; old="$3"; new="$4"
ip -n "$ns" addr add "$new/32" dev eth0
ip -n "$ns" addr del "$old/32" dev eth0
ip -n "$ns" route replace 169.254.1.1 dev eth0 scope link
ip -n "$ns" route replace default via 169.254.1.1 dev eth0
ip route del "$old/32" dev "$veth"
ip route add "$new/32" dev "$veth" scope link
`;

export async function staleEndpoint(ctx: FaultContext): Promise<string> {
  const pod = requirePod(nginxPods(ctx.plan), 'nginx-deployment');
  setControllers(ctx.state, { endpointSliceControllerPaused: true });
  await new Promise((r) => setTimeout(r, SWITCH_PICKUP_MS));
  const node = ctx.plan.nodes.find((n) => n.name === pod.node)!;
  const fresh = await freeAddress(ctx.plan, node);
  await scriptOnNode(pod.node, READDRESS_SCRIPT, [netnsName(pod), vethName(pod), pod.ip, fresh]);
  await waitFor(`pod ${pod.name} with address ${fresh}`, OBSERVE_TIMEOUT_MS, async () =>
    (await apiPod(ctx.state, pod.namespace, pod.name))?.status.podIP === fresh ? true : undefined,
  );
  const eps = await sliceAddresses(ctx.state, pod.namespace, 'nginx-service');
  if (!eps.some((e) => e.ip === pod.ip))
    throw new LabgateError(
      `the EndpointSlice controller was not paused in time: nginx-service no longer lists ${pod.ip}`,
      'run `labgate twin fault --reset` and try again',
    );
  return `paused the EndpointSlice controller and moved pod ${pod.name} on ${pod.node} from ${pod.ip} to ${fresh}; nginx-service still lists ${pod.ip}`;
}

export async function nginxSameNode(ctx: FaultContext): Promise<string> {
  const [stay, move] = nginxPods(ctx.plan);
  if (!stay || !move) throw new LabgateError('the twin needs two nginx-deployment pods for this fault');
  if (stay.node === move.node) throw new LabgateError(`both nginx pods already run on ${stay.node}`);
  const to = ctx.plan.nodes.find((n) => n.name === stay.node)!;
  const moved = await movePod(ctx.plan, move, to);
  await replanAndRestart(ctx.state, { ...ctx.plan, pods: ctx.plan.pods.map((p) => (p.uid === move.uid ? moved : p)) });
  return `rescheduled pod ${move.name} from ${move.node} (${move.ip}) to ${moved.node} (${moved.ip}); both nginx pods now run on ${to.name}`;
}

type DaemonSetObject = {
  kind: string;
  metadata: { name: string };
  spec: { template: { spec: { tolerations?: { key?: string }[] } } };
};

export async function multitoolMissingOnControlPlane(ctx: FaultContext): Promise<string> {
  const cp = controlPlane(ctx.plan);
  const daemonSets = ['multitool-1', 'multitool-2'];
  const gone = daemonSets.flatMap((ds) => podsOf(ctx.plan, ds)).filter((p) => p.node === cp.name);
  if (gone.length === 0) throw new LabgateError(`no multitool pod runs on ${cp.name}`);
  for (const pod of gone) await removePodFromNode(pod);
  // As deployed without the lab's multitool manifests' toleration, the DaemonSets no longer place pods there.
  const objects = ctx.plan.objects.map((o) => {
    if (o.kind !== 'DaemonSet' || !daemonSets.includes(o.metadata.name)) return o;
    const ds = structuredClone(o) as unknown as DaemonSetObject;
    const taints = new Set(cp.taints.map((t) => t.key));
    ds.spec.template.spec.tolerations = (ds.spec.template.spec.tolerations ?? []).filter(
      (t) => !taints.has(t.key ?? ''),
    );
    return ds as unknown as typeof o;
  });
  await replanAndRestart(ctx.state, { ...ctx.plan, objects, pods: ctx.plan.pods.filter((p) => !gone.includes(p)) });
  return `removed ${gone.map((p) => p.name).join(', ')} from ${cp.name}; the multitool DaemonSets no longer tolerate it`;
}
