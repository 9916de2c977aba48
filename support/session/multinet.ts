/**
 * Secondary networks in the lab, for the multinet checks: a definition found in the lab's namespaces, a pod's
 * interfaces (with their kinds) and routes from inside it, its node's parent interface, the pods a definition
 * attaches. Names are discovered here; nothing about a particular lab is written down.
 */
import type { V1Pod } from '@kubernetes/client-node';
import { LabgateError } from '../floor/errors.ts';
import type { Evidence } from '../floor/finding.ts';
import { readNodeNet } from '../fabric/readers.ts';
import type { AttachedPod } from '../multinet/checks.ts';
import { NETWORKS_ANNOTATION, requestedNetworks, type Attachment } from '../multinet/model.ts';
import { readAttachment } from '../multinet/readers.ts';
import { podInterfacesDetailed, podRoutes } from '../podnet/podReader.ts';
import type { Route } from '../podnet/model.ts';
import type { PodRef } from '../access/podExec.ts';
import { podIsReady } from '../workloads/workloads.ts';
import { refOf } from './podNetwork.ts';
import { firstIn, scopeOf } from './scope.ts';
import type { LabSession } from './session.ts';

export async function attachmentNamed(
  session: LabSession,
  ref: string,
): Promise<{ attachment: Attachment; evidence: Evidence[] }> {
  const { name, namespaces } = scopeOf(ref, 'the NetworkAttachmentDefinition name', session.target.namespaces);
  const found = await firstIn(namespaces, (ns) => readAttachment(session.kube, ns, name));
  if (!found)
    throw new LabgateError(
      `no NetworkAttachmentDefinition ${name} in namespace ${namespaces.join(', ')}`,
      'kubectl apply -f calico-cni-config/macvlan-nad.yaml; kubectl get network-attachment-definitions',
    );
  return found;
}

/** A pod read from inside: its interfaces with their kinds, and its routes. */
export async function attachedPod(
  session: LabSession,
  pod: V1Pod,
): Promise<{ pod: AttachedPod & PodRef; routes: Route[]; evidence: Evidence[] }> {
  const ref = refOf(pod);
  if (!podIsReady(pod))
    throw new LabgateError(
      `pod ${ref.namespace}/${ref.name} is not Running and Ready`,
      `kubectl get pod ${ref.name} -o wide`,
    );
  const [ifaces, routes] = await Promise.all([
    podInterfacesDetailed(session.kube.kc, ref),
    podRoutes(session.kube.kc, ref),
  ]);
  return {
    pod: { ...ref, interfaces: ifaces.value },
    routes: routes.value,
    evidence: [...ifaces.evidence, ...routes.evidence],
  };
}

/** The pods of a workload (a bare Pod's one pod). */
export async function workloadPods(session: LabSession, workload: string): Promise<V1Pod[]> {
  await session.cluster.requireWorkload(workload);
  const pods = await session.cluster.podsOf(workload);
  if (pods.length === 0) throw new LabgateError(`${workload} has no pod`, `kubectl get pods -o wide`);
  return pods;
}

/** The one pod of a workload on a node named by role (`control-plane`, `worker 1`). */
export async function workloadPodOn(session: LabSession, workload: string, role: string): Promise<V1Pod> {
  const node = await session.cluster.nodeForRole(role);
  const pod = (await workloadPods(session, workload)).find((p) => p.spec?.nodeName === node);
  if (!pod) throw new LabgateError(`${workload} has no pod on ${node}`, `kubectl get pods -o wide`);
  return pod;
}

/** Every pod of the lab whose annotation names the definition. */
export async function podsAttachedTo(session: LabSession, a: Attachment): Promise<V1Pod[]> {
  return (await session.cluster.allPods()).filter((p) =>
    requestedNetworks(p.metadata?.annotations, p.metadata?.namespace ?? 'default').includes(a.network),
  );
}

/** A node's interface (the macvlan parent), read on the node: its MAC and index. */
export async function nodeLink(
  node: string,
  ifname: string,
): Promise<{ parent: { ifname: string; mac?: string; ifindex?: number }; evidence: Evidence[] }> {
  const { net, evidence } = await readNodeNet(node);
  const l = net.links.find((x) => x.ifname === ifname);
  return {
    parent: {
      ifname,
      ...(l?.address ? { mac: l.address } : {}),
      ...(l?.ifindex !== undefined ? { ifindex: l.ifindex } : {}),
    },
    evidence,
  };
}

/** Every node's links, for the parent checks. */
export async function nodesLinks(session: LabSession) {
  const names = (await session.cluster.nodes()).map((n) => n.metadata?.name ?? '');
  const evidence: Evidence[] = [];
  const nodes = await Promise.all(
    names.map(async (node) => {
      const r = await readNodeNet(node);
      evidence.push(...r.evidence);
      return { node, links: r.net.links };
    }),
  );
  return { nodes, evidence };
}

/** The first definition a pod's annotation names, read. */
export async function firstNetworkOf(session: LabSession, pod: V1Pod): Promise<Attachment> {
  const ns = pod.metadata?.namespace ?? 'default';
  const first = requestedNetworks(pod.metadata?.annotations, ns)[0];
  if (!first)
    throw new LabgateError(
      `pod ${ns}/${pod.metadata?.name} asks for no secondary network (no ${NETWORKS_ANNOTATION} annotation)`,
      `kubectl get pod -n ${ns} ${pod.metadata?.name} -o yaml`,
    );
  return (await attachmentNamed(session, first)).attachment;
}
