/** Node containers: named and labelled exactly as Kind names and labels a cluster's nodes, on their own network. */
import { Address4 } from 'ip-address';
import { LabgateError } from '../shared.ts';
import { docker } from '../docker.ts';
import type { TwinPlan, PlannedNode } from '../plan.ts';

export const TWIN_LABEL = 'io.labgate.twin';
const KIND_CLUSTER_LABEL = 'io.x-k8s.kind.cluster';
const KIND_ROLE_LABEL = 'io.x-k8s.kind.role';

/** What every twin container may do: namespaces, veths, bridges, iptables, /proc/sys (no --privileged here). */
export const TWIN_CONTAINER_CAPABILITIES = [
  '--cap-add',
  'NET_ADMIN',
  '--cap-add',
  'SYS_ADMIN',
  '--cap-add',
  'NET_RAW',
  '--security-opt',
  'apparmor=unconfined',
  '--security-opt',
  'systempaths=unconfined',
];

// the nodes also forward and take the pods' proxy-ARP routes
const NODE_RUN_FLAGS = [
  ...TWIN_CONTAINER_CAPABILITIES,
  '--sysctl',
  'net.ipv4.ip_forward=1',
  '--sysctl',
  'net.ipv4.conf.all.rp_filter=0',
  '--init',
];

/** Pinned, so Docker never hands the twin a range inside the pod or Service CIDR. */
export function twinSubnet(): string {
  return process.env.LABGATE_TWIN_SUBNET ?? '172.29.7.0/24';
}

function firstHost(cidr: string): string {
  return Address4.fromBigInt(new Address4(cidr).startAddress().bigInt() + 1n).correctForm();
}

export async function networkState(name: string): Promise<'absent' | 'twin' | 'foreign'> {
  const r = await docker(['network', 'inspect', name, '--format', `{{index .Labels "${TWIN_LABEL}"}}`], {
    reject: false,
  });
  if (r.exitCode !== 0) return 'absent';
  return r.stdout.trim() ? 'twin' : 'foreign';
}

/** A real Kind cluster (or anything else) holding the twin's names is never touched. */
export async function assertNothingForeign(plan: TwinPlan): Promise<void> {
  if ((await networkState(plan.network)) === 'foreign') {
    throw new LabgateError(
      `a Docker network named ${plan.network} exists and was not made by the twin`,
      'a real Kind cluster may be running here; point labgate at it with LABGATE_KUBECONFIG, or remove it',
    );
  }
  for (const n of plan.nodes) {
    const c = await containerState(n.name);
    if (c.exists && !c.twin) {
      throw new LabgateError(
        `a container named ${n.name} exists and was not made by the twin`,
        'a real Kind cluster may be running here; point labgate at it with LABGATE_KUBECONFIG',
      );
    }
  }
}

/** Call after assertNothingForeign: a network of that name, if any, is the twin's own. */
export async function createNetwork(plan: TwinPlan): Promise<void> {
  // Not --internal: Docker would then drop pod-to-pod traffic between nodes (pod addresses are outside the
  // subnet). Stray pod/Service traffic is kept on the machine by the nodes' guard routes instead (guard.ts).
  if ((await networkState(plan.network)) === 'absent') {
    // the gateway named as Docker would choose it, so `docker network inspect` shows it as on a Kind network
    await docker([
      'network',
      'create',
      '--subnet',
      twinSubnet(),
      '--gateway',
      firstHost(twinSubnet()),
      '--label',
      `${TWIN_LABEL}=${plan.lab}`,
      plan.network,
    ]);
  }
}

export interface ContainerState {
  exists: boolean;
  running: boolean;
  twin: boolean;
  ip?: string;
  /** the container's main process on the host, while it runs */
  pid?: number;
}

export async function containerState(name: string): Promise<ContainerState> {
  return (await containerStates([name]))[0]!;
}

/** The state of each named container, in the order given, from one `docker container inspect`. */
export async function containerStates(names: string[]): Promise<ContainerState[]> {
  if (names.length === 0) return [];
  const format =
    `{{.Name}}|{{.State.Running}}|{{index .Config.Labels "${TWIN_LABEL}"}}|` +
    '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}|{{.State.Pid}}';
  // a missing container makes the exit code 1; the others are still printed
  const r = await docker(['container', 'inspect', ...names, '--format', format], { reject: false });
  const found = new Map<string, ContainerState>();
  for (const line of r.stdout.split('\n')) {
    const [name, running, twin, ips, pid] = line.trim().split('|');
    if (!name || running === undefined) continue;
    found.set(name.replace(/^\//, ''), {
      exists: true,
      running: running === 'true',
      twin: Boolean(twin),
      ip: ips?.trim().split(' ')[0] || undefined,
      ...(running === 'true' && Number(pid) > 0 ? { pid: Number(pid) } : {}),
    });
  }
  return names.map((n) => found.get(n) ?? { exists: false, running: false, twin: false });
}

/** Call after assertNothingForeign and after the leftovers of an earlier twin are removed. */
export async function createNode(plan: TwinPlan, node: PlannedNode, image: string): Promise<void> {
  await docker([
    'run',
    '-d',
    '--name',
    node.name,
    '--hostname',
    node.name,
    '--network',
    plan.network,
    '--label',
    `${KIND_CLUSTER_LABEL}=${plan.cluster}`,
    '--label',
    `${KIND_ROLE_LABEL}=${node.role}`,
    '--label',
    `${TWIN_LABEL}=${plan.lab}`,
    ...NODE_RUN_FLAGS,
    image,
  ]);
}

/** Every container and network the twin made, found by its label (also those of an older, lost plan). */
export async function removeTwinResources(lab: string): Promise<{ containers: string[]; networks: string[] }> {
  const ps = await docker(['ps', '-aq', '--filter', `label=${TWIN_LABEL}=${lab}`, '--format', '{{.Names}}']);
  const containers = ps.stdout
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
  if (containers.length > 0) await docker(['rm', '-f', ...containers]);
  const nets = await docker(['network', 'ls', '-q', '--filter', `label=${TWIN_LABEL}=${lab}`, '--format', '{{.Name}}']);
  const networks = nets.stdout
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const n of networks) await docker(['network', 'rm', n]);
  return { containers, networks };
}
