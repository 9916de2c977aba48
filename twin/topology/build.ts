/**
 * Builds the lab's containerlab topology around the Kind nodes, in containerlab's order: the management network
 * and the nodes beyond Kind (each by its kind's builder), then every link as a veth pair, then each node's
 * configuration (a ToR's startup config, exec lines), the Kind nodes' exec lines included. Runs at `twin up`
 * after the Kind node containers start and before their pods and routes, which use the links.
 */
import type { TwinPlan } from '../plan.ts';
import { TOPOLOGY_NODE_BUILDERS } from './builders.ts';
import { createMgmtNetwork } from './containers.ts';
import { runExecLines } from './execLines.ts';
import { makeLinks } from './links.ts';

export async function buildTopology(plan: TwinPlan, image: string): Promise<void> {
  const topology = plan.topology;
  if (!topology) return;
  const extras = topology.nodes.filter((n) => n.role === 'extra');
  if (extras.length > 0) await createMgmtNetwork(plan, topology);
  for (const n of extras) await TOPOLOGY_NODE_BUILDERS[n.kind]!.create(plan, topology, n, image);
  await makeLinks(topology);
  for (const n of extras) await TOPOLOGY_NODE_BUILDERS[n.kind]!.configure(plan, topology, n);
  for (const n of topology.nodes.filter((x) => x.role === 'kind-node')) await runExecLines(n.name, n.name, n.exec);
}
