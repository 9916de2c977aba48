/**
 * A `linux` node (a router, a client host): a container of the twin's image named and labelled as containerlab
 * does, configured by its own exec lines (addresses, routes, bridges, tc) once its links exist. The lab's image
 * (netshoot and the like) is not pulled: the twin's Debian image has iproute2, tc, ping and tcpdump.
 */
import type { TopologyNodeBuilder } from './builders.ts';
import { clabContainerName, createClabContainer } from './containers.ts';
import { runExecLines } from './execLines.ts';

export const linuxBuilder: TopologyNodeBuilder = {
  kind: 'linux',
  async create(plan, topology, node, image) {
    await createClabContainer(plan, topology, node, image, ['--hostname', node.name]);
  },
  async configure(_plan, topology, node) {
    await runExecLines(clabContainerName(topology, node.name), node.name, node.exec);
  },
};
