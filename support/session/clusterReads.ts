/** The lab's objects as the API serves them, read once per run: nodes, workloads and their pods, Services, slices. */
import type { V1EndpointSlice, V1Node, V1Pod, V1Service } from '@kubernetes/client-node';
import type { KubeClients } from '../access/kubeClient.ts';
import { getEndpoints, getService, listNodes, listPods, nameOf, selectorString } from '../access/kubeQueries.ts';
import { listNodeContainers, type NodeContainerInventory } from '../cluster/containers.ts';
import { assignRoles, nodeForRole, type NodeRoles } from '../cluster/roles.ts';
import { LabgateError } from '../floor/errors.ts';
import { POD_READY_TIMEOUT_MS, settleBound, waitUntil } from '../floor/wait.ts';
import { servicePortFacts, type ServicePortFacts } from '../services/portFacts.ts';
import type { Target } from '../lab/target.ts';
import { settledSlices } from '../services/endpointSlices.ts';
import {
  findWorkload,
  missingWorkloadMessage,
  podIsReady,
  workloadPods,
  type Workload,
} from '../workloads/workloads.ts';
import type { ReadOnce } from './memo.ts';
import { firstIn, scopeOf } from './scope.ts';

export class ClusterReads {
  constructor(
    private readonly target: Target,
    private readonly reads: ReadOnce,
    private readonly kube: () => KubeClients,
  ) {}

  nodes(): Promise<V1Node[]> {
    return this.reads.once('nodes', () => listNodes(this.kube()));
  }

  async roles(): Promise<NodeRoles> {
    return assignRoles(await this.nodes());
  }

  async nodeForRole(role: string): Promise<string> {
    return nodeForRole(await this.roles(), role);
  }

  containers(): Promise<NodeContainerInventory> {
    const { clusterName, topologyFile } = this.target;
    return this.reads.once('containers', () => listNodeContainers(clusterName, topologyFile));
  }

  workload(ref: string): Promise<Workload | undefined> {
    const { name, namespaces } = scopeOf(ref, 'the workload name', this.target.namespaces);
    return this.reads.once(`workload/${ref}`, () => firstIn(namespaces, (ns) => findWorkload(this.kube(), name, ns)));
  }

  async requireWorkload(ref: string): Promise<Workload> {
    const w = await this.workload(ref);
    if (!w) {
      const { name, namespaces } = scopeOf(ref, 'the workload name', this.target.namespaces);
      throw new LabgateError(missingWorkloadMessage(name, namespaces, this.target.words.missing[name]));
    }
    return w;
  }

  /** Pods of a workload, after waiting (bounded) for them to be Ready. */
  async podsOf(name: string): Promise<V1Pod[]> {
    const w = await this.requireWorkload(name);
    return this.reads.once(`pods/${name}`, () => workloadPods(this.kube(), w));
  }

  /** Every pod of the lab's namespaces, read after the lab's workloads had their chance to become Ready. */
  allPods(): Promise<V1Pod[]> {
    return this.reads.once('pods', async () =>
      (await Promise.all(this.target.namespaces.map((ns) => listPods(this.kube(), ns)))).flat(),
    );
  }

  service(ref: string): Promise<V1Service | undefined> {
    const { name, namespaces } = scopeOf(ref, 'the Service name', this.target.namespaces);
    return this.reads.once(`service/${ref}`, () => firstIn(namespaces, (ns) => getService(this.kube(), name, ns)));
  }

  async requireService(ref: string): Promise<V1Service> {
    const svc = await this.service(ref);
    if (!svc) {
      const { name, namespaces } = scopeOf(ref, 'the Service name', this.target.namespaces);
      const where = `namespace${namespaces.length > 1 ? 's' : ''} ${namespaces.join(', ')}`;
      throw new LabgateError(
        `Service ${name} not found in ${where}`,
        `the feature names a Service the lab does not have; \`kubectl get svc -n ${namespaces[0]}\` lists those it has`,
      );
    }
    return svc;
  }

  /** The pods the Service selects, after waiting (bounded) for them to be Ready. */
  async podsBehind(service: string): Promise<V1Pod[]> {
    const svc = await this.requireService(service);
    const namespace = namespaceOf(svc);
    const selector = selectorString(svc.spec?.selector);
    if (!selector) return [];
    return this.reads.once(`pods-behind/${service}`, async () => {
      const ready = (p: V1Pod[]) => p.length > 0 && p.every(podIsReady);
      const waited = await waitUntil(
        () => listPods(this.kube(), namespace, selector),
        ready,
        settleBound(POD_READY_TIMEOUT_MS),
      );
      // some pods not Ready is for the checks to show; none Ready means the Service has nothing to check
      if (!waited.value.some(podIsReady)) {
        throw noEndpoints(namespace, nameOf(svc), selector, waited.value, waited.waitedMs);
      }
      return waited.value;
    });
  }

  /** The Service's EndpointSlices, after waiting (bounded) for them to list the ready pods it selects. */
  async slices(service: string): Promise<V1EndpointSlice[]> {
    const svc = await this.requireService(service);
    const pods = await this.podsBehind(service);
    return this.reads.once(`slices/${service}`, () => settledSlices(this.kube(), nameOf(svc), namespaceOf(svc), pods));
  }

  async endpoints(service: string) {
    const svc = await this.requireService(service);
    return this.reads.once(`endpoints/${service}`, () => getEndpoints(this.kube(), nameOf(svc), namespaceOf(svc)));
  }

  /** The facts of one Service port that kube-proxy's rules are checked against. */
  async servicePort(service: string, portName: string): Promise<ServicePortFacts> {
    const svc = await this.requireService(service);
    return servicePortFacts(svc, await this.slices(service), portName);
  }

  /** The facts of the Service port with this number. */
  async servicePortByNumber(service: string, port: number): Promise<ServicePortFacts> {
    const svc = await this.requireService(service);
    const p = svc.spec?.ports?.find((x) => x.port === port);
    if (!p) throw new LabgateError(`the Service ${service} has no port ${port}`, `kubectl get svc ${service} -o yaml`);
    return this.servicePort(service, p.name ?? '');
  }

  /** The facts of the Service's first port (for checks about the Service as a whole). */
  async serviceFacts(service: string): Promise<ServicePortFacts> {
    const svc = await this.requireService(service);
    return this.servicePort(service, svc.spec?.ports?.[0]?.name ?? '');
  }
}

function namespaceOf(o: { metadata?: { namespace?: string } }): string {
  return o.metadata?.namespace ?? '';
}

function noEndpoints(namespace: string, service: string, selector: string, pods: V1Pod[], waitedMs: number) {
  const names = pods.map((p) => p.metadata?.name).join(', ');
  const seen = pods.length === 0 ? 'matches no pod' : `matches ${pods.length} pod(s), none Ready (${names})`;
  const waited = Math.round(waitedMs / 1000);
  return new LabgateError(
    `Service ${namespace}/${service} has no ready endpoints: its selector ${selector} ${seen} after ${waited} s`,
    `\`kubectl get pods -n ${namespace} -l ${selector} -o wide\` and ` +
      `\`kubectl get endpointslices -n ${namespace} -l kubernetes.io/service-name=${service}\``,
  );
}
