/** Faults in the pods: a dead container, a pod re-addressed behind a stalled controller, placement drift. */
import { LabgateError } from '../shared.ts';
import type { PlannedPod } from '../plan.ts';
import { dnsDirs, netnsName, vethName } from '../dataplane/pods.ts';
import { dnsSettings, plannedEndpoints, renderClusterDns } from '../dataplane/clusterDns.ts';
import { apiPod, podReady, sliceAddresses, waitFor } from './api.ts';
import { scriptOnNode, type FaultContext } from './context.ts';
import { replanAndRestart, setControllers } from './controlPlane.ts';
import { killPodProcesses } from './processes.ts';
import { freeAddress, movePod, removePodFromNode } from './scheduler.ts';

const OBSERVE_TIMEOUT_MS = 15_000;

async function waitNotReady(ctx: FaultContext, pod: PlannedPod): Promise<void> {
  await waitFor(`pod ${pod.name} not Ready`, OBSERVE_TIMEOUT_MS, async () =>
    podReady(await apiPod(ctx.state, pod.namespace, pod.name)) ? undefined : true,
  );
}

/**
 * The first pod of the target workload dies: not Ready, and when a target Service is named, its endpoint
 * there turns not ready.
 */
export async function stopPod(ctx: FaultContext): Promise<string> {
  const pod = ctx.targets.pod();
  const service = ctx.targets.raw.service === undefined ? undefined : ctx.targets.service();
  const pids = await killPodProcesses(pod);
  await waitNotReady(ctx, pod);
  if (service) {
    await waitFor(`endpoint ${pod.ip} of ${service.name} not ready`, OBSERVE_TIMEOUT_MS, async () => {
      const eps = await sliceAddresses(ctx.state, pod.namespace, service.name);
      return eps.some((e) => e.ip === pod.ip && e.ready) ? undefined : true;
    });
  }
  return `killed the processes (pids ${pids.join(' ')}) of pod ${pod.name} (${pod.ip}) on ${pod.node}`;
}

/** Moves a pod's address: eth0, its routes, and the node's /32 route to it ($1 netns, $2 veth, $3 old, $4 new). */
export const READDRESS_SCRIPT = `
ns="$1"; veth="$2"; old="$3"; new="$4"
ip -n "$ns" addr add "$new/32" dev eth0
ip -n "$ns" addr del "$old/32" dev eth0
ip -n "$ns" route replace 169.254.1.1 dev eth0 scope link
ip -n "$ns" route replace default via 169.254.1.1 dev eth0
ip route del "$old/32" dev "$veth"
ip route add "$new/32" dev "$veth" scope link
`;

/** The EndpointSlice controller paused, then the target workload's first pod re-addressed. */
export async function staleEndpoint(ctx: FaultContext): Promise<string> {
  const pod = ctx.targets.pod();
  const service = ctx.targets.service().name;
  await setControllers(ctx.state, { endpointSliceControllerPaused: true });
  const node = ctx.plan.nodes.find((n) => n.name === pod.node)!;
  const fresh = await freeAddress(ctx.plan, node);
  await scriptOnNode(pod.node, READDRESS_SCRIPT, [netnsName(pod), vethName(pod), pod.ip, fresh]);
  await waitFor(`pod ${pod.name} with address ${fresh}`, OBSERVE_TIMEOUT_MS, async () =>
    (await apiPod(ctx.state, pod.namespace, pod.name))?.status.podIP === fresh ? true : undefined,
  );
  const eps = await sliceAddresses(ctx.state, pod.namespace, service);
  if (!eps.some((e) => e.ip === pod.ip)) {
    throw new LabgateError(
      `the EndpointSlice controller was not paused in time: ${service} no longer lists ${pod.ip}`,
      'run `labgate twin fault --reset` and try again',
    );
  }
  return (
    `paused the EndpointSlice controller and moved pod ${pod.name} on ${pod.node} from ${pod.ip} to ${fresh}; ` +
    `${service} still lists ${pod.ip}`
  );
}

/** The target workload's second pod rescheduled onto its first one's node. */
export async function podsSameNode(ctx: FaultContext): Promise<string> {
  const workload = ctx.targets.text('workload');
  const [stay, move] = ctx.targets.workloadPods();
  if (!stay || !move) throw new LabgateError(`the twin needs two ${workload} pods for this fault`);
  if (stay.node === move.node) throw new LabgateError(`both ${workload} pods already run on ${stay.node}`);
  const to = ctx.plan.nodes.find((n) => n.name === stay.node)!;
  const moved = await movePod(ctx.plan, move, to);
  await replanAndRestart(ctx.state, { ...ctx.plan, pods: ctx.plan.pods.map((p) => (p.uid === move.uid ? moved : p)) });
  return (
    `rescheduled pod ${move.name} from ${move.node} (${move.ip}) to ${moved.node} (${moved.ip}); ` +
    `both ${workload} pods now run on ${to.name}`
  );
}

