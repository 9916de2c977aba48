/**
 * dns pods: the cluster DNS server (unbound standing in for CoreDNS), configured from the Services and their
 * endpoints; the pod itself resolves through the upstream stand-in, as CoreDNS forwards to the node's resolver.
 */
import type { PlannedPod } from '../plan.ts';
import { clusterDnsConfig, UPSTREAM_ADDRESS } from '../dns/index.ts';
import { clusterDnsFor, dnsPodDirs, plannedEndpoints, writeFilesScript } from '../dataplane/clusterDns.ts';
import type { PodProcessKind } from './kind.ts';
import { netnsName, POD_CONF_DIR, POD_RUN_DIR, podRunDir } from './paths.ts';
import { resolvConfFile } from './resolvConf.ts';

/** Where a cluster DNS pod keeps its configuration and its pid and log files. */
export function dnsDirs(pod: PlannedPod): { confDir: string; runDir: string } {
  return dnsPodDirs(pod, POD_CONF_DIR, POD_RUN_DIR);
}

/** The start and stop commands of a DNS pod's servers (they do not depend on the records). */
function serverCommands(pod: PlannedPod) {
  const exec = ['ip', 'netns', 'exec', netnsName(pod)];
  return clusterDnsConfig({
    domain: 'cluster.local',
    ttl: 30,
    podIp: pod.ip,
    ...dnsDirs(pod),
    exec,
    services: [],
    pods: [],
  });
}

export const dnsProcess: PodProcessKind = {
  name: 'dns',
  images: [{ image: /(^|\/)coredns$/ }],
  servesClusterDns: true,
  filesScript: (plan, pod) =>
    [
      `echo 'nameserver ${UPSTREAM_ADDRESS}' > ${resolvConfFile(pod)}`,
      writeFilesScript(clusterDnsFor(plan, pod, dnsDirs(pod), plannedEndpoints(plan))),
    ].join('\n'),
  // the DNS server's pid is the pod's: a dead server is a pod that is not Ready
  startCommand: (pod) => `${serverCommands(pod).startCommand} && ln -sf unbound.pid ${podRunDir(pod)}/main.pid`,
};