/**
 * A pod deleted and applied again, and the scheduler placing it on `node`: a preferred node affinity is only a
 * preference (the node it prefers was full or cordoned when the pod came back).
 */
export async function podScheduledOnNode(ctx: FaultContext): Promise<string> {
  const pod = ctx.targets.pod();
  const to = ctx.targets.node();
  if (pod.node === to.name) throw new LabgateError(`pod ${pod.name} already runs on ${to.name}`);
  const moved = await movePod(ctx.plan, pod, to);
  await replanAndRestart(ctx.state, { ...ctx.plan, pods: ctx.plan.pods.map((p) => (p.uid === pod.uid ? moved : p)) });
  return `pod ${pod.name} re-created on ${moved.node} (${moved.ip}), no longer on ${pod.node} (${pod.ip})`;
}

type DaemonSetObject = {
  kind: string;
  metadata: { name: string };
  spec: { template: { spec: { tolerations?: { key?: string }[] } } };
};

/** The target DaemonSets' pods gone from the target node, as deployed without their toleration of its taints. */
export async function daemonSetsLeaveNode(ctx: FaultContext): Promise<string> {
  const node = ctx.targets.node();
  const daemonSets = ctx.targets.list('workloads');
  const gone = daemonSets.flatMap((ds) => ctx.targets.workloadPods(ds)).filter((p) => p.node === node.name);
  if (gone.length === 0) throw new LabgateError(`no pod of ${daemonSets.join(', ')} runs on ${node.name}`);
  for (const pod of gone) await removePodFromNode(pod);
  const objects = ctx.plan.objects.map((o) => {
    if (o.kind !== 'DaemonSet' || !daemonSets.includes(o.metadata.name)) return o;
    const ds = structuredClone(o) as unknown as DaemonSetObject;
    const taints = new Set(node.taints.map((t) => t.key));
    const tolerations = ds.spec.template.spec.tolerations ?? [];
    ds.spec.template.spec.tolerations = tolerations.filter((t) => !taints.has(t.key ?? ''));
    return ds as unknown as typeof o;
  });
  await replanAndRestart(ctx.state, { ...ctx.plan, objects, pods: ctx.plan.pods.filter((p) => !gone.includes(p)) });
  return (
    `removed ${gone.map((p) => p.name).join(', ')} from ${node.name}; ` +
    `the DaemonSets ${daemonSets.join(', ')} no longer tolerate it`
  );
}

type ScaledObject = { kind: string; metadata: { name: string }; spec: { replicas?: number } };

/** The target workload (a Deployment or StatefulSet) scaled down by one: its last pod leaves its node. */
export async function workloadScaledDown(ctx: FaultContext): Promise<string> {
  const workload = ctx.targets.text('workload');
  const pods = ctx.targets.workloadPods();
  const gone = pods.at(-1)!;
  const owner = ctx.plan.objects.find(
    (o) => (o.kind === 'Deployment' || o.kind === 'StatefulSet') && o.metadata.name === workload,
  );
  if (!owner) throw new LabgateError(`${ctx.targets.where}.workload: ${workload} is no Deployment or StatefulSet`);
  await removePodFromNode(gone);
  const objects = ctx.plan.objects.map((o) => {
    if (o !== owner) return o;
    const scaled = structuredClone(o) as unknown as ScaledObject;
    scaled.spec.replicas = pods.length - 1;
    return scaled as unknown as typeof o;
  });
  await replanAndRestart(ctx.state, { ...ctx.plan, objects, pods: ctx.plan.pods.filter((p) => p !== gone) });
  const scaledTo = `${pods.length - 1} replica(s)`;
  return `scaled ${owner.kind} ${workload} to ${scaledTo}: removed pod ${gone.name} from ${gone.node}`;
}

/**
 * The target workload's pods set spec.hostname (their own, else their name) and spec.subdomain naming the target
 * Service, as a pod template with a subdomain (or a StatefulSet's serviceName) would: the EndpointSlice
 * controller and the cluster DNS follow, as they do for any pod under a Service.
 */
export async function podsUnderSubdomain(ctx: FaultContext): Promise<string> {
  const pods = ctx.targets.workloadPods();
  const service = ctx.targets.service();
  const moved = new Set(pods.map((p) => p.uid));
  const plan = {
    ...ctx.plan,
    pods: ctx.plan.pods.map((p) =>
      moved.has(p.uid) ? { ...p, hostname: p.hostname ?? p.name, subdomain: service.name } : p,
    ),
  };
  await replanAndRestart(ctx.state, plan);
  await renderClusterDns(plan, plannedEndpoints(plan), dnsSettings(ctx.state), dnsDirs);
  const was = [...new Set(pods.map((p) => p.subdomain ?? '(none)'))].join(', ');
  return `the pods ${pods.map((p) => p.name).join(', ')} now set subdomain ${service.name} (was ${was})`;
}
